"""Language parity over the bundled sample: the same office question asked in English, Russian and Kyrgyz
rests on largely the same evidence (scripts/bench_parity.py prints the per-triple figures)."""

from __future__ import annotations

import sys

import numpy as np

from retrieval.engine import Engine
from retrieval.search import HybridRetriever, LanguageProfile
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from bench_parity import load_triples, measure  # noqa: E402


def test_parity_triples_cover_the_three_languages() -> None:
    """The parity set has ≥20 triples, each with an English, a Russian and a Kyrgyz question."""
    triples = load_triples()
    assert len(triples) >= 20
    assert all(t["en"] and t["ru"] and t["ky"] and t["en"] != t["ru"] for t in triples)


def test_citation_overlap_across_languages(sample_engine: Engine) -> None:
    """The share of the English answer's top-5 citations that reappear in the Russian answer is ≥ 0.6 on
    average (the issue's goal). Kyrgyz does NOT meet the 0.6 goal yet (measured 0.445 after the second pass,
    0.427 before it; the old code: 0.23; 0.499 with word translation, which is off by default): this guards
    the measured level against regressions, see docs/BENCHMARKS.md."""
    result = measure(sample_engine, load_triples())
    avg = result["average"]
    assert avg["ru"] >= 0.6, result
    assert avg["ky"] >= 0.42, result


def test_language_offsets_vanish_with_one_language() -> None:
    """With a single language in the corpus the dense shift is empty (ranking and scores untouched);
    with two, the query's own language is pushed down by its excess mean similarity."""
    one = LanguageProfile({"en": np.array([1.0, 0.0], dtype=np.float32)}, {"en": 5}, np.array([1.0, 0.0]), {})
    assert one.offsets(np.array([0.6, 0.8]), prior=3.0) == {}
    two = LanguageProfile(
        {"en": np.array([1.0, 0.0], dtype=np.float32), "ru": np.array([0.0, 1.0], dtype=np.float32)},
        {"en": 10, "ru": 10},
        np.array([0.5, 0.5], dtype=np.float32),
        {},
    )
    off = two.offsets(np.array([0.0, 1.0], dtype=np.float32), prior=0.0)  # a query close to the "ru" bucket
    assert off["ru"] > 0 > off["en"]


def test_russian_question_reaches_english_documents(sample_engine: Engine) -> None:
    """On the mixed-language sample a Russian question's top hits are not all Russian-language chunks:
    BM25 can only see Russian text, so English chunks take their dense score in its place."""
    retriever = sample_engine.retriever
    assert isinstance(retriever, HybridRetriever)
    profile = retriever.profile()
    assert profile is not None and {"en", "ru"} <= set(profile.counts)
    hits = retriever.search("Какие проекты используют Тундук?", k=5)
    assert sum(profile.languages.get(h.id) == "en" for h in hits) >= 3
