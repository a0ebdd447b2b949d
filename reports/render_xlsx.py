"""A report as an XLSX workbook: a ``summary`` sheet (headline figures) and one sheet per table.

Sheet layout: A1 the table's title, A2 the date of its data, A3 a note (or empty), row 4 the column
headers, data from row 5.

Spreadsheet formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
return) would be read as a formula by Excel or LibreOffice, so it is written with a leading apostrophe
(``'=HYPERLINK(…)``): the cell holds the visible text, never a formula. Numbers stay numbers; dates are
date cells shown as the report's readers write them. Labels are in the report's language; sheet names are
the tables' stable keys (``coverage``, ``projects``…), so scripts find them whatever the language.
"""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports import i18n
from reports.model import Cell, Report

HEADER_ROW = 4
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XLSX cannot hold


def neutralise(value: Cell) -> Cell:
    """``value`` safe to put in a spreadsheet cell (see the module docstring)."""
    if not isinstance(value, str):
        return value
    value = _ILLEGAL.sub("", value)
    return "'" + value if value.startswith(_DANGEROUS) else value


def _sheet_name(key: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "_", key)[:31] or "sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def render_xlsx(report: Report) -> bytes:
    lang = report.language
    date_format = i18n.xlsx_date_format(lang)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "summary"
    used = {"summary"}
    bold = Font(bold=True)
    ws.append([neutralise(report.title)])
    ws["A1"].font = Font(bold=True, size=14)
    made = i18n.tr(lang, "rep_made_for", audience=report.audience)
    generated = i18n.tr(lang, "rep_generated", when=i18n.date(report.generated, lang))
    ws.append([neutralise(f"{made}; {generated}")])
    ws.append([neutralise(report.as_of.text(lang))])
    ws.append([i18n.tr(lang, key) for key in ("rep_xlsx_figure", "rep_xlsx_value", "rep_xlsx_as_of")])
    for c in ws[HEADER_ROW]:
        c.font = bold
    for f in report.figures:
        ws.append([neutralise(f.label), neutralise(f.value), neutralise(f.as_of.text(lang))])
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["C"].width = 90
    for table in report.tables():
        sheet = wb.create_sheet(_sheet_name(table.key, used))
        sheet.append([neutralise(table.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([neutralise(table.as_of.text(lang))])
        sheet.append([neutralise(table.note)] if table.note else [])
        sheet.append([neutralise(c) for c in table.columns])
        for c in sheet[HEADER_ROW]:
            c.font = bold
        for row in table.rows:
            sheet.append([neutralise(v) for v in row])
            if any(isinstance(v, dt.date) for v in row):
                for c in sheet[sheet.max_row]:
                    if isinstance(c.value, dt.date):
                        c.number_format = date_format
        sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
        for j, name in enumerate(table.columns, 1):
            longest = max([len(str(name))] + [len(str(r[j - 1] or "")) for r in table.rows[:200]])
            sheet.column_dimensions[get_column_letter(j)].width = min(60, max(8, longest + 2))
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
