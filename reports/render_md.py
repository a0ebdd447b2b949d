"""A report's short Markdown summary: headline figures, then the first rows of each table.

Text is escaped for Markdown: ``<``, ``>`` and ``&`` become entities (no raw HTML survives a renderer) and
Markdown punctuation is backslash-escaped, so a typed ``[x](javascript:…)`` stays text.
"""

from __future__ import annotations

import re

from reports.model import Cell, Chart, Report, Table

ROWS = 5  # rows of each table in the summary
COLUMNS = 4


def md(text: object) -> str:
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = re.sub(r"([\\`*_\[\]|#])", r"\\\1", s)
    return " ".join(s.split())


def _cell(value: Cell) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return md(value)


def _table(table: Table) -> list[str]:
    cols = table.columns[:COLUMNS]
    out = [f"### {md(table.title)}", "", f"_{md(table.as_of.text())}_ — {len(table.rows)} row(s)", ""]
    if not table.rows:
        return [*out, "none", ""]
    out.append("| " + " | ".join(md(c) for c in cols) + " |")
    out.append("|" + "---|" * len(cols))
    for row in table.rows[:ROWS]:
        out.append("| " + " | ".join(_cell(v) for v in row[:COLUMNS]) + " |")
    if len(table.rows) > ROWS:
        out.append(f"| … {len(table.rows) - ROWS} more |" + " |" * (len(cols) - 1))
    return [*out, ""]


def render_md(report: Report) -> str:
    lines = [
        f"# {md(report.title)}",
        "",
        f"Made for: {md(report.audience)}; generated {md(report.generated)} UTC.  ",
        md(report.as_of.text()),
        "",
        "## Headline figures",
        "",
    ]
    lines += [f"- **{md(f.label)}**: {_cell(f.value)} _({md(f.as_of.text())})_" for f in report.figures]
    lines.append("")
    for section in report.sections:
        lines += [f"## {md(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Chart):
                lines += [f"- Chart: {md(block.title)} (in the HTML report) _({md(block.as_of.text())})_", ""]
            else:
                lines += _table(block)
    lines.append("Full tables: the XLSX workbook; charts: the HTML report.")
    return "\n".join(lines) + "\n"
