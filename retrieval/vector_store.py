"""The Chroma collection behind dtbot, used through langchain-chroma."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any
from urllib.parse import urlparse

import numpy as np
from langchain_core.embeddings import Embeddings

from config.settings import Settings
from core.errors import BackendUnavailableError, EmbedderMismatchError
from core.types import Hit
from retrieval.embedders import Embedder

log = logging.getLogger(__name__)


class LangchainEmbeddings(Embeddings):
    """Adapts an ``Embedder`` to LangChain's ``Embeddings`` interface."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(texts).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()  # type: ignore[no-any-return]


def chroma_client(settings: Settings):  # type: ignore[no-untyped-def]
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        settings.chroma_path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)
    except Exception as exc:  # chroma raises many types; the user needs one message
        raise BackendUnavailableError(f"cannot open the vector store: {exc}") from exc


class VectorStore:
    """Chunk vectors + text + metadata, with the embedder that built them recorded on the collection."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        from langchain_chroma import Chroma

        self.embedder = embedder
        self._client = chroma_client(settings)
        self._name = settings.collection
        wanted = {"embedder": embedder.name, "dim": embedder.dim, "hnsw:space": "cosine"}
        try:
            existing = self._client.get_collection(self._name)
        except Exception:
            existing = None
        if existing is not None:
            meta = existing.metadata or {}
            if meta.get("embedder") != embedder.name or int(meta.get("dim", -1)) != embedder.dim:
                raise EmbedderMismatchError(
                    f"the knowledge base was built with embedder {meta.get('embedder')!r} "
                    f"(dim {meta.get('dim')}), but DTBOT_EMBEDDER gives {embedder.name!r} (dim {embedder.dim}). "
                    "Re-ingest with `dtbot ingest --reset PATH…` or switch the embedder back."
                )
        self.lc = Chroma(
            collection_name=self._name,
            client=self._client,
            embedding_function=LangchainEmbeddings(embedder),
            collection_metadata=wanted,
        )

    @property
    def collection(self):  # type: ignore[no-untyped-def]
        return self.lc._collection

    # writing ---------------------------------------------------------------
    def upsert(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Embed (through the cache) and upsert; chunk ids are deterministic so this is idempotent."""
        for start in range(0, len(ids), 256):
            sl = slice(start, start + 256)
            self.lc.add_texts(texts=texts[sl], metadatas=metadatas[sl], ids=ids[sl])

    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), 1000):
            part = ids[start : start + 1000]
            if part:
                self.collection.delete(ids=part)

    def reset(self) -> None:
        self.lc.reset_collection()

    # reading ---------------------------------------------------------------
    def count(self) -> int:
        return int(self.collection.count())

    def ids_for_document(self, doc_id: str) -> set[str]:
        return set(self.collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def ids_by_document(self) -> dict[str, set[str]]:
        """Every stored chunk id grouped by its ``doc_id`` metadata."""
        grouped: dict[str, set[str]] = defaultdict(set)
        total = self.count()
        for offset in range(0, total, 5000):
            got = self.collection.get(include=["metadatas"], limit=5000, offset=offset)
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                grouped[str((meta or {}).get("doc_id", ""))].add(cid)
        return grouped

    def all_ids(self) -> list[str]:
        ids: list[str] = []
        for offset in range(0, self.count(), 5000):
            ids += self.collection.get(include=[], limit=5000, offset=offset)["ids"]
        return ids

    def all_chunks(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        total = self.count()
        for offset in range(0, total, 5000):
            got = self.collection.get(include=["documents", "metadatas"], limit=5000, offset=offset)
            ids += got["ids"]
            texts += [d or "" for d in got["documents"] or []]
            metas += [dict(m or {}) for m in got["metadatas"] or []]
        return ids, texts, metas

    def get(self, ids: list[str]) -> dict[str, Hit]:
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["documents", "metadatas"])
        return {
            cid: Hit(id=cid, text=doc or "", score=0.0, metadata=dict(meta or {}))
            for cid, doc, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=False
            )
        }

    def search(self, query: str, k: int = 10, where: dict[str, Any] | None = None) -> list[Hit]:
        return self.search_by_vector(self.embedder.embed_query(query), k=k, where=where)

    def search_by_vector(
        self, vector: np.ndarray, k: int = 10, where: dict[str, Any] | None = None
    ) -> list[Hit]:
        n = self.count()
        if n == 0:
            return []
        res = self.collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32).tolist()],
            n_results=min(k, n),
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        return [
            Hit(id=cid, text=doc or "", score=1.0 - float(dist), metadata=dict(meta or {}))
            for cid, doc, meta, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0], strict=False
            )
        ]
