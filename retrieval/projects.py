"""Project finding and project–strategy alignment."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from sqlmodel import select

from core.types import Hit
from records import crud
from records.models import Person, Project
from retrieval.knowledge_base import KnowledgeBase
from retrieval.search import Retriever


@dataclass
class ProjectMatch:
    project: Project
    score: float
    lead: Person | None = None
    why: list[Hit] = field(default_factory=list)

    def to_json(self) -> dict:
        p = self.project
        return {
            "code": p.code,
            "title": p.title,
            "status": p.status,
            "start": p.start,
            "end": p.end,
            "digital_components": p.digital_components,
            "partners": p.partners,
            "score": round(self.score, 4),
            "lead": {"name": self.lead.name, "email": self.lead.email} if self.lead else None,
            "why": [{"title": h.title, "source": h.source, "text": h.text[:300]} for h in self.why],
        }


def _lead(kb: KnowledgeBase, project: Project, visible: crud.Visibility | None = None) -> Person | None:
    """The project's lead (else focal point, else a member) among the people the reader may see."""
    with kb.session() as s:
        team = crud.people_for_project(session=s, project_id=project.id or -1)
    team = [(p, r) for p, r in team if visible is None or p.key in visible.people]
    for role in ("lead", "focal point", "member"):
        for person, r in team:
            if r == role:
                return person
    return None


def visible_projects(kb: KnowledgeBase) -> dict[str, Project]:
    """Active projects by code, limited to those the knowledge base's viewer may see."""
    visible = kb.visible_records()
    with kb.session() as s:
        projects = {p.code: p for p in s.exec(select(Project).where(Project.active))}
    return {c: p for c, p in projects.items() if visible is None or c in visible.projects}


def rank_projects(
    kb: KnowledgeBase, retriever: Retriever, topic: str, *, k: int = 5, depth: int = 30
) -> list[ProjectMatch]:
    """Projects ranked by the retrieved passages that belong to (or name) them."""
    hits = retriever.search(topic, k=depth)
    if not hits:
        return []
    projects = visible_projects(kb)
    visible = kb.visible_records()
    top = max(h.score for h in hits) or 1.0
    scores: dict[str, float] = defaultdict(float)
    # each project's passages with what they contributed: the strongest explains (and is cited for) the
    # match — the project's own record before a passage that merely names it, in every language
    why: dict[str, list[tuple[float, int, Hit]]] = defaultdict(list)
    for rank, hit in enumerate(hits):
        rel = (hit.score / top) * (1.0 / (1.0 + 0.05 * rank))
        own = str(hit.metadata.get("project", ""))
        named = set(kb.settings.retrieval.code_re.findall(hit.text)) - {own}
        for code, weight in [(own, 1.0)] + [(c, 0.6) for c in sorted(named)]:
            if code in projects:
                scores[code] += rel * weight
                why[code].append((-rel * weight, rank, hit))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return [
        ProjectMatch(projects[c], s, _lead(kb, projects[c], visible), [h for *_, h in sorted(why[c])[:2]])
        for c, s in ranked
    ]


@dataclass
class Commitment:
    strategy: str
    section: str
    score: float
    strategy_hit: Hit
    project_hit: Hit | None
    declared: bool = False  # listed in the project's own strategy references

    def to_json(self) -> dict:
        return {
            "strategy": self.strategy,
            "section": self.section,
            "score": round(self.score, 4),
            "declared": self.declared,
            "strategy_passage": {
                "title": self.strategy_hit.title,
                "source": self.strategy_hit.source,
                "text": self.strategy_hit.text[:400],
            },
            "project_passage": None
            if self.project_hit is None
            else {
                "title": self.project_hit.title,
                "source": self.project_hit.source,
                "text": self.project_hit.text[:400],
            },
        }


def _project_hits(kb: KnowledgeBase, project: Project) -> list[Hit]:
    got = kb.store.get_where({"project": project.code})
    hits = [
        Hit(i, d or "", 1.0, dict(m or {}))
        for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=False)
    ]
    # project briefs that name the code are project passages too
    briefs = kb.store.get_where({"doc_type": "project"}, where_document={"$contains": project.code})
    hits += [
        Hit(i, d or "", 1.0, dict(m or {}))
        for i, d, m in zip(briefs["ids"], briefs["documents"], briefs["metadatas"], strict=False)
    ]
    return hits


def align_project(
    kb: KnowledgeBase,
    project: Project,
    *,
    per_strategy: int = 2,
    min_z: float | None = None,
    declared_bonus_z: float = 1.0,
    candidates: int = 8,
) -> list[Commitment]:
    """Strategy sections the project supports, each with the project passage and the strategy passage.

    Relative, so it holds on any embedder's similarity scale: for each project passage, every strategy
    chunk's similarity becomes a z-score over all strategy chunks; among the passage's ``candidates``
    closest, a section is kept when its z reaches ``min_z`` (default ``settings.retrieval.alignment_min_z``).
    Sections of a strategy the project declares in its references get ``declared_bonus_z``.
    ``Commitment.score`` is that z-score.
    """
    min_z = kb.settings.retrieval.alignment_min_z if min_z is None else min_z
    passages = _project_hits(kb, project)
    if not passages:
        return []
    got = kb.store.get_where({"doc_type": "strategy"}, include=("documents", "metadatas", "embeddings"))
    if not got["ids"]:
        return []
    smat = np.asarray(got["embeddings"], dtype=np.float32)
    metas = [dict(m or {}) for m in got["metadatas"]]
    vecs = kb.embedder.embed_documents([h.text for h in passages])
    sims = vecs @ smat.T  # project passage × strategy chunk
    z = (sims - sims.mean(axis=1, keepdims=True)) / (sims.std(axis=1, keepdims=True) + 1e-9)
    declared = {r.split(":")[0].strip().lower() for r in project.strategy_refs}
    best: dict[tuple[str, str], Commitment] = {}
    for i, hit in enumerate(passages):
        for j in np.argsort(-sims[i])[:candidates]:
            s_hit = Hit(got["ids"][j], got["documents"][j] or "", float(sims[i, j]), metas[j])
            key = (s_hit.title, str(s_hit.metadata.get("section", "")))
            is_declared = s_hit.title.lower() in declared or any(d in s_hit.title.lower() for d in declared)
            score = float(z[i, j]) + (declared_bonus_z if is_declared else 0.0)
            if key not in best or score > best[key].score:
                best[key] = Commitment(s_hit.title, key[1], score, s_hit, hit, is_declared)
    by_strategy: dict[str, list[Commitment]] = defaultdict(list)
    for c in sorted(best.values(), key=lambda c: -c.score):
        if c.score >= min_z and len(by_strategy[c.strategy]) < per_strategy:
            by_strategy[c.strategy].append(c)
    return sorted((c for cs in by_strategy.values() for c in cs), key=lambda c: -c.score)


@dataclass
class Gap:
    strategy: str
    section: str
    best_score: float
    strategy_hit: Hit
    closest_project: str | None


_GENERIC = {"priority", "pillar", "goal", "objective", "digital", "area"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 3}


_NOT_A_PRIORITY = re.compile(
    r"^(vision|purpose|about|overview|introduction|summary|background|context|follow[- ]up|next steps|"
    r"using this|how to use|practical checklist|checklist|sources|references|glossary|overall ambition|"
    r"what it means)\b",
    re.IGNORECASE,
)


def is_priority(section: str) -> bool:
    """Whether a strategy chunk's section path names a priority: a sub-section (not the preamble) whose
    heading is not one such as "Vision" or "Follow-up"."""
    path = [p for p in section.split(" > ") if p]
    return len(path) >= 2 and not _NOT_A_PRIORITY.match(path[-1])


def strategy_gaps(kb: KnowledgeBase, *, min_z: float = 1.0, declared_overlap: float = 0.6) -> list[Gap]:
    """Strategy priorities that no project in the portfolio supports.

    Priorities are the sub-sections of strategy documents (not the preamble, not headings such as
    "Vision" or "Follow-up"). A priority counts as supported when a project declares it in its strategy
    references (the named pillar shares most words with the heading), or when it stands out among all
    priorities for one of the projects: its similarity to the project's register row is ``min_z``
    standard deviations above that project's mean over all priorities. The z-score makes the test
    relative, so the embedder's compressed similarity scale does not matter.
    """
    got = kb.store.get_where({"doc_type": "strategy"})
    proj = kb.store.get_where({"kind": "project"}, include=("metadatas", "embeddings"))
    if not got["ids"] or not len(proj["ids"]):
        return []
    metas = [dict(m or {}) for m in got["metadatas"]]
    sections: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, meta in enumerate(metas):
        section = " > ".join(p for p in str(meta.get("section", "")).split(" > ") if p)
        if is_priority(section):
            sections[(str(meta.get("title", "")), section)].append(i)
    if not sections:
        return []
    keys = list(sections)
    svecs = kb.embedder.embed_documents(list(got["documents"]))
    pmat = np.asarray(proj["embeddings"], dtype=np.float32)
    chunk_sims = svecs @ pmat.T  # strategy chunk × project row
    sims = np.stack([chunk_sims[sections[k]].max(axis=0) for k in keys])  # priority × project
    z = (sims - sims.mean(axis=0)) / (sims.std(axis=0) + 1e-9)
    supported = {keys[i] for i in range(len(keys)) if float(z[i].max()) >= min_z}
    refs = [r for p in visible_projects(kb).values() for r in p.strategy_refs]
    for ref in refs:
        name, _, pillar_text = ref.partition(":")
        pillar = _words(pillar_text) - _GENERIC
        for key in keys:
            heading = _words(key[1].split(" > ")[-1]) - _GENERIC
            same_strategy = _words(name) <= _words(key[0]) | _words(key[1])
            if (
                same_strategy
                and pillar
                and heading
                and len(pillar & heading) / len(heading) >= declared_overlap
            ):
                supported.add(key)
    gaps = []
    for i, key in enumerate(keys):
        if key in supported:
            continue
        j = int(np.argmax(z[i]))
        row = max(sections[key], key=lambda r: float(chunk_sims[r, j]))
        closest = str((proj["metadatas"][j] or {}).get("project", "")) or None
        gaps.append(
            Gap(
                key[0],
                key[1],
                float(z[i, j]),
                Hit(got["ids"][row], got["documents"][row] or "", float(sims[i, j]), metas[row]),
                closest,
            )
        )
    return sorted(gaps, key=lambda g: (g.strategy, g.best_score))
