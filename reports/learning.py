"""(e) Learning needs: what staff want to learn (declared interests) and what they asked the bot but got
"I don't know" or 👎 on, grouped into topics by their embeddings, set against supply (people per area)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from reports.i18n import as_date
from reports.model import AsOf, Bars, Chart, Figure, Lines, Report, Section, Series, Table
from reports.office import Office
from reports.questions import AskedQuestion
from reports.topics import cluster, medoid

SENIOR = ("advanced", "expert")


@dataclass
class Demand:
    text: str
    kind: str  # interest | question
    date: str  # ISO date ("" when unknown)
    who: str = ""  # interests: the person's name (questions stay anonymous)
    unit: str = ""
    detail: str = ""  # interests: register / declared; questions: the reason (in the reader's language)


@dataclass
class Topic:
    label: str
    items: list[Demand] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # supply areas that fit the topic
    people: int = 0  # people holding any of those areas
    senior: int = 0  # … at advanced level or above

    def count(self, kind: str) -> int:
        return sum(1 for d in self.items if d.kind == kind)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def topics_of(office: Office, demand: list[Demand]) -> list[Topic]:
    """Demand items grouped into topics (distinct texts embedded once), with the supply that fits each."""
    texts = list(dict.fromkeys(_norm(d.text) for d in demand))
    if not texts:
        return []
    shown: dict[str, str] = {}
    for d in demand:  # a topic is labelled by an interest rather than a question when it has one
        k = _norm(d.text)
        if k not in shown or (d.kind == "interest" and shown[k] != d.text and len(d.text) < len(shown[k])):
            shown[k] = d.text
    # e5's "query:" side is its symmetric (similarity) side, and what the bot computes for questions
    embedder = office.kb.embedder
    vectors = np.stack([np.asarray(embedder.embed_query(shown[k]), dtype=np.float32) for k in texts])
    groups = cluster(vectors, office.settings.reports.topic_merge_z)
    kinds = {_norm(d.text): d.kind for d in demand if d.kind == "interest"}
    by_text: dict[str, list[Demand]] = {}
    for d in demand:
        by_text.setdefault(_norm(d.text), []).append(d)
    supply: dict[str, list[tuple[str, str | None]]] = {}
    for m in office.staff:
        for s in m.skills:
            supply.setdefault(s.area, []).append((m.person.key, s.level))
    topics = []
    for group in groups:
        labelled = [i for i in group if texts[i] in kinds] or group
        label = shown[texts[medoid(vectors, labelled)]]
        items = [d for i in group for d in by_text[texts[i]]]
        fits = sorted({a for i in group for a in office.areas.fit(shown[texts[i]], supply)})
        holders = {(k, lv) for a in fits for k, lv in supply[a]}
        people = {k for k, _ in holders}
        senior = {k for k, lv in holders if lv in SENIOR}
        topics.append(Topic(label, items, fits, len(people), len(senior)))
    return sorted(topics, key=lambda t: (-len(t.items), t.label.casefold()))


def _reason(office: Office, q: AskedQuestion) -> str:
    """Why a question counts as demand, in the reader's language."""
    parts = (["rep_reason_idk"] if not q.answerable else []) + (
        ["rep_reason_down"] if q.feedback == -1 else []
    )
    return " + ".join(office.tr(k) for k in parts)


def build_learning(office: Office, questions: list[AskedQuestion] | None, questions_source: str) -> Report:
    tr = office.tr
    people_as_of = office.people_as_of()
    demand: list[Demand] = [
        Demand(i.text, "interest", i.date, m.person.name, m.unit, i.source)
        for m in office.staff
        for i in m.interests
    ]
    unmet = [q for q in (questions or []) if q.unmet]
    demand += [Demand(q.question, "question", q.date, detail=_reason(office, q)) for q in unmet]
    q_dates = sorted(q.date for q in unmet)
    q_as_of = AsOf(q_dates[-1] if q_dates else "", tr("rep_basis_questions", source=questions_source))
    as_of = office.combined(people_as_of, q_as_of) if unmet else people_as_of
    topics = topics_of(office, demand)

    topic_table = Table(
        "topics",
        tr("rep_ln_topics"),
        [
            tr(k)
            for k in (
                "rep_col_topic",
                "rep_col_interests",
                "rep_col_unmet",
                "rep_col_demand",
                "rep_col_supply",
                "rep_col_supply_senior",
                "rep_col_fitting",
                "rep_col_examples",
            )
        ],
        [
            [
                t.label,
                t.count("interest"),
                t.count("question"),
                len(t.items),
                t.people,
                t.senior,
                "; ".join(t.areas) or "—",
                " | ".join(list(dict.fromkeys(d.text for d in t.items))[:3]),
            ]
            for t in topics
        ],  # fmt: skip
        as_of,
        note=tr("rep_ln_topics_note"),
    )
    topic_of = {id(d): t.label for t in topics for d in t.items}
    interests = [d for d in demand if d.kind == "interest"]
    interest_table = Table(
        "interests",
        tr("rep_ln_interests"),
        [tr(k) for k in ("rep_col_person", "rep_col_unit", "rep_col_wants", "rep_col_topic",
                         "rep_col_declared_in", "rep_col_date")],
        [[d.who, d.unit, d.text, topic_of[id(d)], tr(f"rep_source_{d.detail}"), as_date(d.date)]
         for d in interests],
        people_as_of,
    )  # fmt: skip
    asked = [d for d in demand if d.kind == "question"]
    question_table = Table(
        "questions",
        tr("rep_ln_questions"),
        [tr("rep_col_date"), tr("rep_col_question"), tr("rep_col_why"), tr("rep_col_topic")],
        [[as_date(d.date), d.text, d.detail, topic_of[id(d)]] for d in asked],
        q_as_of,
        note=tr("rep_ln_askers_hidden" if office.reads_staff_data else "rep_ln_log_internal"),
    )
    top = topics[:12]
    supply_chart = Chart(
        "demand_vs_supply",
        tr("rep_ln_supply_chart"),
        Bars(
            categories=[t.label for t in top],
            series=[
                Series(tr("rep_ln_demand_series"), [float(len(t.items)) for t in top]),
                Series(tr("rep_ln_supply_series"), [float(t.people) for t in top]),
            ],
            value_label=tr("rep_ln_supply_unit"),
        ),
        as_of,
    )
    months = sorted(
        {d.date[:7] for d in demand if d.date and (d.kind == "question" or d.detail == "declared")}
    )
    lead = topics[:5]
    timeline = Chart(
        "topics_over_time",
        tr("rep_ln_timeline"),
        Lines(
            x=months,
            series=[
                Series(
                    t.label,
                    [
                        float(
                            sum(
                                1
                                for d in t.items
                                if d.date[:7] == m and (d.kind == "question" or d.detail == "declared")
                            )
                        )
                        for m in months
                    ],
                )
                for t in lead
            ],  # fmt: skip
            value_label=tr("rep_ln_timeline_unit"),
        ),
        as_of,
        caption=tr("rep_ln_timeline_caption"),
    )
    unmet_topics = [t for t in topics if t.people == 0]
    figures = [
        Figure(tr("rep_fig_interests"), len(interests), people_as_of),
        Figure(tr("rep_fig_unmet"), len(asked), q_as_of),
        Figure(tr("rep_fig_topics"), len(topics), as_of),
        Figure(tr("rep_fig_unmet_topics"), len(unmet_topics), as_of),
    ]
    return Report(
        name="learning",
        title=tr("rep_title_learning"),
        audience=office.audience(),
        generated="",
        as_of=as_of,
        figures=figures,
        sections=[
            Section(tr("rep_sec_topics"), [supply_chart, topic_table, timeline]),
            Section(tr("rep_sec_interests"), [interest_table]),
            Section(tr("rep_sec_questions"), [question_table]),
        ],
        notes=[tr("rep_ln_note_source", source=questions_source)],
        extra={"topics": topics, "top_topics": Counter({t.label: len(t.items) for t in topics})},
        language=office.language,
    )
