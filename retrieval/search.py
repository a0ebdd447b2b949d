"""The ``Retriever``: dense (Chroma), lexical (BM25) or hybrid search with metadata filters.

Hybrid fuses the two rankings. The lexical side is weighted by how much of the query it can
actually see (the share of query terms present in the index vocabulary), so a Russian or Kyrgyz
query against English text — where BM25 cannot match across scripts — falls back to dense alone
instead of being dragged down by accidental matches on numbers or names.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from core.types import Hit
from retrieval.knowledge_base import KnowledgeBase
from retrieval.lexical import matches

Mode = Literal["dense", "bm25", "hybrid"]
Fusion = Literal["rrf", "weighted"]


class Retriever(Protocol):
    def search(self, query: str, k: int = 10, where: dict[str, Any] | None = None) -> list[Hit]: ...


def build_where(**filters: Any) -> dict[str, Any] | None:
    """Chroma ``where`` from keyword filters (None values ignored): ``build_where(doc_type="strategy")``."""
    clauses: list[dict[str, Any]] = []
    for key, value in filters.items():
        if value in (None, "", []):
            continue
        clauses.append({key: {"$in": list(value)}} if isinstance(value, list | tuple) else {key: value})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class HybridRetriever:
    """One retriever for the CLI, the bot and the evaluation harness."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        mode: Mode = "hybrid",
        fusion: Fusion | None = None,
        rrf_k: int | None = None,
        dense_weight: float | None = None,
        lexical_weight: float | None = None,
        depth: int | None = None,
    ) -> None:
        """Fusion parameters default to ``settings.retrieval`` (see RetrievalConfig)."""
        cfg = kb.settings.retrieval
        self.kb = kb
        self.mode = mode
        self.fusion: Fusion = fusion or cfg.fusion
        self.rrf_k = cfg.rrf_k if rrf_k is None else rrf_k
        self.dense_weight = cfg.dense_weight if dense_weight is None else dense_weight
        self.lexical_weight = cfg.lexical_weight if lexical_weight is None else lexical_weight
        self.depth = cfg.depth if depth is None else depth

    # the two sides -----------------------------------------------------------
    def dense(self, query: str, k: int, where: dict[str, Any] | None) -> list[Hit]:
        return self.kb.store.search(query, k=k, where=where)

    def lexical(
        self, query: str, k: int, where: dict[str, Any] | None
    ) -> tuple[list[tuple[str, float]], float]:
        index = self.kb.lexical
        if index is None or len(index) == 0:
            return [], 0.0
        return index.search(query, k=k, where=where), index.coverage(query)

    # public ------------------------------------------------------------------
    def search(self, query: str, k: int = 10, where: dict[str, Any] | None = None) -> list[Hit]:
        if self.mode == "dense":
            return self.dense(query, k, where)
        depth = max(self.depth, k)
        lex, coverage = self.lexical(query, depth, where)
        if self.mode == "bm25":
            found = self.kb.store.get([cid for cid, _ in lex[:k]])
            return [Hit(cid, found[cid].text, s, found[cid].metadata) for cid, s in lex[:k] if cid in found]
        dense = self.dense(query, depth, where)
        fused = self._fuse(dense, lex, coverage)
        by_id = {h.id: h for h in dense}
        missing = [cid for cid, _ in fused[:k] if cid not in by_id]
        by_id.update(self.kb.store.get(missing))
        out = []
        for cid, score in fused:
            hit = by_id.get(cid)
            if hit is None or not matches(hit.metadata, where):
                continue
            out.append(Hit(cid, hit.text, score, hit.metadata))
            if len(out) == k:
                break
        return out

    def _fuse(
        self, dense: list[Hit], lex: list[tuple[str, float]], coverage: float
    ) -> list[tuple[str, float]]:
        # squared: a lexical side that sees only a number or a name of a cross-script query counts for ~nothing
        w_lex = self.lexical_weight * coverage**2
        scores: dict[str, float] = {}
        if self.fusion == "rrf":
            for rank, h in enumerate(dense):
                scores[h.id] = scores.get(h.id, 0.0) + self.dense_weight / (self.rrf_k + rank + 1)
            for rank, (cid, _) in enumerate(lex):
                scores[cid] = scores.get(cid, 0.0) + w_lex / (self.rrf_k + rank + 1)
        else:  # weighted sum of min-max normalised scores
            for items in ((([(h.id, h.score) for h in dense]), self.dense_weight), (lex, w_lex)):
                pairs, weight = items
                if not pairs:
                    continue
                vals = [s for _, s in pairs]
                lo, hi = min(vals), max(vals)
                span = (hi - lo) or 1.0
                for cid, s in pairs:
                    scores[cid] = scores.get(cid, 0.0) + weight * (s - lo) / span
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


class PublicOnly:
    """A retriever view that never returns chunks whose access label is ``restricted`` (for group chats)."""

    def __init__(self, inner: Retriever) -> None:
        self.inner = inner

    def search(self, query: str, k: int = 10, where: dict[str, Any] | None = None) -> list[Hit]:
        hits = self.inner.search(query, k=k * 2, where=where)
        return [h for h in hits if h.metadata.get("access") != "restricted"][:k]
