"""(e) Learning needs: what staff want to learn (declared interests) and what they asked the bot but got
"I don't know" or 👎 on, grouped into topics by their embeddings, set against supply (people per area)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

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
    detail: str = ""  # interests: register / declared; questions: the reason


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


def build_learning(office: Office, questions: list[AskedQuestion] | None, questions_source: str) -> Report:
    people_as_of = office.people_as_of()
    demand: list[Demand] = [
        Demand(i.text, "interest", i.date, m.person.name, m.unit, i.source)
        for m in office.staff
        for i in m.interests
    ]
    unmet = [q for q in (questions or []) if q.unmet]
    demand += [Demand(q.question, "question", q.date, detail=q.reason) for q in unmet]
    q_dates = sorted(q.date for q in unmet)
    q_as_of = AsOf(q_dates[-1] if q_dates else "", f"latest question in {questions_source}")
    as_of = office.combined(people_as_of, q_as_of) if unmet else people_as_of
    topics = topics_of(office, demand)

    topic_table = Table(
        "topics",
        "Learning topics: demand and supply",
        [
            "Topic",
            "Interests",
            "Unanswered or thumbs-down questions",
            "Demand",
            "People with a fitting area",
            "… at advanced or above",
            "Fitting areas",
            "Examples",
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
        note="Topics: the interests and questions grouped by their embeddings (reports/topics.py); each is "
        "named by its most central interest (else question).",
    )
    topic_of = {id(d): t.label for t in topics for d in t.items}
    interests = [d for d in demand if d.kind == "interest"]
    interest_table = Table(
        "interests",
        "Declared learning interests",
        ["Person", "Unit", "Wants to learn", "Topic", "Declared in", "Date"],
        [[d.who, d.unit, d.text, topic_of[id(d)], d.detail, d.date] for d in interests],
        people_as_of,
    )
    asked = [d for d in demand if d.kind == "question"]
    question_table = Table(
        "questions",
        "Questions the bot could not answer or that got a thumbs-down",
        ["Date", "Question", "Why it counts", "Topic"],
        [[d.date, d.text, d.detail, topic_of[id(d)]] for d in asked],
        q_as_of,
        note="Askers are not shown." if office.reads_staff_data else "The question log is office-internal.",
    )
    top = topics[:12]
    supply_chart = Chart(
        "demand_vs_supply",
        "Demand vs supply per learning topic",
        Bars(
            categories=[t.label for t in top],
            series=[
                Series("demand (interests + questions)", [float(len(t.items)) for t in top]),
                Series("supply (people with a fitting area)", [float(t.people) for t in top]),
            ],
            value_label="people / items",
        ),
        as_of,
    )
    months = sorted(
        {d.date[:7] for d in demand if d.date and (d.kind == "question" or d.detail == "declared")}
    )
    lead = topics[:5]
    timeline = Chart(
        "topics_over_time",
        "Learning topics over time (questions and self-declared interests per month)",
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
            value_label="items per month",
        ),
        as_of,
        caption="Register interests carry no date of their own and are left out of this chart.",
    )
    unmet_topics = [t for t in topics if t.people == 0]
    figures = [
        Figure("Learning interests", len(interests), people_as_of),
        Figure("Unanswered or thumbs-down questions", len(asked), q_as_of),
        Figure("Learning topics", len(topics), as_of),
        Figure("Topics with nobody to teach them", len(unmet_topics), as_of),
    ]
    return Report(
        name="learning",
        title="Learning needs",
        audience=office.audience(),
        generated="",
        as_of=as_of,
        figures=figures,
        sections=[
            Section("Topics", [supply_chart, topic_table, timeline]),
            Section("Declared interests", [interest_table]),
            Section("Questions", [question_table]),
        ],
        notes=[f"Questions read from {questions_source}."],
        extra={"topics": topics, "top_topics": Counter({t.label: len(t.items) for t in topics})},
    )
