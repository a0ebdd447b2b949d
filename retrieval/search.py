"""The ``Retriever``: dense (Chroma), lexical (BM25) or hybrid search with metadata filters.

Hybrid fuses the two rankings. The lexical side is weighted by how much of the query it can
actually see (the share of query terms present in the index vocabulary), so a Russian or Kyrgyz
query against English text — where BM25 cannot match across scripts — falls back to dense alone
instead of being dragged down by accidental matches on numbers or names.

Language balance (a no-op when the corpus is written in one language). A multilingual embedder scores
documents in the query's own language higher, whatever they say; BM25 only ever matches documents in the
query's script. So in a mixed corpus a Russian question would be answered from the few Russian documents.
Two corrections, both derived from the corpus, not tuned constants:

* dense: each hit's similarity is shifted by its language's offset ``q·c_lang − q·c_all`` (``c`` = mean
  chunk vector of that language / of the corpus), shrunk by ``n/(n + prior)`` for a language of ``n``
  chunks. This removes the query's mean preference for a language bucket; within a bucket the order is
  unchanged, and with one bucket the shift is zero.
* lexical: a document in another script than the query cannot be seen by BM25 — its lexical evidence is
  missing, not negative. Such a document gets its (normalised) dense score in place of the missing lexical
  score, so same-script documents do not win on BM25 alone. With one script in the corpus nothing changes.
* cross-script names and loanwords: query words whose romanised / Cyrillic spelling is an indexed term of
  the *other* script ("Түндүк" ~ "Tunduk", "ГИС" ~ "GIS"; ``LexicalIndex.cross_script_terms``) give a
  third ranking, BM25 over those terms, weighted ``cross_script_weight`` × (share of query words that
  found one)². Names are where the embedder is weakest across languages and spelling is strongest.
* translated words (off by default, ``translate_weight``): query words the embedder translates into the
  other script's indexed terms (``retrieval.translation``) give a fourth BM25 ranking, weighted
  ``translate_weight`` × (share translated)² × (1 − the query's lexical coverage).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from core.types import Hit
from retrieval.knowledge_base import KnowledgeBase, ScopedLexical
from retrieval.language import detect_language, script_of, text_language
from retrieval.lexical import LexicalIndex, matches
from retrieval.translation import TermTranslator, translator_for

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


class _IndexLanguages:
    """Chunk id -> language, answered by the lexical index (no per-chunk dict of its own)."""

    def __init__(self, index: LexicalIndex) -> None:
        self.index = index

    def get(self, chunk_id: str, default: str | None = None) -> str | None:
        return self.index.language_of(chunk_id) or default


@dataclass
class LanguageProfile:
    """Per-language mean chunk vectors of one collection state (for the dense language balance)."""

    centroids: dict[str, np.ndarray]  # language -> mean chunk vector
    counts: dict[str, int]
    overall: np.ndarray
    languages: Mapping[str, str] | _IndexLanguages  # chunk id -> language

    def main_language(self) -> str | None:
        """The language most chunks are written in (None when no chunk's language is known)."""
        return max(self.counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if self.counts else None

    def offsets(self, qvec: np.ndarray, prior: float) -> dict[str, float]:
        """Shrunk ``q·c_lang − q·c_all`` per language (all zero when there is only one language)."""
        if len(self.centroids) < 2:
            return {}
        base = float(qvec @ self.overall)
        return {
            lang: (float(qvec @ c) - base) * self.counts[lang] / (self.counts[lang] + prior)
            for lang, c in self.centroids.items()
        }


def _profile(sums: dict[str, np.ndarray], counts: dict[str, int], languages: Any) -> LanguageProfile | None:
    if not counts:
        return None
    overall = sum(sums.values()) / sum(counts.values())
    return LanguageProfile(
        {lang: (sums[lang] / counts[lang]).astype(np.float32) for lang in sums},
        counts,
        np.asarray(overall, dtype=np.float32),
        languages,
    )


def language_profile(kb: KnowledgeBase, index: LexicalIndex | None) -> LanguageProfile | None:
    """Per-language mean chunk vectors: from the sums the lexical index gathered while it was built from
    the vector store; otherwise every chunk vector is read once (the index knows each chunk's language;
    without an index the text is read)."""
    base = index.index if isinstance(index, ScopedLexical) else index
    if base is not None:
        gathered = base.language_centroids()
        if gathered is not None:
            return _profile(*gathered, _IndexLanguages(base))
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    languages: dict[str, str] = {}
    for ids, texts, _, vectors in kb.store.iter_chunks(vectors=True):
        for j, cid in enumerate(ids):
            lang = base.language_of(cid) if base is not None else text_language(texts[j])
            if lang is None or vectors is None:
                continue
            v = np.asarray(vectors[j], dtype=np.float64)
            sums[lang] = sums[lang] + v if lang in sums else v.copy()
            counts[lang] = counts.get(lang, 0) + 1
            languages[cid] = lang
    return _profile(sums, counts, _IndexLanguages(base) if base is not None else languages)


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
        self.balance = cfg.language_balance
        self.balance_prior = cfg.language_balance_prior
        self.cross_weight = cfg.cross_script_weight
        self.translate_weight = cfg.translate_weight
        # the language profile and what it was built from: one dict shared with the copies Engine.view makes
        # for each reader (copy.copy), so a scoped question never re-reads every vector of the collection
        self._profile_cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    # language balance -----------------------------------------------------------
    def profile(self) -> LanguageProfile | None:
        """The collection's language profile, rebuilt when the collection changed (new lexical index).

        It describes the whole collection (every chunk's vector), so a reader's scoped view uses the same
        profile as the unscoped engine: the key is the base index, not the view's wrapper around it.
        """
        index = self.kb.lexical
        base = index.index if isinstance(index, ScopedLexical) else index
        # every ingest gives a new index object; its size stands in for the collection's (a Chroma count is
        # a round trip per question that grows with the collection)
        key = (base, len(base) if base is not None else self.kb.store.count())
        with self._lock:
            cached = self._profile_cache.get("key")
            if cached is None or cached[0] is not key[0] or cached[1] != key[1]:
                self._profile_cache["profile"] = language_profile(self.kb, index)
                self._profile_cache["key"] = key
            profile: LanguageProfile | None = self._profile_cache["profile"]
            return profile

    def _language(self, hit: Hit, profile: LanguageProfile | None) -> str | None:
        lang = profile.languages.get(hit.id) if profile is not None else None
        return lang or hit.metadata.get("language") or text_language(hit.text)

    # the two sides -----------------------------------------------------------
    def dense(self, query: str, k: int, where: dict[str, Any] | None, *, texts: bool = True) -> list[Hit]:
        """Dense hits, language-balanced (see the module docstring) when the corpus mixes languages;
        ``texts=False``: without their text (fusion needs ids, scores and metadata only)."""
        profile = self.profile() if self.balance else None
        if profile is None or len(profile.centroids) < 2:
            return self.kb.store.search(query, k=k, where=where, texts=texts)
        qvec = self.kb.embedder.embed_query(query)
        hits = self.kb.store.search_by_vector(qvec, k=max(k, self.depth), where=where, texts=texts)
        offsets = profile.offsets(qvec, self.balance_prior)
        shifted = [
            Hit(h.id, h.text, h.score - offsets.get(profile.languages.get(h.id) or "", 0.0), h.metadata)
            for h in hits
        ]
        shifted.sort(key=lambda h: (-h.score, h.id))
        return shifted[:k]

    def lexical(
        self, query: str, k: int, where: dict[str, Any] | None, language: str | None = None
    ) -> tuple[list[tuple[str, float]], float]:
        index = self.kb.lexical
        if index is None or len(index) == 0:
            return [], 0.0
        return index.search(query, k=k, where=where, language=language), index.coverage(query, language)

    def cross_lexical(
        self, query: str, k: int, where: dict[str, Any] | None, language: str | None = None
    ) -> tuple[list[tuple[str, float]], float]:
        """BM25 hits on the other-script spellings of the query's words, and the share of words that had one."""
        index = self.kb.lexical
        if self.cross_weight <= 0 or index is None or len(index) == 0:
            return [], 0.0
        return index.cross_script_search(query, k=k, where=where, language=language)

    def translator(self) -> TermTranslator | None:
        """The word translator of the current index (one per index, shared with the readers' views)."""
        return translator_for(self.kb.lexical, self.kb.embedder, self.kb.settings.retrieval)

    def translated_lexical(
        self, query: str, k: int, where: dict[str, Any] | None, language: str | None, coverage: float
    ) -> tuple[list[tuple[str, float]], float]:
        """BM25 hits on the query words' translations into the other script, and the share translated."""
        index = self.kb.lexical
        if self.translate_weight <= 0 or coverage >= 1.0 or index is None or len(index) == 0:
            return [], 0.0  # off, or BM25 sees every word of the query: nothing to translate
        translator = self.translator()
        if translator is None:
            return [], 0.0
        found, share = translator.translate(query, language)
        ids = list(dict.fromkeys(t.term_id for t in found))
        return (index.search_terms(ids, k=k, where=where), share) if ids else ([], 0.0)

    # public ------------------------------------------------------------------
    def search(self, query: str, k: int = 10, where: dict[str, Any] | None = None) -> list[Hit]:
        if k <= 0:
            return []
        if self.mode == "dense":
            return self.dense(query, k, where)
        depth = max(self.depth, k)
        language = detect_language(query)
        lex, coverage = self.lexical(query, depth, where, language)
        if self.mode == "bm25":
            found = self.kb.store.get([cid for cid, _ in lex[:k]])
            return [Hit(cid, found[cid].text, s, found[cid].metadata) for cid, s in lex[:k] if cid in found]
        dense = self.dense(query, depth, where, texts=False)
        unseen: set[str] = set()
        if self.balance:  # documents BM25 cannot see: another script than the query's
            profile = self.profile()
            script = script_of(language)
            langs = {self._language(h, profile) for h in dense}
            if len({script_of(lang) for lang in langs if lang}) > 1:
                unseen = {h.id for h in dense if script_of(self._language(h, profile)) not in (script, None)}
        cross = self.cross_lexical(query, depth, where, language)
        translated = self.translated_lexical(query, depth, where, language, coverage)
        fused = self._fuse(dense, lex, coverage, unseen, cross, translated)
        # text only for what is returned: one read by id of the best k (through the view), the next k
        # only when some of those are gone or filtered out
        out: list[Hit] = []
        for start in range(0, len(fused), k):
            batch = fused[start : start + k]
            found = self.kb.store.get([cid for cid, _ in batch])
            for cid, score in batch:
                hit = found.get(cid)
                if hit is not None and matches(hit.metadata, where):
                    out.append(Hit(cid, hit.text, score, hit.metadata))
                    if len(out) == k:
                        return out
        return out

    def _fuse(
        self,
        dense: list[Hit],
        lex: list[tuple[str, float]],
        coverage: float,
        unseen: set[str] | frozenset[str] = frozenset(),
        cross: tuple[list[tuple[str, float]], float] = ([], 0.0),
        translated: tuple[list[tuple[str, float]], float] = ([], 0.0),
    ) -> list[tuple[str, float]]:
        """Fuse the rankings; ``unseen`` dense hits (other script) take their dense score as lexical score;
        ``cross`` and ``translated`` (hits, share of query words) are the cross-script and the translated-word
        lexical rankings."""
        # squared: a lexical side that sees only a number or a name of a cross-script query counts for ~nothing
        w_lex = self.lexical_weight * coverage**2
        xlex, xshare = cross
        w_x = self.cross_weight * xshare**2 if xlex else 0.0
        tlex, tshare = translated
        # translations stand in for the words BM25 cannot see: none needed when the index knows them all
        w_t = self.translate_weight * tshare**2 * (1.0 - coverage) if tlex else 0.0
        lex_ids = {cid for cid, _ in lex}
        unseen = {cid for cid in unseen if cid not in lex_ids}
        scores: dict[str, float] = {}
        if self.fusion == "rrf":
            for rank, h in enumerate(dense):
                rr = 1 / (self.rrf_k + rank + 1)
                scores[h.id] = (
                    scores.get(h.id, 0.0) + (self.dense_weight + (w_lex if h.id in unseen else 0.0)) * rr
                )
            for rank, (cid, _) in enumerate(lex):
                scores[cid] = scores.get(cid, 0.0) + w_lex / (self.rrf_k + rank + 1)
            for extra, w in ((xlex, w_x), (tlex, w_t)):
                for rank, (cid, _) in enumerate(extra):
                    scores[cid] = scores.get(cid, 0.0) + w / (self.rrf_k + rank + 1)
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
                    if cid in unseen:
                        scores[cid] += w_lex * (s - lo) / span
            # BM25 scores have a natural zero: scaled by the best, so a lone cross-script hit still counts
            for extra, w in ((xlex, w_x), (tlex, w_t)):
                top = max((s for _, s in extra), default=0.0) or 1.0
                for cid, s in extra:
                    scores[cid] = scores.get(cid, 0.0) + w * s / top
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
