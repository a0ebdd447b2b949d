"""Word translation induced from the embedder (retrieval/translation.py; off by default, turned on here) over
the ingested sample, with the bundled multilingual model: question words in one script find their
translations among the index's terms of the other script, and those terms give the hybrid search's lexical
side something to match."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import RetrievalConfig, Settings
from retrieval.embed_cache import text_hash
from retrieval.engine import Engine, open_engine
from retrieval.search import HybridRetriever
from retrieval.translation import TermTranslator
from tests.conftest import make_settings

ON = RetrievalConfig(translate_weight=3.0)


@pytest.fixture(scope="module")
def sample_engine(sample_settings: Settings) -> Iterator[Engine]:
    """The engine over the session's ingested sample (read-only), with word translation on."""
    engine = open_engine(sample_settings.model_copy(update={"retrieval": ON}))
    yield engine
    engine.close()


def _retriever(engine: Engine) -> HybridRetriever:
    retriever = engine.retriever
    assert isinstance(retriever, HybridRetriever)
    return retriever


def _translator(engine: Engine) -> TermTranslator:
    translator = _retriever(engine).translator()
    assert translator is not None
    return translator


def test_kyrgyz_and_russian_words_translate_into_indexed_english_terms(sample_engine: Engine) -> None:
    """«маалыматтарды коргоо» (data protection) and «этикой … интеллекта» (ethics of intelligence) find the
    English terms the sample indexes; each translation is an indexed term of the other script."""
    translator = _translator(sample_engine)
    found, share = translator.translate("Жеке маалыматтарды коргоо боюнча ким кеңеш бере алат?", "ky")
    assert {t.term for t in found} >= {"data", "protect"} and 0 < share < 1
    found, _ = translator.translate("Кто занимается этикой искусственного интеллекта?", "ru")
    assert "ethic" in {t.term for t in found}
    assert all(t.term.isascii() and t.z >= translator.min_z for t in found)


def test_words_the_office_never_writes_about_find_no_translation(sample_engine: Engine) -> None:
    """Cats and dogs are nowhere in the office's documents: no English term stands out from the rest, so
    nothing is translated rather than the nearest unrelated term."""
    found, share = _translator(sample_engine).translate("Мышыктар жана иттер", "ky")
    assert found == [] and share == 0.0


def test_translated_words_bring_english_passages_to_a_kyrgyz_question(sample_engine: Engine) -> None:
    """A Kyrgyz question about AI ethics: without translations its top five passages say nothing of ethics
    but one (dense similarity alone favours the sample's Kyrgyz-language passages); with them, more do."""
    on = _retriever(sample_engine)
    off = copy.copy(on)
    off.translate_weight = 0.0
    question = "Жасалма интеллекттин этикасы менен ким алектенет?"

    def ethics(retriever: HybridRetriever) -> int:
        return sum("ethic" in h.text.lower() for h in retriever.search(question, k=5))

    assert ethics(on) > ethics(off)


def test_a_question_the_index_sees_whole_is_not_translated(sample_engine: Engine) -> None:
    """An English question whose every word is indexed (lexical coverage 1.0) gets no translated ranking: the
    translation stands in only for words BM25 cannot see."""
    retriever = _retriever(sample_engine)
    question = "Who knows about e-procurement?"
    coverage = sample_engine.kb.lexical.coverage(question, "en")  # type: ignore[union-attr]
    assert coverage == 1.0
    assert retriever.translated_lexical(question, 10, None, "en", coverage) == ([], 0.0)


def test_ingest_puts_the_candidate_terms_in_the_embedding_cache(
    tmp_path: Path, embed_cache_path: Path
) -> None:
    """With translation on, an ingest leaves every candidate term's query vector in the on-disk embedding
    cache (the first question of a new process reads them instead of embedding thousands of words); with it
    off, the ingest embeds none."""
    from ingest.pipeline import run_ingest

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "en.md").write_text(
        "# Payments\n\nDigital payments for small businesses.\n\n## Ethics\n\nEthics of digital payments.\n",
        encoding="utf-8",
    )
    (docs / "ru.md").write_text(
        "# Платежи\n\nЦифровые платежи для малого бизнеса.\n\n## Этика\n\nЭтика цифровых платежей.\n",
        encoding="utf-8",
    )
    for weight, expect in ((0.0, False), (3.0, True)):
        settings = make_settings(
            tmp_path / f"home-{weight}",
            tmp_path / f"cache-{weight}.sqlite",
            retrieval=RetrievalConfig(translate_weight=weight),
        )
        assert run_ingest(settings, [docs]).ok
        engine = open_engine(settings)
        try:
            index = engine.kb.lexical
            embedder = engine.kb.embedder
            assert index is not None
            terms = [t for script in ("latn", "cyrl") for t, _ in index.frequent_terms(script)]
            assert "payment" in terms
            stored = embedder.cache.get_many(  # type: ignore[attr-defined]
                f"{embedder.name}#query", [text_hash(t) for t in terms]
            )
            if expect:
                assert len(stored) == len(set(terms))
            else:  # (a calibration probe's topic may be one of these words; the terms as a whole are not there)
                assert len(stored) < len(set(terms))
        finally:
            engine.close()
