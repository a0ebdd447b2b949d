"""A report as ONE self-contained HTML file: inline CSS, charts as inline SVG, no script, no network.

Labels are in the report's language (``Report.language``, the page's ``lang``), numbers and dates written as
its readers write them (:mod:`reports.i18n`). Every text is escaped (people's typed areas, interests and questions are data, never markup), and a
Content-Security-Policy forbids scripts and any remote resource as a second line of defence.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from reports import charts, i18n
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
.wrap{overflow-x:auto}ul.notes{font-size:12px;color:#555}.dates{font-size:12px;color:#555}
sup a{color:#555;text-decoration:none}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,.table{break-inside:avoid}}
"""
BRIEF_CSS = """
@page{size:A4;margin:10mm}body{max-width:1000px;font-size:12px;margin:8px auto}
h1{font-size:20px}h2{font-size:15px;margin:8px 0 4px}h3{font-size:13px;margin:4px 0 2px}
.figures{gap:4px;margin:6px 0}.figure{flex:1 1 22%;min-width:0;padding:2px 6px;line-height:1.25}
.figure .value{font-size:15px;display:inline;margin-right:5px}.figure .label{font-size:10.5px;display:inline}
.figure .asof{font-size:9px;margin:0}
.blocks{display:grid;grid-template-columns:1fr 1fr;gap:4px 14px;align-items:start}
figure{margin:2px 0}figcaption{font-size:13px}svg.chart{max-height:250px;width:auto}
table{font-size:10px}th,td{padding:1px 4px}.asof{font-size:10px;margin:0 0 3px}
.note,.dates,ul.notes{font-size:9px}.dates h2{font-size:11px}.dates ol{margin:0;column-count:2}
"""


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def cell(value: Cell, language: str = "en") -> tuple[str, bool]:
    """(escaped display text, is it a number)."""
    if value is None or value == "":
        return "—", False
    if isinstance(value, bool):
        return i18n.tr(language, "rep_yes" if value else "rep_no"), False
    if isinstance(value, int | float):
        return _t(i18n.number(value, language)), True
    if isinstance(value, dt.date):
        return _t(i18n.date(value, language)), False
    return _t(value), False


class Dates:
    """The data dates of one page: each block shows its date and a numbered reference to what the date is
    (the list is printed at the end of the page), so repeated explanations do not crowd the page."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.bases: dict[str, int] = {}

    def ref(self, as_of: AsOf) -> str:
        """A combined basis ("a; b") refers to each of its parts."""
        refs = []
        for basis in dict.fromkeys(as_of.basis.split("; ")):
            n = self.bases.setdefault(basis, len(self.bases) + 1)
            refs.append(f'<a href="#date-{n}">[{n}]</a>')
        return f"{_t(as_of.stamp(self.language))} <sup>{''.join(refs)}</sup>"

    def block(self, as_of: AsOf) -> str:
        return f'<p class="asof">{self.ref(as_of)}</p>'

    def html(self) -> str:
        items = "".join(f'<li id="date-{n}">{_t(b)}</li>' for b, n in self.bases.items())
        heading = _t(i18n.tr(self.language, "rep_dates_heading"))
        return f'<section class="dates"><h2>{heading}</h2><ol>{items}</ol></section>'


def table_html(table: Table, dates: Dates) -> str:
    head = "".join(f"<th>{_t(c)}</th>" for c in table.columns)
    rows = []
    for row in table.rows:
        tds = []
        for value in row:
            text, num = cell(value, dates.language)
            tds.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    none = _t(i18n.tr(dates.language, "rep_none"))
    body = "".join(rows) or f'<tr><td colspan="{len(table.columns)}">{none}</td></tr>'
    note = f'<p class="note">{_t(table.note)}</p>' if table.note else ""
    return (
        f'<div class="table" id="{_t(table.key)}"><h3>{_t(table.title)}</h3>{dates.block(table.as_of)}{note}'
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>'
    )


def chart_html(chart: Chart, dates: Dates) -> str:
    caption = f'<p class="note">{_t(chart.caption)}</p>' if chart.caption else ""
    return (
        f'<figure id="{_t(chart.key)}" data-kind="{chart.kind}"><figcaption>{_t(chart.title)}</figcaption>'
        f"{dates.block(chart.as_of)}{charts.render(chart, dates.language)}{caption}</figure>"
    )


def render_html(report: Report) -> str:
    lang = report.language
    dates = Dates(lang)
    figures = "".join(
        f'<div class="figure"><div class="value">{cell(f.value, lang)[0]}</div><div class="label">{_t(f.label)}</div>'
        f'<div class="asof">{dates.ref(f.as_of)}</div></div>'
        for f in report.figures
    )
    brief = report.name == "brief"
    parts = []
    for i, section in enumerate(report.sections):
        blocks = "".join(
            chart_html(b, dates) if isinstance(b, Chart) else table_html(b, dates) for b in section.blocks
        )
        intro = f"<p>{_t(section.intro)}</p>" if section.intro else ""
        page = ' class="brief-page"' if brief and i == 1 else ""
        parts.append(
            f'<section{page}><h2>{_t(section.title)}</h2>{intro}<div class="blocks">{blocks}</div></section>'
        )
    notes = "".join(f"<li>{_t(n)}</li>" for n in report.notes)
    header = (
        f"<header><h1>{_t(report.title)}</h1>"
        f'<p class="meta">{_t(i18n.tr(lang, "rep_made_for", audience=report.audience))} · '
        f"{_t(i18n.tr(lang, 'rep_generated', when=i18n.date(report.generated, lang)))} · "
        f"{dates.ref(report.as_of)}</p></header>"
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_t(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_t(report.title)}</title><style>{CSS}{BRIEF_CSS if brief else ''}</style></head>"
        f'<body class="{_t(report.name)}">{header}'
        f'<div class="figures">{figures}</div>'
        + "".join(parts)
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + dates.html()
        + "</body></html>\n"
    )
