"""Expert finding: the document-centric model of Balog et al. (SIGIR 2006, "model 2").

score(person, topic) = Σ_d rel(d, topic) · assoc(person, d), over the documents retrieved for the
topic, where assoc weighs how strongly the person is tied to the document (lead / focal point >
author > member > mentioned), and the person's own register profile counts as a document tied with
the strongest weight, scaled by the declared expertise level when a tag matches the topic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import select

from records.models import Person, PersonProject, Project
from retrieval.knowledge_base import KnowledgeBase
from retrieval.search import Retriever
from retrieval.types import Hit

ROLE_WEIGHT = {"profile": 1.0, "lead": 1.0, "focal point": 0.9, "author": 0.7, "member": 0.5, "mentioned": 0.3}
LEVEL_WEIGHT = {"expert": 1.0, "advanced": 0.8, "intermediate": 0.55, "basic": 0.3}
_CODE = re.compile(r"\b[A-Z]{2,5}-[A-Z]{2,5}-\d{2,4}\b")


@dataclass
class Evidence:
    title: str
    source: str
    role: str
    score: float = 0.0
    hit: Hit | None = field(default=None, repr=False)


@dataclass
class Expert:
    person: Person
    score: float
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict:
        p = self.person
        return {
            "name": p.name, "email": p.email, "title": p.title, "unit": p.unit, "telegram": p.telegram,
            "phone": p.phone, "score": round(self.score, 4), "expertise": p.expertise,
            "evidence": [{"title": e.title, "source": e.source, "role": e.role} for e in self.evidence],
        }


class _Graph:
    """People, projects and links loaded once per query from SQL (small: the office's register)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        with kb.session() as s:
            self.people = {p.id: p for p in s.exec(select(Person))}
            self.projects = {p.code: p for p in s.exec(select(Project))}
            links = list(s.exec(select(PersonProject)))
        by_project_id = {p.id: p.code for p in self.projects.values()}
        self.project_team: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.doc_people: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for link in links:
            if link.project_id is not None:
                self.project_team[by_project_id[link.project_id]].append((link.person_id, link.role))
            elif link.document_id:
                self.doc_people[link.document_id].append((link.person_id, link.role))
        self.by_email = {p.email: pid for pid, p in self.people.items() if p.email}
        self.names = [
            (pid, p.name.lower()) for pid, p in self.people.items() if p.name and len(p.name.split()) >= 2
        ]


def _topic_level(person: Person, topic: str) -> float | None:
    """The declared level of the person's best expertise tag that shares a word with the topic."""
    words = {w for w in re.findall(r"\w+", topic.lower()) if len(w) > 2}
    best: float | None = None
    for tag, level in (person.expertise or {}).items():
        tag_words = {w for w in re.findall(r"\w+", tag.lower()) if len(w) > 2}
        if words & tag_words or tag.lower() in topic.lower():
            w = LEVEL_WEIGHT.get(str(level or "").lower(), 0.6)
            best = w if best is None else max(best, w)
    return best


def associations(graph: _Graph, hit: Hit) -> list[tuple[int, str, str | None]]:
    """(person id, role, project code) triples tying people to the hit's document.

    A register row ties its own person (profile) or its own project's team; any other document ties
    the people it states (e.g. focal points), the teams of the projects it names (weaker), and the
    people it mentions by name.
    """
    meta = hit.metadata
    kind = meta.get("kind")
    email = str(meta.get("person", "")).lower()
    if kind == "person" or email:
        return [(graph.by_email[email], "profile", None)] if email in graph.by_email else []
    if kind == "project" and meta.get("project"):
        code = str(meta["project"])
        return [(pid, role, code) for pid, role in graph.project_team.get(code, [])]
    found: list[tuple[int, str, str | None]] = [
        (pid, role, None) for pid, role in graph.doc_people.get(str(meta.get("doc_id", "")), [])
    ]
    for code in sorted(set(_CODE.findall(hit.text))):
        found += [(pid, f"{role} of {code}", code) for pid, role in graph.project_team.get(code, [])]
    text = hit.text.lower()
    tied = {pid for pid, _, _ in found}
    found += [(pid, "mentioned", None) for pid, name in graph.names if pid not in tied and name in text]
    return found


def rank_experts(kb: KnowledgeBase, retriever: Retriever, topic: str, *, k: int = 5, depth: int = 30) -> list[Expert]:
    """People ranked by evidence for ``topic``, each with the documents that support them."""
    hits = retriever.search(topic, k=depth)
    if not hits:
        return []
    graph = _Graph(kb)
    top = max(h.score for h in hits) or 1.0
    scores: dict[int, float] = defaultdict(float)
    evidence: dict[int, dict[tuple[str, str], Evidence]] = defaultdict(dict)
    for rank, hit in enumerate(hits):
        rel = (hit.score / top) / (1.0 + 0.15 * rank)
        per_doc: dict[int, tuple[float, str]] = {}
        for pid, role, via in associations(graph, hit):
            w = ROLE_WEIGHT.get(role.split(" of ")[0], 0.3) * (0.6 if via and " of " in role else 1.0)
            if role == "profile":
                level = _topic_level(graph.people[pid], topic)
                w = w * (1.0 + (level or 0.0))
            if w > per_doc.get(pid, (0.0, ""))[0]:
                per_doc[pid] = (w, role)
        for pid, (w, role) in per_doc.items():
            scores[pid] += rel * w
            key = (hit.source + str(hit.metadata.get("project", "")) + str(hit.metadata.get("person", "")), role)
            label = hit.title
            if hit.metadata.get("kind") == "project" and hit.metadata.get("project"):
                proj = graph.projects.get(str(hit.metadata["project"]))
                label = f"{proj.code}: {proj.title}" if proj else label
            elif role == "profile":
                label = f"Staff register: {graph.people[pid].name}"
            ev = evidence[pid].get(key)
            if ev is None:
                evidence[pid][key] = Evidence(label, hit.source, role, rel * w, hit)
            else:
                ev.score += rel * w
    for pid, person in graph.people.items():  # the register's own claim, even when its row was not retrieved
        level = _topic_level(person, topic)
        if level:
            scores[pid] += 0.5 * level
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], graph.people[kv[0]].name))[:k]
    return [
        Expert(graph.people[pid], s, sorted(evidence[pid].values(), key=lambda e: -e.score)[:4])
        for pid, s in ranked
    ]
