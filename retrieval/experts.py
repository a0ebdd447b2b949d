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

import numpy as np
from sqlmodel import select

from core.types import Hit
from records.models import Person, PersonProject, Project
from retrieval.knowledge_base import KnowledgeBase
from retrieval.search import Retriever

ROLE_WEIGHT = {
    "profile": 1.0,
    "lead": 1.0,
    "focal point": 0.9,
    "author": 0.7,
    "member": 0.5,
    "mentioned": 0.3,
}
LEVEL_WEIGHT = {"expert": 1.0, "advanced": 0.8, "intermediate": 0.55, "basic": 0.3}


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
            "name": p.name,
            "email": p.email,
            "title": p.title,
            "unit": p.unit,
            "telegram": p.telegram,
            "phone": p.phone,
            "score": round(self.score, 4),
            "expertise": p.expertise,
            "evidence": [{"title": e.title, "source": e.source, "role": e.role} for e in self.evidence],
        }


class _Graph:
    """People, projects and links loaded once per query from SQL (small: the office's register)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        with kb.session() as s:
            self.people: dict[int, Person] = {p.id: p for p in s.exec(select(Person)) if p.id is not None}
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
        self.code_re = kb.settings.retrieval.code_re
        self.by_email = {p.email: pid for pid, p in self.people.items() if p.email}
        self.names = [
            (pid, p.name.lower()) for pid, p in self.people.items() if p.name and len(p.name.split()) >= 2
        ]


# words too common in this domain to tie a question to one expertise tag on their own
_GENERIC = {
    "digital",
    "data",
    "system",
    "systems",
    "service",
    "services",
    "public",
    "management",
    "development",
    "technology",
    "who",
    "whom",
    "what",
    "which",
    "works",
    "work",
    "working",
    "knows",
    "know",
    "about",
    "the",
    "and",
    "for",
    "with",
    "our",
    "office",
    "here",
    "expert",
    "experts",
    "anyone",
    "someone",
    "most",
    "can",
}


def _distinctive(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 1 and w not in _GENERIC}


def tag_matches(kb: KnowledgeBase, tags: list[str], topic: str, *, margin: float = 0.015) -> dict[str, float]:
    """How well each expertise tag matches the topic, in [0, 1], in any language.

    A tag sharing a word with the topic matches fully; otherwise the tags whose embedding is within
    ``margin`` of the best tag's similarity to the topic match in proportion (this is what lets a
    Russian or Kyrgyz question find the English tag).
    """
    if not tags:
        return {}
    words = _distinctive(topic)
    out: dict[str, float] = {}
    for tag in tags:
        tag_words = _distinctive(tag)
        if words & tag_words:
            out[tag] = 1.0
    sims = kb.embedder.embed_documents(tags) @ kb.embedder.embed_query(topic)
    best = float(np.max(sims))
    for tag, sim in zip(tags, sims, strict=True):
        semantic = max(0.0, 1.0 - (best - float(sim)) / margin)
        if semantic > 0:
            out[tag] = max(out.get(tag, 0.0), semantic)
    return out


def register_level(person: Person, matched: dict[str, float]) -> float:
    """The person's declared strength on the matched tags (level weight × match), 0 when none."""
    best = 0.0
    for tag, level in (person.expertise or {}).items():
        if tag in matched:
            best = max(best, matched[tag] * LEVEL_WEIGHT.get(str(level or "").lower(), 0.6))
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
    for code in sorted(set(graph.code_re.findall(hit.text))):
        found += [(pid, f"{role} of {code}", code) for pid, role in graph.project_team.get(code, [])]
    text = hit.text.lower()
    tied = {pid for pid, _, _ in found}
    found += [(pid, "mentioned", None) for pid, name in graph.names if pid not in tied and name in text]
    return found


def rank_experts(
    kb: KnowledgeBase, retriever: Retriever, topic: str, *, k: int = 5, depth: int = 30
) -> list[Expert]:
    """People ranked by evidence for ``topic``, each with the documents that support them."""
    hits = retriever.search(topic, k=depth)
    if not hits:
        return []
    graph = _Graph(kb)
    matched = tag_matches(kb, sorted({t for p in graph.people.values() for t in (p.expertise or {})}), topic)
    top = max(h.score for h in hits) or 1.0
    # Balog model 2 sums over documents, not chunks: keep each (person, document) pair's best chunk
    best: dict[tuple[int, str], tuple[float, str, Hit]] = {}
    for rank, hit in enumerate(hits):
        rel = (hit.score / top) / (1.0 + 0.15 * rank)
        doc_key = (
            f"{hit.metadata.get('doc_id', hit.source)}|{hit.metadata.get('person', '')}|"
            f"{hit.metadata.get('project', '') if hit.metadata.get('kind') == 'project' else ''}"
        )
        for pid, role, via in associations(graph, hit):
            w = ROLE_WEIGHT.get(role.split(" of ")[0], 0.3) * (0.6 if via and " of " in role else 1.0)
            if role == "profile":
                w *= 1.0 + register_level(graph.people[pid], matched)
            key = (pid, doc_key)
            if rel * w > best.get(key, (0.0, "", hit))[0]:
                best[key] = (rel * w, role, hit)
    scores: dict[int, float] = defaultdict(float)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for (pid, _), (score, role, hit) in best.items():
        scores[pid] += score
        label = hit.title
        if hit.metadata.get("kind") == "project" and hit.metadata.get("project"):
            proj = graph.projects.get(str(hit.metadata["project"]))
            label = f"{proj.code}: {proj.title}" if proj else label
        elif role == "profile":
            label = f"Staff register: {graph.people[pid].name}"
        evidence[pid].append(Evidence(label, hit.source, role, score, hit))
    for pid, person in graph.people.items():  # the register's own claim, even when its row was not retrieved
        scores[pid] += 0.5 * register_level(person, matched)
    ranked = sorted(
        ((pid, s) for pid, s in scores.items() if s > 0), key=lambda kv: (-kv[1], graph.people[kv[0]].name)
    )
    return [
        Expert(graph.people[pid], s, sorted(evidence[pid], key=lambda e: -e.score)[:4])
        for pid, s in ranked[:k]
    ]
