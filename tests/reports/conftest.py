"""Fixtures of the report tests: every report built once per language (en, ru, ky) over the ingested sample
(read-only home), the files written to a temporary folder, and the sample's registers read straight from
their CSV files so the tests compute the expected numbers independently of the code under test."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.messages import LANGUAGES, t
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
    lang: str = "en"

    def tr(self, key: str, **fmt: object) -> str:
        """The catalogue text the reports of this language use for ``key``."""
        return t(self.lang, key, **fmt)


@pytest.fixture(scope="session")
def office(sample_engine):  # type: ignore[no-untyped-def]
    """What the operator at the terminal may read of the sample, read once for every language."""
    from reports.office import load_office

    return load_office(sample_engine, None)


def build_all(office, lang: str, out: Path) -> Built:  # type: ignore[no-untyped-def]
    from reports.service import REPORTS, Builder, write_report

    builder = Builder(office.in_language(lang), questions_file())
    reports = {name: builder.build(name) for name in REPORTS}
    for report in reports.values():
        write_report(report, out)
    print(f"report build seconds ({lang}):", {k: round(v, 2) for k, v in builder.seconds.items()})
    return Built(reports, out, lang)


@pytest.fixture(scope="session")
def built_en(office, tmp_path_factory: pytest.TempPathFactory) -> Built:  # type: ignore[no-untyped-def]
    """Every report in English, built once; files in a temp folder."""
    return build_all(office, "en", tmp_path_factory.mktemp("reports-en"))


@pytest.fixture(scope="session", params=LANGUAGES)
def built(request, built_en: Built, office, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:  # type: ignore[no-untyped-def]
    """Every report as the operator at the terminal sees the sample, in each language in turn (the same
    numbers must come out in all three), built once per language; files in a temp folder."""
    lang = request.param
    yield built_en if lang == "en" else build_all(office, lang, tmp_path_factory.mktemp(f"reports-{lang}"))
