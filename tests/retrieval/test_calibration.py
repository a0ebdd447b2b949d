"""Calibration: the embedder's similarity scale measured at ingest, stored with the collection, computed
lazily for old homes, refreshed only when the collection changed; relative alignment; overridable floors."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from config.settings import RetrievalConfig, Settings
from ingest.pipeline import run_ingest
from records.models import Project
from retrieval import calibration
from retrieval.answerability import Answerability
from retrieval.engine import Engine
from retrieval.knowledge_base import open_knowledge_base
from retrieval.projects import align_project
from tests.conftest import make_settings

DOCS = {
    "tunduk.md": "# Tunduk\n\nTunduk is the national interoperability platform that connects state "
    "information systems so ministries can exchange data securely.\n",
    "procurement.md": "# E-procurement\n\nThe e-procurement portal publishes public tenders and contracts "
    "as open data; the project trains procurement officers in the regions.\n",
}


@pytest.fixture
def small_home(tmp_path: Path, embed_cache_path: Path) -> tuple[Settings, Path]:
    src = tmp_path / "src"
    src.mkdir()
    for name, text in DOCS.items():
        (src / name).write_text(text, encoding="utf-8")
    settings = make_settings(tmp_path / "home", embed_cache_path)
    assert run_ingest(settings, [src]).ok
    return settings, src


def test_calibration_is_stored_with_the_collection_keeping_cosine(sample_settings: Settings) -> None:
    """After ingest the collection's metadata holds the calibration (per language, on- and off-topic
    probes, centroids), for this embedder and chunk count; the distance function stays cosine."""
    kb = open_knowledge_base(sample_settings)
    try:
        cal = calibration.stored(kb)
        assert cal is not None and cal.embedder == kb.embedder.name and cal.chunks == kb.store.count()
        assert set(cal.probes) == {"en", "ru", "ky"} and set(cal.centroids["ky"]) == {"on", "off"}
        for lang in ("en", "ru", "ky"):  # on-topic probes sit above off-topic ones on the dense signals
            for signal in ("top", "mean", "probe"):
                on, off = cal.stat(lang, "on", signal), cal.stat(lang, "off", signal)
                assert on is not None and off is not None and on.mean > off.mean, (lang, signal)
        assert kb.store.collection.configuration["hnsw"]["space"] == "cosine"
        again = calibration.Calibration.from_json(cal.to_json())
        assert again is not None and again.to_json() == cal.to_json()
    finally:
        kb.close()


def test_refresh_skips_an_unchanged_collection_and_recalibrates_a_changed_one(
    small_home: tuple[Settings, Path],
) -> None:
    """Re-ingesting unchanged files keeps the stored calibration; adding a file recalibrates it."""
    settings, src = small_home
    kb = open_knowledge_base(settings)
    first = kb.store.collection.metadata[calibration.META_KEY]
    kb.close()
    assert run_ingest(settings, [src]).ok
    kb = open_knowledge_base(settings)
    assert kb.store.collection.metadata[calibration.META_KEY] == first
    kb.close()
    (src / "gis.md").write_text("# GIS\n\nHazard maps from satellite imagery.\n", encoding="utf-8")
    assert run_ingest(settings, [src]).ok
    kb = open_knowledge_base(settings)
    try:
        cal = calibration.stored(kb)
        assert cal is not None and cal.chunks == kb.store.count() == 3
        assert kb.store.collection.metadata[calibration.META_KEY] != first
    finally:
        kb.close()


def test_home_without_calibration_is_calibrated_lazily(small_home: tuple[Settings, Path]) -> None:
    """A knowledge base built before calibration existed (no metadata key) still works: the engine
    calibrates in memory on first use and decides exactly as with the stored calibration."""
    settings, _ = small_home
    kb = open_knowledge_base(settings)
    try:
        question = "What is Tunduk?"
        with_stored = Answerability(kb).decide(question, "en")
        meta = {k: v for k, v in kb.store.collection.metadata.items() if k != calibration.META_KEY}
        kb.store.collection.modify(metadata={k: v for k, v in meta.items() if not k.startswith("hnsw:")})
        assert calibration.stored(kb) is None
        lazy = Answerability(kb).decide(question, "en")
        assert lazy.score == pytest.approx(with_stored.score, abs=1e-5)
        assert lazy.answerable == with_stored.answerable
    finally:
        kb.close()


async def test_answerability_floor_is_overridable(sample_settings: Settings) -> None:
    """``RetrievalConfig.answerable_min_score`` is the floor: raised far above any question's score,
    even "What is Tunduk?" gets "I don't know"."""
    strict = sample_settings.model_copy(update={"retrieval": RetrievalConfig(answerable_min_score=10.0)})
    kb = open_knowledge_base(strict)
    try:
        answer = await Engine(kb).ask("What is Tunduk?")
        assert answer.text.startswith("I don't know") and answer.answerable is False
    finally:
        kb.close()


def test_alignment_floor_is_relative(sample_engine: Engine) -> None:
    """Alignment keeps a strategy section by its z-score among all strategy chunks for the project passage:
    the default keeps the declared strategy; an impossible z keeps nothing."""
    with sample_engine.kb.session() as s:
        project = s.exec(select(Project).where(Project.code == "KGZ-DIG-001")).one()
    kept = align_project(sample_engine.kb, project)
    assert kept and any("Digital Kyrgyzstan" in c.strategy for c in kept)
    assert all(c.score >= sample_engine.kb.settings.retrieval.alignment_min_z for c in kept)
    assert align_project(sample_engine.kb, project, min_z=50.0) == []


def test_probe_questions_are_embedded_once_per_embedder(small_home: tuple[Settings, Path]) -> None:
    """The probe questions and their topics are the same for every collection: after a calibration their
    query vectors are in the on-disk embedding cache, and calibrating again embeds no query at all."""
    from retrieval.embed_cache import text_hash
    from retrieval.routing import Router

    settings, _ = small_home
    kb = open_knowledge_base(settings)
    embedder = kb.embedder
    questions = [q for kinds in calibration.PROBES.values() for qs in kinds.values() for q in qs]
    router = Router(settings)
    texts = set(questions) | {router.topic(q) for q in questions}
    cache = embedder.cache  # type: ignore[attr-defined]
    assert len(cache.get_many(f"{embedder.name}#query", [text_hash(t) for t in texts])) == len(texts)

    inner = embedder.inner  # type: ignore[attr-defined]
    calls: list[str] = []
    original = inner.embed_query

    def counting(text: str):  # type: ignore[no-untyped-def]
        calls.append(text)
        return original(text)

    inner.embed_query = counting
    try:
        again = calibration.calibrate(kb)
    finally:
        inner.embed_query = original
        kb.close()
    assert calls == [] and again.probes
