"""Tag-centric expert finding: question → the office's own tags → the people whose pages carry them.

A real office labels its pages (SDG Commons ``thematic_areas``, ``methods``, ``skills``…) and names a focal
point per page, so a tag is evidence of expertise even when the question shares no word with the pages. This
model ranks people in two steps:

1. **Which tags does the question mean?** Every distinct tag (over ``experts.TAG_KEYS`` of the pages people
   are tied to) is represented by its name embedded as a passage (one embedding per tag, through the
   embedding cache), by the same name embedded as a query (``expert_tag_query_names``: for an asymmetric
   embedder such as e5 a short question and a short tag name are a symmetric, query-to-query pair; cached
   on disk too) and by the centroid of the chunk vectors of the pages carrying it (what those pages are
   about). The question's similarity to each is turned into z-scores over all tags — so nothing depends on
   the embedder's similarity scale, and a Russian or Kyrgyz question whose similarities are all shifted
   down still picks out the English tags it means — and they are added. Tags within ``margin`` standard
   deviations of the best match in proportion (``experts.relative_matches``), several when the question
   sits between near-synonyms ("gender" / "gender equality"); a tag of two or more words that are all in
   the question matches fully.
2. **Who holds those tags?** A person scores Σ_tag match(tag) × n(person, tag), n = their pages carrying the
   tag weighted by their role on each page (focal point > author > …): the people with most pages under the
   meant tags first.

``TagModel.coverage`` is the share of the office's people with at least one tagged page. The model ranks only
them (max-normalised), so the engine uses it when it covers at least ``expert_tag_min_coverage`` of the
people, with its weight scaled by the coverage: an office that tags its pages (SDG Commons: every focal point)
gets it, a register-based office with one tagged learning plan does not hand every question to that plan's
focal points.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlmodel import select

from core.access import Viewer
from records.models import Document
from retrieval.embed_cache import query_vectors

if TYPE_CHECKING:
    from retrieval.experts import _Graph
    from retrieval.knowledge_base import KnowledgeBase


def normalise_tag(tag: str) -> str:
    """Tags compare case- and spacing-insensitively ("Open  Data" == "open data")."""
    return " ".join(str(tag).casefold().split())


@dataclass
class TagHolding:
    """One person's pages under one tag (as many entries as pages: each keeps its access label)."""

    tag: int
    role: str  # the person's role on that page (focal point, author…)
    weight: float  # its weight (experts.ROLE_WEIGHT)
    access: str
    title: str
    source: str
    doc_id: str


@dataclass
class TagMatch:
    """Why a person scored: the tag, how well the question matched it, and their pages carrying it."""

    tag: str
    match: float
    pages: list[TagHolding] = field(default_factory=list)


class TagModel:
    """The office's tags, their two vectors each, and who holds them (built once per knowledge-base version)."""

    def __init__(
        self,
        tags: list[str],
        name_vectors: np.ndarray,
        centroids: np.ndarray,
        holdings: dict[int, list[TagHolding]],
        coverage: float,
        query_names: np.ndarray | None = None,
    ) -> None:
        self.tags = tags
        self.name_vectors = name_vectors
        self.query_names = query_names  # the names embedded as queries (None: not used)
        self.centroids = centroids
        self.holdings = holdings
        self.coverage = coverage

    @classmethod
    def build(cls, kb: KnowledgeBase, graph: _Graph) -> TagModel:
        from retrieval.experts import ROLE_WEIGHT, TAG_KEYS, _as_list

        with kb.session() as s:
            docs = {
                d.id: d
                for d in s.exec(select(Document).where(Document.status == "active"))
                if d.id in graph.doc_people
            }
        index: dict[str, int] = {}
        display: list[str] = []
        doc_tags: dict[str, list[int]] = {}
        for doc_id, doc in docs.items():
            ids = []
            for key in TAG_KEYS:
                for raw in _as_list((doc.meta or {}).get(key)):
                    norm = normalise_tag(raw)
                    if not norm:
                        continue
                    if norm not in index:
                        index[norm] = len(display)
                        display.append(str(raw).strip())
                    ids.append(index[norm])
            if ids:
                doc_tags[doc_id] = list(dict.fromkeys(ids))
        holdings: dict[int, list[TagHolding]] = defaultdict(list)
        for doc_id, tag_ids in doc_tags.items():
            doc = docs[doc_id]
            for pid, role in graph.doc_people.get(doc_id, []):
                w = ROLE_WEIGHT.get(role, 0.3)
                for t in tag_ids:
                    holdings[pid].append(
                        TagHolding(t, role, w, doc.access, doc.title or doc_id, doc.source, doc_id)
                    )
        dim = kb.embedder.dim
        if not display:
            empty = np.zeros((0, dim), dtype=np.float32)
            return cls([], empty, empty, {}, 0.0)
        names = np.asarray(kb.embedder.embed_documents(display), dtype=np.float32)
        centroids = _page_centroids(kb, doc_tags, len(display), names.shape[1])
        people = len(graph.people) or 1
        coverage = sum(1 for pid in holdings if pid in graph.people) / people
        query_names = (
            query_vectors(kb.embedder, display) if kb.settings.retrieval.expert_tag_query_names else None
        )
        return cls(display, names, centroids, dict(holdings), min(1.0, coverage), query_names)

    def matches(self, query_vec: np.ndarray, topic: str, margin: float) -> np.ndarray:
        """Each tag's match with the question in [0, 1] (see the module docstring)."""
        from retrieval.experts import _distinctive, relative_matches, zscores

        if not self.tags:
            return np.zeros(0)
        sims = zscores(self.name_vectors @ query_vec)
        paged = np.any(self.centroids != 0, axis=1)  # a tag whose pages have no stored chunk: its name alone
        page_sims = sims.copy()
        if paged.any():
            page_sims[paged] = zscores(self.centroids[paged] @ query_vec)
        sims = sims + page_sims
        if self.query_names is not None and len(self.query_names) == len(self.tags):
            sims = sims + zscores(self.query_names @ query_vec)
        out = relative_matches(sims, margin)
        words = _distinctive(topic)
        for i, tag in enumerate(self.tags):
            own = _distinctive(tag)
            # a name of several words all in the question is strong evidence ("remote sensing"); one word
            # ("technology", "community") in a long question is not: the embedded views judge it
            if len(own) >= 2 and own <= words:
                out[i] = 1.0
        return out

    def scores(
        self, query_vec: np.ndarray, topic: str, *, margin: float, viewer: Viewer | None = None
    ) -> tuple[dict[int, float], dict[int, list[TagMatch]]]:
        """person id → Σ match(tag) × their role-weighted pages under the tag; and the matched tags behind it.
        Pages ``viewer`` may not read are left out."""
        match = self.matches(query_vec, topic, margin)
        scores: dict[int, float] = {}
        why: dict[int, list[TagMatch]] = {}
        for pid, held in self.holdings.items():
            total = 0.0
            per_tag: dict[int, TagMatch] = {}
            for h in held:
                m = float(match[h.tag]) if h.tag < len(match) else 0.0
                if m <= 0 or (viewer is not None and not viewer.may_read(h.access)):
                    continue
                total += m * h.weight
                per_tag.setdefault(h.tag, TagMatch(self.tags[h.tag], m)).pages.append(h)
            if total > 0:
                scores[pid] = total
                why[pid] = sorted(
                    per_tag.values(), key=lambda tm: -tm.match * sum(p.weight for p in tm.pages)
                )
        return scores, why


def _page_centroids(kb: KnowledgeBase, doc_tags: dict[str, list[int]], n_tags: int, dim: int) -> np.ndarray:
    """Per tag, the unit mean over the pages carrying it of each page's mean chunk vector (zeros when none
    of its pages has stored chunks)."""
    page_sum: dict[str, np.ndarray] = {}
    page_n: dict[str, int] = defaultdict(int)
    for _, _, metas, vectors in kb.store.iter_chunks(vectors=True):  # by id, not by offset: linear
        if vectors is None:
            continue
        for meta, vec in zip(metas, vectors, strict=False):
            doc_id = str((meta or {}).get("doc_id", ""))
            if doc_id in doc_tags:
                v = np.asarray(vec, dtype=np.float64)
                page_sum[doc_id] = page_sum[doc_id] + v if doc_id in page_sum else v
                page_n[doc_id] += 1
    sums = np.zeros((n_tags, dim), dtype=np.float64)
    for doc_id, vec in page_sum.items():
        for t in doc_tags[doc_id]:
            sums[t] += vec / page_n[doc_id]
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return (sums / np.where(norms == 0, 1.0, norms)).astype(np.float32)


_MODELS: dict[tuple[str, str], tuple[tuple[Any, ...], TagModel]] = {}
_LOCK = threading.Lock()


def tag_model_for(kb: KnowledgeBase, graph: _Graph) -> TagModel:
    """The tag model of this knowledge base, built on first use and after every change (in memory; the tag
    name vectors come from the on-disk embedding cache)."""
    from retrieval.experts import kb_version

    key = (kb.settings.sql_url, kb.embedder.name)
    version = kb_version(kb)
    with _LOCK:
        cached = _MODELS.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        model = TagModel.build(kb, graph)
        _MODELS[key] = (version, model)
        return model


def tag_component(
    kb: KnowledgeBase, graph: _Graph, topic: str, query_vec: np.ndarray, *, alone: bool = False
) -> tuple[dict[int, float], dict[int, list[Any]], float]:
    """The tag model's scores for ``topic`` (pages the reader may not read left out), each person's evidence
    (pages under their best matched tags, as ``experts.Evidence``) and the model's weight in the fusion:
    ``expert_tag_weight`` × coverage, 0 below ``expert_tag_min_coverage`` (``alone``: coverage only, for
    the ``tags`` method). Built over the whole knowledge base once, filtered per reader."""
    from core.types import Hit
    from retrieval.experts import Evidence, _Graph

    cfg = kb.settings.retrieval
    base = kb.base or kb
    model = tag_model_for(base, graph if base is kb else _Graph(base))
    if alone:
        weight = model.coverage
    else:
        weight = (
            cfg.expert_tag_weight * model.coverage if model.coverage >= cfg.expert_tag_min_coverage else 0.0
        )
    if weight <= 0:
        return {}, {}, 0.0
    scores, why = model.scores(query_vec, topic, margin=cfg.expert_tag_model_margin_z, viewer=kb.viewer)
    evidence: dict[int, list[Any]] = {}
    for pid, matches in why.items():
        items = []
        for tm in matches[:2]:
            for page in tm.pages[:1]:
                meta = {
                    "doc_id": page.doc_id,
                    "title": page.title,
                    "source": page.source,
                    "access": page.access,
                }
                hit = Hit(f"tag:{page.doc_id}", page.title, tm.match, meta)
                label = f"Page “{page.title}” ({page.role}), tagged “{tm.tag}”"
                items.append(Evidence(label, page.source, page.role, tm.match * page.weight, hit, "page"))
        evidence[pid] = items
    return scores, evidence, weight
