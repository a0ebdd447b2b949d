"""A report as data: headline figures, tables and charts, each stating the date of the data behind it.

Renderers (``render_html``, ``render_xlsx``, ``render_md``) only lay this out; every number is computed by a
builder before rendering, so tests check the model and the files against the same values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from reports import i18n

Cell = str | int | float | date | None  # a date is formatted in the reader's language by the renderers


@dataclass(frozen=True)
class AsOf:
    """The date of the data a figure, table or chart was computed from, and what that date is."""

    date: str  # ISO date, or "" when no source was read
    basis: str  # e.g. "latest ingest (Document.ingested_at) of the staff register", in the report's language

    def stamp(self, language: str) -> str:
        """The "Data as of DATE" words in ``language``."""
        shown = i18n.date(self.date, language) or i18n.tr(language, "rep_na")
        return i18n.tr(language, "rep_data_as_of", date=shown)

    def text(self, language: str = "en") -> str:
        return f"{self.stamp(language)} — {self.basis}"


@dataclass
class Figure:
    """A headline number."""

    label: str
    value: Cell
    as_of: AsOf


@dataclass
class Table:
    """One table; ``key`` names its XLSX sheet."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    as_of: AsOf
    note: str = ""

    def column(self, name: str) -> list[Cell]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass
class Heatmap:
    rows: list[str]
    cols: list[str]
    values: list[list[float | None]]  # rows × cols; None = empty cell
    legend: dict[float, str] = field(default_factory=dict)  # value → label (discrete scales)
    tips: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) → hover text
    row_groups: list[str] = field(default_factory=list)  # optional label per row (a unit, a strategy)
    col_groups: list[str] = field(default_factory=list)
    value_label: str = ""


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Bars:
    categories: list[str]
    series: list[Series]
    stacked: bool = False
    value_label: str = ""


@dataclass
class GanttItem:
    label: str
    start: date
    end: date
    group: str  # colour key (a status)


@dataclass
class Gantt:
    items: list[GanttItem]
    today: date | None = None


@dataclass
class Lines:
    x: list[str]  # ordered x labels (months)
    series: list[Series]
    value_label: str = ""


ChartSpec = Heatmap | Bars | Gantt | Lines


@dataclass
class Chart:
    key: str
    title: str
    spec: ChartSpec
    as_of: AsOf
    caption: str = ""

    @property
    def kind(self) -> Literal["heatmap", "bars", "gantt", "lines"]:
        return {Heatmap: "heatmap", Bars: "bars", Gantt: "gantt", Lines: "lines"}[type(self.spec)]  # type: ignore[return-value]


Block = Table | Chart


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    intro: str = ""


@dataclass
class Report:
    """One report for one viewer."""

    name: str  # expertise | portfolio | alignment | learning | brief
    title: str
    audience: str  # who it was built for (shown on the report)
    generated: str  # ISO timestamp (UTC)
    as_of: AsOf  # the newest data the whole report rests on
    figures: list[Figure] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # limitations, method notes
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # builder results reused by the brief
    language: str = "en"  # every label above is in this language (core/messages.py); data is not translated

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def table(self, key: str) -> Table:
        for t in self.tables():
            if t.key == key:
                return t
        raise KeyError(key)

    def chart(self, key: str) -> Chart:
        for c in self.charts():
            if c.key == key:
                return c
        raise KeyError(key)

    def figure(self, label: str) -> Figure:
        for f in self.figures:
            if f.label == label:
                return f
        raise KeyError(label)
