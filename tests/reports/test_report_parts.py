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


# needed areas: matched by words, or by meaning across languages (reports/needs.py) -----------------------
RU_TAGS = {  # Russian renderings of the sample's register tags, as staff might declare them in /profile
    "системы раннего оповещения": "early warning systems", "избирательные технологии": "election technology",
    "кибербезопасность": "cybersecurity", "открытые данные": "open data", "блокчейн": "blockchain",
    "этика искусственного интеллекта": "AI ethics", "тестирование API": "API testing",
    "ГИС и дистанционное зондирование": "GIS / remote sensing", "мониторинг и оценка": "M&E",
    "дизайн услуг": "UX / service design", "защита персональных данных": "data protection",
    "наука о данных": "data science", "цифровое здравоохранение": "digital health",
    "электронное правительство": "e-governance", "электронные закупки": "e-procurement",
    "финтех и цифровые платежи": "fintech / digital payments", "развитие парламента": "parliamentary development",
    "управление программами": "programme management", "исследование пользователей": "user research",
}  # fmt: skip


def _needs(*names: str) -> list:  # type: ignore[type-arg]
    from reports.needs import Need

    return [Need(n) for n in names]


def test_needed_areas_are_covered_by_meaning_across_languages(sample_engine) -> None:  # type: ignore[no-untyped-def]
    """With only Russian area labels held, English needs that mean one of them ("early warning systems",
    "election technology", "cybersecurity", "open data") are covered by meaning, nearest to the right
    label; needs nobody's area means ("Digital agriculture and pasture management", "land administration")
    stay uncovered — at the configured z-score, with no word in common."""
    from reports.needs import match

    held = {label: label for label in RU_TAGS}
    index = AreaIndex(list(held))
    min_z = sample_engine.kb.settings.reports.need_match_z
    covered = ("early warning systems", "election technology", "cybersecurity", "open data")
    needs = match(_needs(*covered, "Digital agriculture and pasture management", "land administration"),
                  held, areas=index, embedder=sample_engine.kb.embedder, min_z=min_z)  # fmt: skip
    got = {n.area: (n.fits, n.covered, RU_TAGS.get(n.closest)) for n in needs}
    for area in covered:
        assert got[area] == ([], True, area), (area, got[area])
    assert not got["Digital agriculture and pasture management"][1]
    assert not got["land administration"][1]
    assert all(n.closest_z is not None and (n.closest_z >= min_z) == n.covered for n in needs)


def test_needed_areas_by_words_and_with_too_few_labels_for_meaning(sample_engine) -> None:  # type: ignore[no-untyped-def]
    """A need sharing a distinctive word with a held area, or being the same area in another spelling, is
    covered by words (and not embedded); with fewer held labels than reports.needs.MIN_LABELS similarity
    statistics mean nothing, so only words count."""
    from reports.needs import MIN_LABELS, match

    held = {tag: tag for tag in REGISTER_TAGS}
    index = AreaIndex([*REGISTER_TAGS, "GIS"])
    needs = match(_needs("Cybersecurity and data protection", "GIS", "air quality"), held, areas=index,
                  embedder=sample_engine.kb.embedder, min_z=2.4)  # fmt: skip
    assert [(n.fits, n.closest_z is None) for n in needs[:2]] == [(["cybersecurity"], True),
                                                                  (["GIS / remote sensing"], True)]  # fmt: skip
    assert needs[2].fits == [] and needs[2].closest_z is not None
    few = {tag: tag for tag in REGISTER_TAGS[: MIN_LABELS - 1]}
    needs = match(_needs("geographic information systems"), few, areas=AreaIndex(list(few)),
                  embedder=sample_engine.kb.embedder, min_z=0.0)  # fmt: skip
    assert needs[0].closest_z is None and not needs[0].covered


def test_candidates_are_themes_and_priorities_once_each() -> None:
    """Candidates are the projects' thematic areas and the strategy priorities, never a digital component
    (a deliverable, not an area of expertise); one named twice (a theme and a priority spelled alike) is one candidate named by both."""
    from records.models import Project
    from reports.needs import candidates
    from reports.priorities import Priority

    projects = [
        Project(code="P-1", title="A", digital_components=["SMS alerts"], thematic_areas=["Digital public infrastructure"]),
        Project(code="P-2", title="B", digital_components=["sms  alerts"], thematic_areas=["GIS"]),
    ]  # fmt: skip
    prio = Priority("Strategy X", "Strategy X > Priority 2: Digital public infrastructure", "d1")
    index = AreaIndex(["GIS / remote sensing", "GIS", "Digital public infrastructure"])
    got = {n.area: (n.kinds, n.where) for n in candidates(projects, [prio], index)}
    assert got == {
        "Digital public infrastructure": (["theme", "priority"], ["P-1", "Strategy X"]),
        "GIS / remote sensing": (["theme"], ["P-2"]),
    }


@pytest.mark.parametrize(
    ("lang", "number", "short", "date", "stamp"),
    [
        ("en", "1,234,567.50", "2.5", "2026-12-03", "2026-12-03 07:42"),
        ("ru", "1\u00a0234\u00a0567,50", "2,5", "03.12.2026", "03.12.2026 07:42"),
        ("ky", "1\u00a0234\u00a0567,50", "2,5", "03.12.2026", "03.12.2026 07:42"),
    ],
)
def test_numbers_and_dates_in_each_language(
    lang: str, number: str, short: str, date: str, stamp: str
) -> None:
    """Numbers are grouped with commas in English and no-break spaces (decimal comma) in Russian and
    Kyrgyz; dates are ISO in English, DD.MM.YYYY otherwise; text that is not a date is left alone; an
    unknown language is refused."""
    from reports import i18n

    assert i18n.number(1234567.5, lang) == number
    assert i18n.number(1234567, lang) == number.rsplit("." if lang == "en" else ",", 1)[0]
    assert i18n.short_number(2.5, lang) == short and i18n.short_number(3.0, lang) == "3"
    assert i18n.date("2026-12-03", lang) == i18n.date(dt.date(2026, 12, 3), lang) == date
    assert i18n.date("2026-12-03 07:42", lang) == stamp
    assert i18n.date("ongoing", lang) == "ongoing" and i18n.as_date("ongoing") == "ongoing"
    with pytest.raises(ValueError, match="unknown report language"):
        i18n.check("de")
