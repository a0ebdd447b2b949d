"""Word translation induced from the embedder, for the lexical side of cross-lingual questions.

BM25 cannot match «төлөмдөр» to "payments", and a multilingual embedder ranks the few passages in the
question's own language first. But the same embedder places a single word near its translation: embedded
as queries, «төлөмдөр» is nearest "payment", «этикасы» "ethic", «киберкоопсуздугу» "cybersecur" among the
index's own terms. So for each content word of a question written in one script, the index's terms of the
*other* script are ranked by similarity to the word, and the best one is taken as its translation when it
stands out from that word's similarity to the whole vocabulary: a z-score of at least
``translate_min_z`` (scale-free: it holds on any embedder's similarity scale). The translations then give
one more BM25 ranking, weighted like the cross-script one: ``translate_weight`` × (share of the question's
content words that found one)² × (1 − the share of its words BM25 already sees).

The candidate terms are the other script's alphabetic terms found in at least two chunks, the
``translate_vocab`` most frequent (their query vectors are kept in the embedding cache, so each is embedded
once per model, at ingest). Nothing changes for a corpus written in one script.

Off by default (``translate_weight`` 0): on our parity triples weight 3 lifts Kyrgyz 0.445 → 0.499, but on
SIB-200 whole-sentence queries it costs Russian MRR@10 0.994 → 0.978 (docs/BENCHMARKS.md "fifth pass").
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import dataclass
from typing import Any

import numpy as np

from retrieval.embed_cache import query_vectors
from retrieval.lexical import LexicalIndex, content_words, script_of_word

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Translation:
    """A question word and the indexed term it was translated to, with its z-score."""

    word: str
    term: str
    term_id: int  # in the lexical index's vocabulary
    z: float


class _Targets:
    """One script's candidate terms: names, vocabulary ids, unit query vectors."""

    def __init__(self, terms: list[str], ids: list[int], vectors: np.ndarray) -> None:
        self.terms, self.ids, self.vectors = terms, ids, vectors


class TermTranslator:
    """Translates question words into indexed terms of the other script (see the module docstring)."""

    def __init__(self, index: LexicalIndex, embedder: Any, *, vocab: int, min_z: float) -> None:
        self.index = index
        self.embedder = embedder
        self.vocab = vocab
        self.min_z = min_z
        self._targets: dict[str, _Targets | None] = {}
        self._lock = threading.Lock()

    def _candidates(self, script: str) -> _Targets | None:
        with self._lock:
            if script not in self._targets:
                self._targets[script] = self._build(script)
            return self._targets[script]

    def _build(self, script: str) -> _Targets | None:
        rows = self.index.frequent_terms(script, min_df=2, limit=self.vocab)
        if len(rows) < 2:
            return None
        terms = [t for t, _ in rows]
        vecs = query_vectors(self.embedder, terms).astype(np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return _Targets(terms, [i for _, i in rows], vecs / np.where(norms == 0, 1.0, norms))

    def translate(self, query: str, language: str | None) -> tuple[list[Translation], float]:
        """The query's content words translated into the other script's indexed terms, and the share of its
        content words that found one (0.0 when none, or when the index has no other script)."""
        by_script: dict[str, list[str]] = {}
        for word in content_words(query, language):
            script = script_of_word(word)
            if script is not None:
                by_script.setdefault(script, []).append(word)
        words = sum(len(group) for group in by_script.values())
        if not words:
            return [], 0.0
        out: list[Translation] = []
        for script, group in by_script.items():
            targets = self._candidates("latn" if script == "cyrl" else "cyrl")
            if targets is None:
                continue
            # the question's words: the embedder's in-memory query cache, not the on-disk one
            raw = np.stack([np.asarray(self.embedder.embed_query(w), dtype=np.float32) for w in group])
            qv = raw / np.where((n := np.linalg.norm(raw, axis=1, keepdims=True)) == 0, 1.0, n)
            sims = qv @ targets.vectors.T
            mean, std = sims.mean(axis=1), sims.std(axis=1)
            for row, word in enumerate(group):
                best = int(np.argmax(sims[row]))
                z = float((sims[row, best] - mean[row]) / (std[row] or 1.0))
                if z >= self.min_z:
                    out.append(Translation(word, targets.terms[best], targets.ids[best], z))
        return out, len(out) / words

    def warm(self) -> None:
        """Embed both scripts' candidate terms now (into the embedding cache), not on the first question."""
        for script in ("latn", "cyrl"):
            self._candidates(script)


_TRANSLATORS: weakref.WeakKeyDictionary[LexicalIndex, TermTranslator] = weakref.WeakKeyDictionary()
_TRANSLATORS_LOCK = threading.Lock()


def translator_for(index: Any, embedder: Any, config: Any) -> TermTranslator | None:
    """The translator of a lexical index (a reader's view: of the index behind it), one per index and
    process; None when translation is off (``translate_weight`` 0) or there is no index."""
    base = getattr(index, "index", index)  # ScopedLexical → the whole index: the vocabulary is shared
    if config.translate_weight <= 0 or not isinstance(base, LexicalIndex) or len(base) == 0:
        return None
    with _TRANSLATORS_LOCK:
        found = _TRANSLATORS.get(base)
        stale = found is None or (
            (found.vocab, found.min_z, getattr(found.embedder, "name", None))
            != (config.translate_vocab, config.translate_min_z, getattr(embedder, "name", None))
        )
        if found is None or stale:
            found = TermTranslator(base, embedder, vocab=config.translate_vocab, min_z=config.translate_min_z)
            _TRANSLATORS[base] = found
        return found


def warm(kb: Any) -> None:
    """After an ingest: put the candidate terms' query vectors in the embedding cache, so the first question
    of every process reads them instead of embedding them. Never raises (translation is an aid)."""
    try:
        translator = translator_for(kb.lexical, kb.embedder, kb.settings.retrieval)
        if translator is not None:
            translator.warm()
    except Exception:  # noqa: BLE001 - a failed warm-up only makes the first question slower
        log.exception("word-translation warm-up failed; it runs on the first question instead")
