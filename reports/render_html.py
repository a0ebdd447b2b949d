"""A report as ONE self-contained HTML file: inline CSS, charts as inline SVG, no script, no network.

Every text is escaped (people's typed areas, interests and questions are data, never markup), and a
Content-Security-Policy forbids scripts and any remote resource as a second line of defence.
"""

from __future__ import annotations

from html import escape

from reports import charts
from reports.model import AsOf, Cell, Chart, Report, Table

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:24px auto;max-width:1180px;
 color:#1b1b1b;padding:0 16px;line-height:1.4}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #0072B2;padding-bottom:3px;margin-top:28px}
h3{font-size:15px;margin:18px 0 4px}.meta{color:#555;font-size:13px}
.asof{color:#555;font-size:12px;margin:2px 0 6px}.note{color:#555;font-size:12px;font-style:italic}
.figures{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.figure{border:1px solid #d7dde5;border-radius:6px;padding:8px 12px;min-width:150px;flex:1 1 150px}
.figure .value{font-size:22px;font-weight:bold;color:#0072B2}.figure .label{font-size:13px}
.figure .asof{font-size:11px}
figure{margin:12px 0;overflow-x:auto}figcaption{font-weight:bold;font-size:15px;margin-bottom:4px}
svg.chart{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;font-size:12px;margin:4px 0 8px;width:100%}
th,td{border:1px solid #d7dde5;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#eef3f8}td.num{text-align:right;white-space:nowrap}
.wrap{overflow-x:auto}ul.notes{font-size:12px;color:#555}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,.table{break-inside:avoid}}
"""
BRIEF_CSS = """
@page{size:A4;margin:12mm}body{max-width:1000px;font-size:13px}
h2{margin-top:14px}.brief-page{break-after:page}
"""


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def cell(value: Cell) -> tuple[str, bool]:
    """(escaped display text, is it a number)."""
    if value is None or value == "":
        return "—", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, int):
        return f"{value:,}", True
    if isinstance(value, float):
        return (f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"), True
    return _t(value), False


def _as_of(as_of: AsOf) -> str:
    return f'<p class="asof">{_t(as_of.text())}</p>'


def table_html(table: Table) -> str:
    head = "".join(f"<th>{_t(c)}</th>" for c in table.columns)
    rows = []
    for row in table.rows:
        tds = []
        for value in row:
            text, num = cell(value)
            tds.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    body = "".join(rows) or f'<tr><td colspan="{len(table.columns)}">none</td></tr>'
    note = f'<p class="note">{_t(table.note)}</p>' if table.note else ""
    return (
        f'<div class="table" id="{_t(table.key)}"><h3>{_t(table.title)}</h3>{_as_of(table.as_of)}{note}'
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>'
    )


def chart_html(chart: Chart) -> str:
    caption = f'<p class="note">{_t(chart.caption)}</p>' if chart.caption else ""
    return (
        f'<figure id="{_t(chart.key)}" data-kind="{chart.kind}"><figcaption>{_t(chart.title)}</figcaption>'
        f"{_as_of(chart.as_of)}{charts.render(chart)}{caption}</figure>"
    )


def render_html(report: Report) -> str:
    figures = "".join(
        f'<div class="figure"><div class="value">{cell(f.value)[0]}</div><div class="label">{_t(f.label)}</div>'
        f'<div class="asof">{_t(f.as_of.text())}</div></div>'
        for f in report.figures
    )
    brief = report.name == "brief"
    parts = []
    for i, section in enumerate(report.sections):
        blocks = "".join(chart_html(b) if isinstance(b, Chart) else table_html(b) for b in section.blocks)
        intro = f"<p>{_t(section.intro)}</p>" if section.intro else ""
        page = ' class="brief-page"' if brief and i == 1 else ""
        parts.append(f"<section{page}><h2>{_t(section.title)}</h2>{intro}{blocks}</section>")
    notes = "".join(f"<li>{_t(n)}</li>" for n in report.notes)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_t(report.title)}</title><style>{CSS}{BRIEF_CSS if brief else ''}</style></head><body>"
        f"<header><h1>{_t(report.title)}</h1>"
        f'<p class="meta">Made for: {_t(report.audience)} · generated {_t(report.generated)} UTC · '
        f"{_t(report.as_of.text())}</p></header>"
        f'<div class="figures">{figures}</div>'
        + "".join(parts)
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</body></html>\n"
    )
