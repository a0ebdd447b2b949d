"""Expert finding: Balog et al.'s document-centric model ("model 2") fused with a person-centric profile.

Document-centric: score(person, topic) = Σ_d rel(d, topic) · assoc(person, d), over the documents
retrieved for the topic, where assoc weighs how strongly the person is tied to the document (lead /
focal point > author > member > mentioned), and the person's own register profile counts as a document
tied with the strongest weight, scaled by the declared expertise level when a tag matches the topic.

Person-centric (Balog's "model 1" idea over short evidence items): every person has a profile of
short items — each tag (``thematic_areas``, ``methods``, ``skills``…) and title of the pages they are
focal point / author of, the titles and themes of their projects, their register expertise tags, job
title and bio — one embedding each (through the embedding cache, rebuilt per knowledge-base version).
A question scores every item; similarities are turned into z-scores over all items for that question
(so nothing depends on one embedder's similarity scale, and a Russian or Kyrgyz question whose
similarities are all shifted down still picks out the English tags it means), and a person scores by
their best item plus the mean of their top-m items. The two rankings are fused by max-normalised score.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import func
from sqlmodel import col, select

from core.access import Viewer
from core.types import Hit
from records.models import Document, IngestRun, Person, PersonProject, Project
from records.profile_models import ProfileEntry, merge_expertise
from retrieval.embedders import Embedder
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
# page metadata keys whose values are evidence of what the page's people work on (SDG Commons tags);
# "sdgs" and "principles" are left out: they are broad labels shared by most pages
TAG_KEYS = ("thematic_areas", "methods", "skills", "tactics", "tools", "datasources")
METHODS = ("fused", "documents", "profile", "plain", "tags")


@dataclass
class Evidence:
    title: str
    source: str
    role: str
    score: float = 0.0
    hit: Hit | None = field(default=None, repr=False)
    # retrieved (a passage found for the question) | page | register | project | declared (self-declared)
    via: str = "retrieved"


@dataclass
class Expert:
    person: Person
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    expertise: dict[str, Any] | None = None  # the register's tags merged with what the person declared

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
            "expertise": self.expertise if self.expertise is not None else p.expertise,
            "evidence": [
                {"title": e.title, "source": e.source, "role": e.role, "via": e.via} for e in self.evidence
            ],
        }


class _Graph:
    """People, projects and links loaded once per query from SQL (small: the office's register)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        visible = kb.visible_records()  # the reader's view: people and projects it may be shown
        with kb.session() as s:
            self.people: dict[int, Person] = {
                p.id: p
                for p in s.exec(select(Person).where(Person.active))
                if p.id is not None and (visible is None or p.key in visible.people)
            }
            self.projects = {
                p.code: p for p in s.exec(select(Project)) if visible is None or p.code in visible.projects
            }
            links = list(s.exec(select(PersonProject)))
            entries = list(s.exec(select(ProfileEntry).where(col(ProfileEntry.kind) == "expertise")))
        # what each person declared counts as their register does; a removed area hides the register's
        declared_by_key: dict[str, list[ProfileEntry]] = defaultdict(list)
        for entry in entries:
            declared_by_key[entry.person_key].append(entry)
        self.expertise: dict[int, dict[str, str | None]] = {}  # person id → tag → level (merged)
        self.declared: dict[int, dict[str, tuple[str | None, float]]] = {}  # → tag → (level, declared_at)
        for pid, person in self.people.items():
            merged = merge_expertise(person.expertise, declared_by_key.get(person.key, []))
            self.expertise[pid] = {tag: level for tag, (level, _, _) in merged.items()}
            self.declared[pid] = {
                tag: (level, at or 0.0) for tag, (level, origin, at) in merged.items() if origin == "declared"
            }
        by_project_id = {p.id: p.code for p in self.projects.values()}
        self.project_team: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.doc_people: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for link in links:
            if link.person_id not in self.people:
                continue
            if link.project_id is not None:
                if link.project_id in by_project_id:
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


def zscores(sims: np.ndarray) -> np.ndarray:
    """Similarities in units of their spread around their mean (zeros when they do not spread)."""
    sims = np.asarray(sims, dtype=np.float64)
    if sims.size == 0:
        return sims
    std = float(np.std(sims))
    if std <= 1e-9:
        return np.zeros_like(sims)
    return (sims - float(np.mean(sims))) / std


def relative_matches(sims: np.ndarray, margin: float) -> np.ndarray:
    """How close each similarity is to the best one, in [0, 1], with ``margin`` in standard deviations.

    The best scores 1, one ``margin`` × spread below it scores 0: the same answer whatever the
    embedder's scale (a cosine of 0.85 vs 0.84 on e5 means what 0.45 vs 0.40 means on another model).
    """
    z = zscores(sims)
    if z.size == 0:
        return z
    return np.clip(1.0 - (float(np.max(z)) - z) / max(margin, 1e-9), 0.0, 1.0)


def tag_matches(
    kb: KnowledgeBase, tags: list[str], topic: str, *, margin: float | None = None
) -> dict[str, float]:
    """``match_tags`` with this knowledge base's embedder and margin (``expert_tag_margin_z``)."""
    if margin is None:
        margin = kb.settings.retrieval.expert_tag_margin_z
    return match_tags(kb.embedder, tags, topic, margin=margin)


def match_tags(embedder: Embedder, tags: list[str], topic: str, *, margin: float) -> dict[str, float]:
    """How well each expertise tag matches the topic, in [0, 1], in any language.

    A tag sharing a word with the topic matches fully; otherwise the tags whose similarity to the topic
    is within ``margin`` standard deviations (of this topic's similarities to all the tags) of the best
    tag's match in proportion (this is what lets a Russian or Kyrgyz question find the English tag).
    """
    if not tags:
        return {}
    words = _distinctive(topic)
    out: dict[str, float] = {}
    for tag in tags:
        if words & _distinctive(tag):
            out[tag] = 1.0
    sims = embedder.embed_documents(tags) @ embedder.embed_query(topic)
    for tag, semantic in zip(tags, relative_matches(sims, margin), strict=True):
        if semantic > 0:
            out[tag] = max(out.get(tag, 0.0), float(semantic))
    return out


def register_level(expertise: dict[str, Any], matched: dict[str, float]) -> float:
    """A person's declared strength on the matched tags (level weight × match), 0 when none; ``expertise``
    is tag → level (``_Graph.expertise``: the register's merged with what the person declared)."""
    best = 0.0
    for tag, level in (expertise or {}).items():
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


# --------------------------------------------------------------------------------------------------
# person-centric profiles
# --------------------------------------------------------------------------------------------------


@dataclass
class ProfileItem:
    """One short piece of a person's evidence: what is embedded, where it came from, how strongly."""

    person_id: int
    text: str
    label: str  # the evidence line shown to users ("Page “…” (focal point), tagged “GIS”")
    role: str
    via: str  # page | register | project
    weight: float
    kind: str  # tag | title | line | bio
    hit: Hit  # a citable stand-in for the source document
    access: str = ""  # the source document's access label (a reader sees the item only if it may read it)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value if str(v).strip()]
    return [str(value)] if str(value).strip() else []


def _doc_hit(doc: Document | None, key: str, text: str, **extra: Any) -> Hit:
    meta: dict[str, Any] = {"doc_id": doc.id if doc else key, "title": doc.title if doc else key}
    if doc is not None:
        meta.update(source=doc.source, access=doc.access)
        if doc.date:
            meta["date"] = doc.date
        if doc.url:
            meta["url"] = doc.url
    meta.update(extra)
    return Hit(f"profile:{key}", text, 0.0, meta)


def _declared_item(
    pid: int, person: Person, tag: str, level: str | None, declared_at: float, access: str
) -> ProfileItem:
    """A self-declared area as evidence: "Expertise “GIS” (advanced) (self-declared, 2026-12-02)", cited as
    the person's self-declared profile of that date; readable by whoever may read the person's record."""
    day = datetime.fromtimestamp(declared_at, UTC).date().isoformat() if declared_at else ""
    meta = {
        "doc_id": f"declared:{person.key}",
        "title": f"Self-declared profile — {person.name}",
        "source": "self-declared (/profile)",
        "access": access,
        "person": person.email or person.key,
    }
    if day:
        meta["date"] = day
    hit = Hit(f"profile:declared:{person.key}", f"{person.name}: {tag}", 0.0, meta)
    label = f"Expertise “{tag}”" + (f" ({level})" if level else "")
    role = f"self-declared, {day}" if day else "self-declared"
    weight = LEVEL_WEIGHT.get(str(level or "").lower(), 0.6)
    return ProfileItem(pid, tag, label, role, "declared", weight, "tag", hit, access)


class Profiles:
    """Every person's evidence items with one vector per distinct text (built once per KB version)."""

    def __init__(self, items: list[ProfileItem], texts: list[str], vectors: np.ndarray) -> None:
        self.items = items
        self.texts = texts
        self.vectors = vectors
        index = {t: i for i, t in enumerate(texts)}
        self.text_index = np.array([index[it.text] for it in items], dtype=np.int64)

    @classmethod
    def build(cls, kb: KnowledgeBase, graph: _Graph) -> Profiles:
        items: list[ProfileItem] = []
        doc_ids = set(graph.doc_people)
        doc_ids |= {p.source_document_id for p in graph.people.values() if p.source_document_id}
        doc_ids |= {p.source_document_id for p in graph.projects.values() if p.source_document_id}
        with kb.session() as s:
            docs = {
                d.id: d
                for d in s.exec(select(Document).where(Document.status == "active"))
                if d.id in doc_ids
            }
        # pages the person is tied to (focal point, author…): tags, title, and a "title: tags" line
        for doc_id, people in graph.doc_people.items():
            doc = docs.get(doc_id)
            if doc is None:
                continue
            meta = doc.meta or {}
            tags = list(dict.fromkeys(t for key in TAG_KEYS for t in _as_list(meta.get(key))))
            title = (doc.title or "").strip()
            access = doc.access
            for pid, role in people:
                w = ROLE_WEIGHT.get(role, 0.3)
                hit = _doc_hit(doc, doc_id, title)
                page = f"Page “{title}” ({role})"
                if title:
                    items.append(ProfileItem(pid, title, page, role, "page", w, "title", hit, access))
                for tag in tags:
                    items.append(
                        ProfileItem(pid, tag, f"{page}, tagged “{tag}”", role, "page", w, "tag", hit, access)
                    )
                if title and tags:
                    line = f"{title}: {', '.join(tags)}"[:400]
                    items.append(ProfileItem(pid, line, page, role, "page", w, "line", hit, access))
        # the register's own claims: expertise tags (by level), job title, bio; and what the person declared
        for pid, person in graph.people.items():
            expertise = graph.expertise.get(pid, {})
            declared = graph.declared.get(pid, {})
            if not (expertise or person.title or person.bio):
                continue
            doc = docs.get(person.source_document_id or "")
            key = f"{person.source_document_id}|{person.email}"
            hit = _doc_hit(doc, key, person.bio or person.name, person=person.email or "")
            access = doc.access if doc is not None else ""
            where = (
                "Staff register"
                if doc is None or (doc.meta or {}).get("register")
                else f"Profile “{doc.title}”"
            )
            own = [
                (str(tag), f"{where}: expertise “{tag}”" + (f" ({level})" if level else ""), "tag",
                 LEVEL_WEIGHT.get(str(level or "").lower(), 0.6))
                for tag, level in expertise.items()
                if tag not in declared
            ]  # fmt: skip
            if person.title:
                own.append((person.title, f"{where}: {person.title}", "title", 0.8))
            if person.bio:
                own.append((person.bio, f"{where}: biography", "bio", 0.8))
            for text, label, kind, w in own:
                items.append(ProfileItem(pid, text, label, "profile", "register", w, kind, hit, access))
            for tag, (level, at) in declared.items():
                items.append(_declared_item(pid, person, tag, level, at, access))
        # projects the person leads / is a member of: title, themes, digital components
        for code, team in graph.project_team.items():
            proj = graph.projects.get(code)
            if proj is None:
                continue
            doc = docs.get(proj.source_document_id or "")
            hit = _doc_hit(doc, f"{proj.source_document_id}|{code}", proj.title, project=code, kind="project")
            access = doc.access if doc is not None else ""
            themes = list(dict.fromkeys(_as_list(proj.thematic_areas) + _as_list(proj.digital_components)))
            for pid, role in team:
                w = ROLE_WEIGHT.get(role, 0.3)
                label = f"Project {code}: {proj.title} ({role})"
                items.append(ProfileItem(pid, proj.title, label, role, "project", w, "title", hit, access))
                for theme in themes:
                    items.append(
                        ProfileItem(
                            pid,
                            theme,
                            f"{label}, theme “{theme}”",
                            role,
                            "project",
                            w,
                            "tag",
                            hit,
                            access,
                        )
                    )
                if themes:
                    line = f"{proj.title}: {', '.join(themes)}"[:400]
                    items.append(ProfileItem(pid, line, label, role, "project", w, "line", hit, access))
        texts = list(dict.fromkeys(it.text for it in items))
        vectors = kb.embedder.embed_documents(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        return cls(items, texts, vectors)

    def item_z(self, query_vec: np.ndarray) -> np.ndarray:
        """Each item's similarity to the question in z-units over all distinct profile texts."""
        if not self.texts:
            return np.zeros(0)
        return zscores(self.vectors @ query_vec)[self.text_index]


_PROFILES: dict[tuple[str, str], tuple[tuple[Any, ...], Profiles]] = {}
_PROFILES_LOCK = threading.Lock()


def kb_version(kb: KnowledgeBase) -> tuple[Any, ...]:
    """Changes whenever an ingest ran or the people, projects, links or documents changed."""
    with kb.session() as s:
        return (
            s.exec(select(func.max(IngestRun.id))).one(),
            s.exec(select(func.count()).select_from(Person)).one(),
            s.exec(select(func.count()).select_from(Project)).one(),
            s.exec(select(func.count()).select_from(PersonProject)).one(),
            s.exec(select(func.count(), func.max(Document.ingested_at)).select_from(Document)).one(),
            s.exec(select(func.count(), func.max(ProfileEntry.declared_at)).select_from(ProfileEntry)).one(),
            kb.embedder.name,
        )


def profiles_for(kb: KnowledgeBase, graph: _Graph) -> Profiles:
    """The profiles of this knowledge base, built on first use and after every change (cached in memory;
    the item vectors themselves come from the on-disk embedding cache)."""
    key = (kb.settings.sql_url, kb.embedder.name)
    version = kb_version(kb)
    with _PROFILES_LOCK:
        cached = _PROFILES.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        profiles = Profiles.build(kb, graph)
        _PROFILES[key] = (version, profiles)
        return profiles


def profile_scores(
    profiles: Profiles, query_vec: np.ndarray, *, top_m: int, viewer: Viewer | None = None
) -> tuple[dict[int, float], dict[int, list[tuple[float, ProfileItem]]]]:
    """person id → best weighted item z-score + mean of the top-m ones; and each person's best items.
    Items from documents ``viewer`` may not read are left out."""
    z = profiles.item_z(query_vec)
    per_person: dict[int, list[tuple[float, ProfileItem]]] = defaultdict(list)
    for value, item in zip(z, profiles.items, strict=True):
        if viewer is not None and not viewer.may_read(item.access):
            continue
        per_person[item.person_id].append((float(value) * item.weight, item))
    scores: dict[int, float] = {}
    tops: dict[int, list[tuple[float, ProfileItem]]] = {}
    for pid, values in per_person.items():
        values.sort(key=lambda v: -v[0])
        top = values[: max(1, top_m)]
        scores[pid] = top[0][0] + sum(v for v, _ in top) / len(top)
        tops[pid] = values[: max(top_m, 8)]  # a few more for the evidence lines (one of each kind)
    return scores, tops


def plain_scores(profiles: Profiles, query_vec: np.ndarray) -> dict[int, float]:
    """Reference baseline: a person's best raw similarity between the question and one of their pages'
    "title: tags" lines (or titles)."""
    sims = (profiles.vectors @ query_vec)[profiles.text_index] if profiles.texts else np.zeros(0)
    out: dict[int, float] = {}
    for value, item in zip(sims, profiles.items, strict=True):
        if item.via == "page" and item.kind in ("line", "title"):
            out[item.person_id] = max(out.get(item.person_id, -1.0), float(value))
    return out


# --------------------------------------------------------------------------------------------------
# ranking
# --------------------------------------------------------------------------------------------------


def document_scores(
    kb: KnowledgeBase, graph: _Graph, hits: list[Hit], topic: str
) -> tuple[dict[int, float], dict[int, list[Evidence]]]:
    """Balog model 2 over the retrieved chunks (documents, not chunks: each pair's best chunk)."""
    scores: dict[int, float] = defaultdict(float)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    matched = tag_matches(kb, sorted({t for tags in graph.expertise.values() for t in tags}), topic)
    if hits:
        top = max(h.score for h in hits) or 1.0
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
                    w *= 1.0 + register_level(graph.expertise.get(pid, {}), matched)
                key = (pid, doc_key)
                if rel * w > best.get(key, (0.0, "", hit))[0]:
                    best[key] = (rel * w, role, hit)
        for (pid, _), (score, role, hit) in best.items():
            scores[pid] += score
            label = hit.title
            if hit.metadata.get("kind") == "project" and hit.metadata.get("project"):
                proj = graph.projects.get(str(hit.metadata["project"]))
                label = f"{proj.code}: {proj.title}" if proj else label
            elif role == "profile":
                label = f"Staff register: {graph.people[pid].name}"
            evidence[pid].append(Evidence(label, hit.source, role, score, hit))
    for pid in graph.people:  # the register's (and self-declared) claim, even when its row was not retrieved
        scores[pid] += 0.5 * register_level(graph.expertise.get(pid, {}), matched)
    return {pid: s for pid, s in scores.items() if s > 0}, evidence


def _max_normalised(scores: dict[int, float]) -> dict[int, float]:
    positive = {pid: s for pid, s in scores.items() if s > 0}
    top = max(positive.values(), default=0.0)
    return {pid: s / top for pid, s in positive.items()} if top > 0 else {}


def rank_experts(
    kb: KnowledgeBase,
    retriever: Retriever,
    topic: str,
    *,
    k: int = 5,
    depth: int = 30,
    method: str = "fused",
    question: str | None = None,
) -> list[Expert]:
    """People ranked by evidence for ``topic``, each with the evidence that supports them.

    ``method``: ``fused`` (default: document-centric + person-centric profile + tag-centric model,
    retrieval/tag_experts.py), ``documents`` (Balog model 2 alone), ``profile`` (the profile alone),
    ``tags`` (the tag model alone) or ``plain`` (reference baseline: raw similarity of the question to the
    person's page titles + tags). In a scoped knowledge base (``kb.scoped(viewer)``)
    only people, projects and evidence the viewer may see take part.
    """
    if method not in METHODS:
        raise ValueError(f"unknown expert-finding method {method!r}: use one of {', '.join(METHODS)}")
    cfg = kb.settings.retrieval
    graph = _Graph(kb)
    doc_scores: dict[int, float] = {}
    doc_evidence: dict[int, list[Evidence]] = {}
    if method in ("fused", "documents"):
        hits = retriever.search(topic, k=depth)
        if not hits and method == "documents":
            return []
        doc_scores, doc_evidence = document_scores(kb, graph, hits, topic)
    prof_scores: dict[int, float] = {}
    prof_top: dict[int, list[tuple[float, ProfileItem]]] = {}
    query_vec = kb.embedder.embed_query(topic)
    blend = cfg.expert_question_blend
    if question and question != topic and blend > 0:
        mixed = (1.0 - blend) * query_vec + blend * kb.embedder.embed_query(question)
        query_vec = mixed / (float(np.linalg.norm(mixed)) or 1.0)
    tag_scores: dict[int, float] = {}
    tag_evidence: dict[int, list[Evidence]] = {}
    w_tag = 0.0
    if method in ("fused", "tags"):
        from retrieval.tag_experts import tag_component

        tag_scores, tag_evidence, w_tag = tag_component(kb, graph, topic, query_vec, alone=method == "tags")
    if method in ("fused", "profile", "plain"):
        base = kb.base or kb  # profiles are built over every record once, then filtered per reader
        profiles = profiles_for(base, graph if base is kb else _Graph(base))
        if method == "plain":
            prof_scores = plain_scores(profiles, query_vec)
        else:
            prof_scores, prof_top = profile_scores(
                profiles, query_vec, top_m=cfg.expert_profile_top_m, viewer=kb.viewer
            )
    if method == "plain":
        fused = dict(prof_scores)
    else:
        d_norm = _max_normalised(doc_scores)
        p_norm = _max_normalised(prof_scores)
        t_norm = _max_normalised(tag_scores)
        w_doc = 1.0 if method in ("fused", "documents") else 0.0
        w_prof = cfg.expert_profile_weight if method in ("fused", "profile") else 0.0
        fused = {
            pid: w_doc * d_norm.get(pid, 0.0) + w_prof * p_norm.get(pid, 0.0) + w_tag * t_norm.get(pid, 0.0)
            for pid in set(d_norm) | set(p_norm) | set(t_norm)
        }
        fused = {pid: s for pid, s in fused.items() if s > 0}
    fused = {pid: v for pid, v in fused.items() if pid in graph.people}  # people the reader may see
    ranked = sorted(fused.items(), key=lambda kv: (-kv[1], graph.people[kv[0]].name))[:k]
    out: list[Expert] = []
    for pid, score in ranked:
        evidence = _merge_evidence(
            doc_evidence.get(pid, []) + tag_evidence.get(pid, []), prof_top.get(pid, [])
        )
        out.append(Expert(graph.people[pid], score, evidence, dict(graph.expertise.get(pid, {}))))
    return out


def _merge_evidence(
    docs: list[Evidence], items: list[tuple[float, ProfileItem]], n: int = 4
) -> list[Evidence]:
    """The person's strongest evidence, one line per label: first the best line of each kind (retrieved
    passage, page, register, project) so the answer shows every kind of evidence there is, then the rest
    by strength (each kind's scores normalised by its best)."""
    top_doc = max((e.score for e in docs), default=0.0) or 1.0
    top_item = max((v for v, _ in items), default=0.0) or 1.0
    candidates = [(e.score / top_doc, e) for e in docs]
    candidates += [
        (v / top_item, Evidence(it.label, it.hit.source, it.role, v, it.hit, it.via))
        for v, it in items
        if v > 0
    ]
    candidates.sort(key=lambda c: -c[0])
    firsts: dict[str, tuple[float, Evidence]] = {}
    for c in candidates:
        firsts.setdefault(c[1].via, c)
    ordered = sorted(firsts.values(), key=lambda c: -c[0]) + candidates
    merged: list[Evidence] = []
    seen: set[str] = set()
    for _, ev in ordered:
        if ev.title not in seen:
            seen.add(ev.title)
            merged.append(ev)
    return merged[:n]
