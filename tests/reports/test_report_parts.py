"""The reports' parts on their own: areas merged across spellings and scripts, topic clustering, the
organisation names a priority's text gives, the questions file, the renderers' escaping, the charts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from core.errors import ParseError
from reports import charts
from reports.areas import AreaIndex, key
from reports.model import (
    AsOf,
    Bars,
    Chart,
    ChartSpec,
    Gantt,
    GanttItem,
    Heatmap,
    Lines,
    Report,
    Section,
    Series,
    Table,
)
from reports.priorities import organisations_named
from reports.questions import from_jsonl
from reports.render_html import render_html
from reports.render_md import md
from reports.render_xlsx import neutralise
from reports.topics import cluster

REGISTER_TAGS = ["GIS / remote sensing", "cybersecurity", "open data", "e-governance", "data science",
                 "digital health", "fintech / digital payments", "UX / service design", "blockchain", "M&E"]  # fmt: skip


def test_area_keys_ignore_case_punctuation_and_script() -> None:
    """A label's key drops case and punctuation and transliterates Cyrillic, so spellings meet."""
    assert key(" E-Governance ") == key("e governance") == "e governance"
    assert key("ГИС") == "gis"


def test_areas_merge_spellings_parts_and_translations_but_not_neighbours(sample_engine) -> None:  # type: ignore[no-untyped-def]
    """«ГИС», "GIS" and "gis / remote sensing" are the register's "GIS / remote sensing"; "fintech" is one
    part of "fintech / digital payments"; «кибербезопасность» and «открытые данные» join their English
    areas through the embedder; «машинное обучение», which no register tag means, stays its own area."""
    labels = [
        *REGISTER_TAGS,
        "ГИС",
        "GIS",
        "Fintech",
        "кибербезопасность",
        "открытые данные",
        "машинное обучение",
    ]
    weights = {tag: 3 for tag in REGISTER_TAGS}
    index = AreaIndex(labels, embedder=sample_engine.kb.embedder, weights=weights)  # type: ignore[arg-type]
    assert index.canonical("ГИС") == index.canonical("GIS") == "GIS / remote sensing"
    assert index.canonical("Fintech") == "fintech / digital payments"
    assert index.canonical("кибербезопасность") == "cybersecurity"
    assert index.canonical("открытые данные") == "open data"
    assert index.canonical("машинное обучение") == "машинное обучение"
    assert index.canonical("data science") == "data science"  # never merged with "open data"
    assert index.fit("Cybersecurity and data protection", REGISTER_TAGS) == ["cybersecurity"]
    assert index.fit("Priority 3: Connectivity", REGISTER_TAGS) == []


def test_cluster_groups_close_vectors_and_keeps_outliers_apart() -> None:
    """Two tight bundles of vectors and one stray become three groups; identical input gives one group
    per distinct direction; one vector is one group."""
    rng = np.random.default_rng(0)
    a, b, c = np.eye(8)[0], np.eye(8)[1], np.eye(8)[2]
    vecs = np.stack([a + 0.05 * rng.standard_normal(8) for _ in range(4)]
                    + [b + 0.05 * rng.standard_normal(8) for _ in range(3)] + [c])  # fmt: skip
    assert cluster(vecs, merge_z=1.0) == [[0, 1, 2, 3], [4, 5, 6], [7]]
    assert cluster(vecs[:1], merge_z=1.0) == [[0]]
    assert cluster(np.zeros((0, 8)), merge_z=1.0) == []


def test_organisations_named_are_portfolio_partners_and_capitalised_organisations() -> None:
    """A priority's text names the portfolio partners it mentions (in any written form) and capitalised
    organisation names; other capitalised phrases are not organisations."""
    text = ("Work with the Jogorku Kenesh and SDC, and with the National Commission on the State Language. "
            "Digital Kyrgyzstan says the Taza Koom vision matters.")  # fmt: skip
    known = ["Jogorku Kenesh (Parliament)", "Switzerland (SDC)", "Ministry of Health"]
    assert organisations_named(text, known) == [
        "Jogorku Kenesh (Parliament)",
        "Switzerland (SDC)",
        "National Commission on the State Language",
    ]


def test_questions_file_is_read_and_a_bad_line_is_reported(tmp_path: Path) -> None:
    """The JSONL fixture format is read (unmet = "I don't know" or 👎); a bad line is a ParseError naming it."""
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"question": "A?", "language": "en", "answerable": false, "feedback": null, "created_at": "2026-01-02"}\n'
        "\n"
        '{"question": "B?", "answerable": true, "feedback": -1, "created_at": "2026-02-03", "user": "X"}\n'
        '{"question": "C?", "answerable": true, "feedback": 1, "created_at": "2026-02-04"}\n',
        encoding="utf-8",
    )
    got = from_jsonl(path)
    assert [(q.question, q.unmet, q.date) for q in got] == [
        ("A?", True, "2026-01-02"), ("B?", True, "2026-02-03"), ("C?", False, "2026-02-04")
    ]  # fmt: skip
    for bad in ('{"question": ""}', '{"question": "x", "answerable": "no", "created_at": "2026-01-01"}',
                '{"question": "x", "created_at": "yesterday"}', "[1]"):  # fmt: skip
        path.write_text('{"question": "ok", "created_at": "2026-01-01"}\n' + bad + "\n", encoding="utf-8")
        with pytest.raises(ParseError, match="q.jsonl line 2"):
            from_jsonl(path)
    with pytest.raises(ParseError, match="cannot read"):
        from_jsonl(tmp_path / "absent.jsonl")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+7 700", "'+7 700"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (-5, -5),
        (1.5, 1.5),
        (None, None),
        ("a\x00b", "ab"),
    ],  # fmt: skip
)
def test_xlsx_cells_starting_like_a_formula_are_neutralised(value: object, expected: object) -> None:
    """Text starting with = + - @ (or a tab) gets a leading apostrophe; numbers stay numbers; characters
    XLSX cannot hold are dropped."""
    assert neutralise(value) == expected  # type: ignore[arg-type]


def test_markdown_escapes_markup_and_link_syntax() -> None:
    """Typed text cannot become HTML, a link or a table cell break in the Markdown summary."""
    out = md("<script>x</script> [click](javascript:alert(1)) a|b")
    assert "<" not in out and "&lt;script&gt;" in out
    assert "\\[click\\]" in out and "a\\|b" in out


def test_charts_escape_labels_and_draw_empty_inputs() -> None:
    """Every chart kind escapes its labels and tooltips and still draws a sized <svg> from empty data."""
    as_of = AsOf("2026-01-01", "test")
    evil = "<b>x</b>&"
    specs: list[ChartSpec] = [
        Heatmap([evil], [evil], [[1.0]], tips={(0, 0): evil}, row_groups=[evil]),
        Bars([evil], [Series(evil, [2.0])], stacked=True),
        Gantt([GanttItem(evil, dt.date(2024, 1, 1), dt.date(2025, 1, 1), evil)], today=dt.date(2024, 6, 1)),
        Lines(["2026-01", "2026-02"], [Series(evil, [1.0, 3.0])]),
        Heatmap([], [], []), Bars([], []), Gantt([]), Lines([], []),
    ]  # fmt: skip
    for spec in specs:
        svg = charts.render(Chart("c", evil, spec, as_of))
        assert svg.startswith("<svg") and 'width="' in svg and "<b>" not in svg
        if spec.__dict__.get("rows") or spec.__dict__.get("items") or spec.__dict__.get("categories"):
            assert "&lt;b&gt;x&lt;/b&gt;&amp;" in svg
    report = Report("expertise", evil, evil, "now", as_of,
                    sections=[Section(evil, [Table("t", evil, [evil], [[evil]], as_of)])])  # fmt: skip
    assert "<b>" not in render_html(report)


def test_questions_from_the_bot_log_with_feedback_and_legacy_rows(tmp_path: Path) -> None:
    """The bot's log gives the learning report its questions: "I don't know" answers (recorded, or for rows
    logged before ``answerable`` existed, recognised by the catalogue's sentence in any language) and 👎
    answers are unmet; failed exchanges are left out."""
    from sqlmodel import Session

    from core.messages import t
    from records import bot_crud
    from records.db import make_engine
    from reports.questions import from_log

    sql = make_engine(f"sqlite:///{tmp_path / 'bot.sqlite'}")
    base = {"user_id": 5, "chat_id": 5, "language": "en"}
    idk = bot_crud.log_exchange(sql, **base, question="Q1 idk", answer=t("en", "idk"), answerable=False)
    disliked = bot_crud.log_exchange(
        sql, **base, question="Q2 disliked", answer="An answer.", answerable=True
    )
    liked = bot_crud.log_exchange(sql, **base, question="Q3 liked", answer="An answer.", answerable=True)
    bot_crud.log_exchange(sql, **base, question="Q4 legacy", answer=t("ru", "idk") + " …", answerable=None)
    bot_crud.log_exchange(sql, **base, question="Q5 failed", error="BackendUnavailableError")
    bot_crud.record_feedback(sql, disliked, 5, -1)
    bot_crud.record_feedback(sql, liked, 5, 1)
    bot_crud.record_feedback(sql, idk, 6, 1)

    class Records:  # the one thing from_log reads of a knowledge base: its records session
        def session(self) -> Session:
            return Session(sql)

    got = {q.question: (q.unmet, q.answerable, q.feedback) for q in from_log(Records())}  # type: ignore[arg-type]
    assert got == {
        "Q1 idk": (True, False, 1),
        "Q2 disliked": (True, True, -1),
        "Q3 liked": (False, True, 1),
        "Q4 legacy": (True, False, None),
    }
    sql.dispose()
