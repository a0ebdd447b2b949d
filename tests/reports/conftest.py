"""Fixtures of the report tests: every report built once over the ingested sample (read-only home), the
files written to a temporary folder, and the sample's registers read straight from their CSV files so the
tests compute the expected numbers independently of the code under test."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reports.model import Report
from tests.conftest import REPO, SAMPLE

QUESTIONS = REPO / "data" / "fixtures" / "bot_history.jsonl"
OWN_QUESTIONS = REPO / "tests" / "data" / "report_questions.jsonl"


def questions_file() -> Path:
    """The shared fixture of bot questions, or this suite's own small one when it is absent."""
    return QUESTIONS if QUESTIONS.exists() else OWN_QUESTIONS


def split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split(";") if x.strip()]


def norm(text: str) -> str:
    """Spelling-free form, as the reports document it: case-folded words only."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


@dataclass
class SampleRegisters:
    staff: list[dict[str, str]]
    projects: list[dict[str, str]]

    def expertise(self) -> list[tuple[dict[str, str], str, str]]:
        """(row, tag, level) for every register expertise item."""
        out = []
        for row in self.staff:
            for item in split(row.get("expertise")):
                tag, _, level = item.rpartition(":")
                out.append((row, tag.strip(), level.strip().lower()))
        return out

    def area_of(self, label: str) -> str:
        """The register tag a label names: the same words, or one ``/``-separated part of the tag."""
        for _, tag, _ in self.expertise():
            parts = {norm(p) for p in tag.split("/")} | {norm(tag)}
            if norm(label) in parts:
                return tag
        return label

    def name_of(self, email: str) -> str:
        return next(r["name"] for r in self.staff if r["email"].lower() == email.lower())


@pytest.fixture(scope="session")
def registers() -> SampleRegisters:
    def read(name: str) -> list[dict[str, str]]:
        with (SAMPLE / "registers" / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    return SampleRegisters(read("staff_expertise.csv"), read("project_portfolio.csv"))


@dataclass
class Built:
    reports: dict[str, Report]
    files: Path


@pytest.fixture(scope="session")
def built(sample_engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:  # type: ignore[no-untyped-def]
    """Every report as the operator at the terminal sees the sample, built once; files in a temp folder."""
    from reports.office import load_office
    from reports.service import REPORTS, Builder, write_report

    out = tmp_path_factory.mktemp("reports")
    builder = Builder(load_office(sample_engine, None), questions_file())
    reports = {name: builder.build(name) for name in REPORTS}
    for report in reports.values():
        write_report(report, out)
    print("report build seconds:", {k: round(v, 2) for k, v in builder.seconds.items()})
    yield Built(reports, out)
