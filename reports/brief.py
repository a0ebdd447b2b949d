"""(f) The mission brief: two pages with the headline figures and charts of the four other reports."""

from __future__ import annotations

from dataclasses import replace

from reports.model import AsOf, Bars, Chart, Figure, Report, Section, Series, Table


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
    figures: list[Figure] = [f for r in (portfolio, expertise, alignment, learning) for f in r.figures]
    sections = [
        Section(
            "Portfolio",
            [portfolio.chart("timeline"), portfolio.table("by_status")],
            intro="Projects with digital components, their status, budget and timeline.",
        ),
        Section(
            "Expertise",
            [
                _top(
                    expertise.chart("coverage_by_level"), 12, "People per area, by level (12 largest areas)"
                ),
                _head(
                    expertise.table("single_points"),
                    ["Area", "Who"],
                    10,
                    "brief_single_points",
                    "Single points of failure (first 10)",
                ),
            ],  # fmt: skip
        ),
        Section(
            "Alignment and entry points",
            [
                alignment.chart("alignment_heatmap"),
                _head(
                    alignment.table("entry_points"),
                    ["Priority", "Partners the strategy names", "People whose expertise fits"],
                    5,
                    "brief_entry_points",
                    "Entry points (first 5)",
                ),
            ],  # fmt: skip
        ),
        Section(
            "Learning needs",
            [
                _top(learning.chart("demand_vs_supply"), 8, "Demand vs supply (8 largest learning topics)"),
                _head(
                    learning.table("topics"),
                    ["Topic", "Demand", "People with a fitting area"],
                    6,
                    "brief_topics",
                    "Top learning topics",
                ),
            ],  # fmt: skip
        ),
    ]
    newest = max(r.as_of.date for r in (expertise, portfolio, alignment, learning))
    as_of = AsOf(newest, "the newest data of the four reports it combines (each block states its own)")
    return Report(
        name="brief",
        title="Digital Transformation Mission brief",
        audience=portfolio.audience,
        generated="",
        as_of=as_of,
        figures=figures,
        sections=sections,
        notes=[
            "Each figure, chart and table states the date of its own data; details in the four full reports."
        ],
    )
