"""The reports' entry for the edges: build reports for a viewer in their language (en, ru or ky), write
them as HTML, XLSX and Markdown."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from core.access import Viewer
from core.errors import UnknownReportError
from reports.alignment import build_alignment
from reports.brief import build_brief
from reports.expertise import build_expertise
from reports.learning import build_learning
from reports.model import Report
from reports.office import Office, load_office
from reports.portfolio import build_portfolio
from reports.priorities import Priority, strategy_priorities
from reports.questions import AskedQuestion, from_jsonl, from_log
from reports.render_html import render_html
from reports.render_md import render_md
from reports.render_xlsx import render_xlsx
from retrieval.engine import Engine

REPORTS = ("expertise", "portfolio", "alignment", "learning", "brief")
NAMES = (*REPORTS, "all")
FORMATS = ("html", "xlsx", "md")


def names_for(name: str) -> list[str]:
    """The reports ``name`` stands for (``all`` → every report); unknown names are refused."""
    name = name.strip().lower()
    if name == "all":
        return list(REPORTS)
    if name not in REPORTS:
        raise UnknownReportError(f"unknown report {name!r}: use one of {', '.join(NAMES)}")
    return [name]


@dataclass
class Builder:
    """Builds reports for one viewer, each at most once (the brief reuses the four others)."""

    office: Office
    questions_file: Path | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    _built: dict[str, Report] = field(default_factory=dict)
    _priorities: list[Priority] | None = None

    def priorities(self) -> list[Priority]:
        if self._priorities is None:
            self._priorities = strategy_priorities(self.office.kb)
        return self._priorities

    def questions(self) -> tuple[list[AskedQuestion] | None, str]:
        if not self.office.reads_staff_data:
            return None, self.office.tr("rep_questions_none")
        if self.questions_file is not None:
            return from_jsonl(self.questions_file), self.questions_file.name
        return from_log(self.office.kb), self.office.tr("rep_questions_log")

    def build(self, name: str) -> Report:
        if name in self._built:
            return self._built[name]
        started = time.perf_counter()
        makers: dict[str, Callable[[], Report]] = {
            "expertise": lambda: build_expertise(self.office, self.priorities()),
            "portfolio": lambda: build_portfolio(self.office),
            "alignment": lambda: build_alignment(self.office, self.priorities()),
            "learning": lambda: build_learning(self.office, *self.questions()),
            "brief": lambda: build_brief(*(self.build(n) for n in REPORTS[:4])),
        }
        report = makers[name]()
        report.generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
        self.seconds[name] = time.perf_counter() - started
        self._built[name] = report
        return report


def build_reports(
    engine: Engine,
    name: str,
    *,
    viewer: Viewer | None,
    questions_file: Path | None = None,
    language: str = "en",
) -> list[Report]:
    """The report(s) ``name`` for ``viewer`` (None: the operator at the terminal, who reads everything),
    labelled in ``language`` (en, ru or ky; data is not translated)."""
    names = names_for(name)
    builder = Builder(load_office(engine, viewer, language=language), questions_file)
    return [builder.build(n) for n in names]


def write_report(report: Report, out_dir: Path) -> list[Path]:
    """``out_dir/NAME.html``, ``.xlsx`` and ``.md``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt, data in (
        ("html", render_html(report).encode("utf-8")),
        ("xlsx", render_xlsx(report)),
        ("md", render_md(report).encode("utf-8")),
    ):
        path = out_dir / f"{report.name}.{fmt}"
        tmp = path.with_suffix(f".{fmt}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        paths.append(path)
    return paths


def make_reports(
    engine: Engine,
    name: str,
    out_dir: Path,
    *,
    viewer: Viewer | None,
    questions_file: Path | None = None,
    language: str = "en",
) -> list[Path]:
    """Build and write the report(s) ``name`` in ``language``; returns the files written."""
    paths: list[Path] = []
    reports = build_reports(engine, name, viewer=viewer, questions_file=questions_file, language=language)
    for report in reports:
        paths += write_report(report, out_dir)
    return paths
