"""A report's short Markdown summary: headline figures, then the first rows of each table, in the report's
language (numbers and dates as :mod:`reports.i18n` writes them).

Text is escaped for Markdown: ``<``, ``>`` and ``&`` become entities (no raw HTML survives a renderer) and
Markdown punctuation is backslash-escaped, so a typed ``[x](javascript:…)`` stays text.
"""

from __future__ import annotations

import datetime as dt
import re

from reports import i18n
from reports.model import Cell, Chart, Report, Table

ROWS = 5  # rows of each table in the summary
COLUMNS = 4


def md(text: object) -> str:
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = re.sub(r"([\\`*_\[\]|#])", r"\\\1", s)
    return " ".join(s.split())


def _cell(value: Cell, language: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return i18n.tr(language, "rep_yes" if value else "rep_no")
    if isinstance(value, int | float):
        return md(i18n.number(value, language))
    if isinstance(value, dt.date):
        return md(i18n.date(value, language))
    return md(value)


def _table(table: Table, language: str) -> list[str]:
    cols = table.columns[:COLUMNS]
    rows = i18n.tr(language, "rep_md_rows", n=len(table.rows))
    out = [f"### {md(table.title)}", "", f"_{md(table.as_of.text(language))}_ — {md(rows)}", ""]
    if not table.rows:
        return [*out, md(i18n.tr(language, "rep_none")), ""]
    out.append("| " + " | ".join(md(c) for c in cols) + " |")
    out.append("|" + "---|" * len(cols))
    for row in table.rows[:ROWS]:
        out.append("| " + " | ".join(_cell(v, language) for v in row[:COLUMNS]) + " |")
    if len(table.rows) > ROWS:
        more = md(i18n.tr(language, "rep_md_more", n=len(table.rows) - ROWS))
        out.append(f"| {more} |" + " |" * (len(cols) - 1))
    return [*out, ""]


def render_md(report: Report) -> str:
    lang = report.language
    made = i18n.tr(lang, "rep_made_for", audience=report.audience)
    generated = i18n.tr(lang, "rep_generated", when=i18n.date(report.generated, lang))
    lines = [
        f"# {md(report.title)}",
        "",
        f"{md(made)}; {md(generated)}.  ",
        md(report.as_of.text(lang)),
        "",
        f"## {md(i18n.tr(lang, 'rep_md_figures'))}",
        "",
    ]
    lines += [
        f"- **{md(f.label)}**: {_cell(f.value, lang)} _({md(f.as_of.text(lang))})_" for f in report.figures
    ]
    lines.append("")
    for section in report.sections:
        lines += [f"## {md(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Chart):
                chart = i18n.tr(lang, "rep_md_chart", title=block.title)
                lines += [f"- {md(chart)} _({md(block.as_of.text(lang))})_", ""]
            else:
                lines += _table(block, lang)
    lines.append(md(i18n.tr(lang, "rep_md_footer")))
    return "\n".join(lines) + "\n"
