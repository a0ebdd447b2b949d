"""(f) The mission brief: two pages with the headline figures and charts of the four other reports."""

from __future__ import annotations

from dataclasses import replace

from reports import i18n
from reports.model import AsOf, Bars, Chart, Figure, Report, Section, Series, Table

# entry points shown: with 5 (their partners and people run long) the Russian and Kyrgyz briefs printed on
# three A4 pages (tests/reports/test_report_browser.py prints them in all three languages)
ENTRY_POINTS = 3


def _head(table: Table, columns: list[str], rows: int, key: str, title: str) -> Table:
    """The first ``rows`` rows of ``table``, only ``columns``."""
    idx = [table.columns.index(c) for c in columns]
    return Table(
        key, title, columns, [[r[i] for i in idx] for r in table.rows[:rows]], table.as_of, table.note
    )


def _top(chart: Chart, n: int, title: str) -> Chart:
    """A bar chart cut to its first ``n`` categories (the builders sort them by size)."""
    spec = chart.spec
    assert isinstance(spec, Bars)
    cut = Bars(
        spec.categories[:n],
        [Series(s.name, s.values[:n]) for s in spec.series],
        spec.stacked,
        spec.value_label,
    )
    return replace(chart, key=f"brief_{chart.key}", title=title, spec=cut)


def build_brief(expertise: Report, portfolio: Report, alignment: Report, learning: Report) -> Report:
    """The brief, in the language of the four reports it combines."""
    lang = portfolio.language

    def tr(key: str, **fmt: object) -> str:
        return i18n.tr(lang, key, **fmt)

    figures: list[Figure] = [f for r in (portfolio, expertise, alignment, learning) for f in r.figures]
    sections = [
        Section(
            tr("rep_sec_portfolio"),
            [portfolio.chart("timeline"), portfolio.table("by_status")],
            intro=tr("rep_br_portfolio_intro"),
        ),
        Section(
            tr("rep_sec_expertise"),
            [
                _top(expertise.chart("coverage_by_level"), 12, tr("rep_br_coverage", n=12)),
                _head(
                    expertise.table("single_points"),
                    [tr("rep_col_area"), tr("rep_col_who")],
                    10,
                    "brief_single_points",
                    tr("rep_br_spof", n=10),
                ),
            ],
        ),
        Section(
            tr("rep_sec_alignment_entries"),
            [
                alignment.chart("alignment_heatmap"),
                _head(
                    alignment.table("entry_points"),
                    [tr("rep_col_priority"), tr("rep_col_partners_named"), tr("rep_col_people_fit")],
                    ENTRY_POINTS,
                    "brief_entry_points",
                    tr("rep_br_entries", n=ENTRY_POINTS),
                ),
            ],
        ),
        Section(
            tr("rep_title_learning"),
            [
                _top(learning.chart("demand_vs_supply"), 8, tr("rep_br_demand", n=8)),
                _head(
                    learning.table("topics"),
                    [tr("rep_col_topic"), tr("rep_col_demand"), tr("rep_col_supply")],
                    6,
                    "brief_topics",
                    tr("rep_br_topics"),
                ),
            ],
        ),
    ]
    newest = max(r.as_of.date for r in (expertise, portfolio, alignment, learning))
    as_of = AsOf(newest, tr("rep_basis_brief"))
    return Report(
        name="brief",
        title=tr("rep_title_brief"),
        audience=portfolio.audience,
        generated="",
        as_of=as_of,
        figures=figures,
        sections=sections,
        notes=[tr("rep_br_note")],
        language=lang,
    )
