"""A cache of document embeddings keyed by (embedder name, text hash): a SQLite file, or a table of the
PostgreSQL records database (shared by every host) when DTBOT_DATABASE_URL is PostgreSQL and
DTBOT_EMBED_CACHE is unset (:func:`open_embedding_cache`)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from retrieval.embedders import Embedder

if TYPE_CHECKING:
    from sqlalchemy import Engine as SqlEngine

    from config.settings import Settings


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Persistent map (embedder, sha256(text)) -> float32 vector. Safe to share between homes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=60)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS embedding (embedder TEXT, hash TEXT, vec BLOB, "
            "PRIMARY KEY (embedder, hash))"
        )
        self._conn.commit()
        self._lock = threading.Lock()

    def get_many(self, embedder: str, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(hashes), 500):
                part = hashes[start : start + 500]
                marks = ",".join("?" * len(part))
                rows = self._conn.execute(
                    f"SELECT hash, vec FROM embedding WHERE embedder=? AND hash IN ({marks})",  # noqa: S608
                    [embedder, *part],
                ).fetchall()
                for h, blob in rows:
                    found[h] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, embedder: str, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._conn.executemany(
                "INSERT OR REPLACE INTO embedding (embedder, hash, vec) VALUES (?, ?, ?)",
                [(embedder, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )
            self._conn.commit()

    def count(self, embedder: str | None = None) -> int:
        with self._lock:
            if embedder is None:
                return int(self._conn.execute("SELECT COUNT(*) FROM embedding").fetchone()[0])
            q = "SELECT COUNT(*) FROM embedding WHERE embedder=?"
            return int(self._conn.execute(q, (embedder,)).fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class VectorCache(Protocol):
    def get_many(self, embedder: str, hashes: list[str]) -> dict[str, np.ndarray]: ...
    def put_many(self, embedder: str, items: dict[str, np.ndarray]) -> None: ...
    def count(self, embedder: str | None = None) -> int: ...
    def close(self) -> None: ...


class DatabaseEmbeddingCache:
    """The same map in table ``embedding_cache`` of the records database (records/shared_models.py)."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._sql: SqlEngine | None = None  # connected on first use (``dtbot stats`` only needs the name)
        self._connect = threading.Lock()

    @property
    def _engine(self) -> SqlEngine:
        with self._connect:
            if self._sql is None:
                from records.db import make_engine

                self._sql = make_engine(self._url)
            return self._sql

    def get_many(self, embedder: str, hashes: list[str]) -> dict[str, np.ndarray]:
        from sqlmodel import Session

        from records import shared_crud

        with Session(self._engine) as s:
            found = shared_crud.cached_vectors(s, embedder=embedder, hashes=hashes)
        return {h: np.frombuffer(v, dtype=np.float32) for h, v in found.items()}

    def put_many(self, embedder: str, items: dict[str, np.ndarray]) -> None:
        from sqlmodel import Session

        from records import shared_crud

        blobs = {h: np.asarray(v, dtype=np.float32).tobytes() for h, v in items.items()}
        with Session(self._engine) as s:
            shared_crud.store_vectors(s, embedder=embedder, items=blobs)

    def count(self, embedder: str | None = None) -> int:
        from sqlmodel import Session

        from records import shared_crud

        with Session(self._engine) as s:
            return shared_crud.count_vectors(s, embedder=embedder)

    def close(self) -> None:
        if self._sql is not None:
            self._sql.dispose()


def open_embedding_cache(settings: Settings) -> VectorCache:
    """The database table when the records database is PostgreSQL and no cache file is configured (hosts
    share it), else the SQLite file ``settings.embed_cache_path``."""
    from records.advisory import is_postgres

    if settings.embed_cache is None and is_postgres(settings.sql_url):
        return DatabaseEmbeddingCache(settings.sql_url)
    return EmbeddingCache(settings.embed_cache_path)


class CachedEmbedder:
    """Wraps an ``Embedder``: documents go through the disk cache, queries through a small LRU."""

    def __init__(self, inner: Embedder, cache: VectorCache, batch: int = 16, query_cache: int = 512) -> None:
        self.inner = inner
        self.cache = cache
        self.name = inner.name
        self.batch = max(1, batch)
        self.embedded_texts = 0  # texts that actually went through the model (for stats/benchmarks)
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._query_cap = query_cache
        self._qlock = threading.Lock()

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        hashes = [text_hash(t) for t in texts]
        found = self.cache.get_many(self.name, sorted(set(hashes)))
        missing: dict[str, str] = {}
        for h, t in zip(hashes, texts, strict=True):
            if h not in found and h not in missing:
                missing[h] = t
        items = list(missing.items())
        for start in range(0, len(items), self.batch):
            part = items[start : start + self.batch]
            vecs = self.inner.embed_documents([t for _, t in part])
            new = {h: v for (h, _), v in zip(part, vecs, strict=True)}
            self.cache.put_many(self.name, new)  # persisted per batch: a crash loses at most one batch
            found.update(new)
            self.embedded_texts += len(part)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[h] for h in hashes]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._qlock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
        vec = self.inner.embed_query(text)
        with self._qlock:
            self._queries[text] = vec
            if len(self._queries) > self._query_cap:
                self._queries.popitem(last=False)
        return vec


def query_vectors(embedder: Any, texts: list[str]) -> np.ndarray:
    """``texts`` embedded as queries, one row each. With the caching embedder (:class:`CachedEmbedder`) the
    vectors are kept in its on-disk cache under ``<model name>#query`` (the cache otherwise holds
    passage vectors only), so a tag model or word translator rebuilt after an ingest embeds only new names."""
    cache = getattr(embedder, "cache", None)
    inner = getattr(embedder, "inner", None)
    if cache is None or inner is None:
        rows = [np.asarray(embedder.embed_query(t), dtype=np.float32) for t in texts]
        return np.stack(rows) if rows else np.zeros((0, embedder.dim), dtype=np.float32)
    space = f"{embedder.name}#query"
    hashes = [text_hash(t) for t in texts]
    found = cache.get_many(space, sorted(set(hashes)))
    missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in found}
    new = {h: np.asarray(inner.embed_query(t), dtype=np.float32) for h, t in missing.items()}
    if new:
        cache.put_many(space, new)
        found.update(new)
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.stack([found[h] for h in hashes]).astype(np.float32)
