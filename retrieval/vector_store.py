"""The Chroma collection behind dtbot: written through langchain-chroma, read with the Chroma client.

Reading (queries, ``get``, counts) uses the ``chromadb`` collection directly, and LangChain is imported
only when something is written, so a question or ``dtbot search`` does not pay LangChain's import time.
"""

from __future__ import annotations

import copy
import json
import logging
import math
from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from config.settings import Settings
from core.access import Viewer, where_for
from core.errors import BackendUnavailableError, EmbedderMismatchError
from core.types import Hit
from core.where import matches
from retrieval.embedders import Embedder

if TYPE_CHECKING:
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)


def langchain_embeddings(embedder: Embedder) -> Embeddings:
    """Adapts an ``Embedder`` to LangChain's ``Embeddings`` interface (LangChain imported on first use)."""
    from langchain_core.embeddings import Embeddings

    class LangchainEmbeddings(Embeddings):
        def __init__(self, embedder: Embedder) -> None:
            self.embedder = embedder

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return self.embedder.embed_documents(texts).tolist()  # type: ignore[no-any-return]

        def embed_query(self, text: str) -> list[float]:
            return self.embedder.embed_query(text).tolist()  # type: ignore[no-any-return]

    return LangchainEmbeddings(embedder)


def _unreachable(exc: BaseException, *, remote: bool) -> bool:
    """Whether ``exc`` means the vector store could not be reached or failed on its side (a stopped or
    overloaded Chroma server, a reset connection, a 5xx), as opposed to a bad request of ours."""
    import httpx
    from chromadb import errors as chroma_errors

    if remote and type(exc) is Exception:
        # chromadb's HTTP client raises a bare Exception(body) for an error status whose body is not one
        # of Chroma's own errors: a proxy's or load balancer's 5xx page in front of the server
        return True
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    return isinstance(
        exc, httpx.TransportError | OSError | chroma_errors.InternalError | chroma_errors.RateLimitError
    )


def _where_to(settings: Settings) -> str:
    """Where the vector store is, for messages: the server's host:port (never credentials) or "embedded"."""
    if not settings.chroma_url:
        return "the embedded Chroma store"
    url = urlparse(settings.chroma_url)
    return f"the Chroma server at {url.hostname}:{url.port or (443 if url.scheme == 'https' else 8000)}"


class _GuardedCollection:
    """A Chroma collection whose failures to reach the store surface as :class:`BackendUnavailableError`
    with a one-line message (the CLI prints it; the bot answers "temporarily unavailable")."""

    def __init__(self, collection: Any, where: str, *, remote: bool) -> None:
        self._inner = collection
        self._where = where
        self._remote = remote

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return value(*args, **kwargs)
            except Exception as exc:
                if not _unreachable(exc, remote=self._remote):
                    raise
                raise BackendUnavailableError(
                    f"the vector store is unavailable ({self._where}: {type(exc).__name__}); "
                    "try again when it is back"
                ) from exc

        return call


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


def read_collection(settings: Settings) -> Any:
    """The existing collection of ``settings`` for reading only (no embedder, nothing created): what a
    child process that builds the BM25 index reads (retrieval/lexical_build.py)."""
    client = chroma_client(settings)
    try:
        collection = client.get_collection(settings.collection)
    except Exception as exc:
        raise BackendUnavailableError(f"cannot open the vector store: {exc}") from exc
    return _GuardedCollection(collection, _where_to(settings), remote=bool(settings.chroma_url))


def collection_ids(collection: Any, page: int = 5000) -> list[str]:
    """Every chunk id of ``collection`` (ids only, a page at a time)."""
    ids: list[str] = []
    for offset in range(0, int(collection.count()), page):
        ids += collection.get(include=[], limit=page, offset=offset)["ids"]
    return ids


def iter_collection(
    collection: Any, *, vectors: bool = False, page: int | None = None, ids: list[str] | None = None
) -> Iterator[tuple[list[str], list[str], list[dict[str, Any]], np.ndarray | None]]:
    """Every chunk of ``collection`` (or of ``ids``: those still stored) a page at a time, read by id (see
    :meth:`VectorStore.iter_chunks`)."""
    page = page or (500 if vectors else 2000)
    include = ["documents", "metadatas", "embeddings"] if vectors else ["documents", "metadatas"]
    if ids is None:
        ids = collection_ids(collection)
    for start in range(0, len(ids), page):
        got = collection.get(ids=ids[start : start + page], include=include)
        embeddings = got.get("embeddings") if vectors else None
        yield (
            list(got["ids"]),
            [d or "" for d in got["documents"] or []],
            [dict(m or {}) for m in got["metadatas"] or []],
            None if embeddings is None else np.asarray(embeddings, dtype=np.float32),
        )


class VectorStore:
    """Chunk vectors + text + metadata, with the embedder that built them recorded on the collection."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.embedder = embedder
        self._client = chroma_client(settings)
        self._name = settings.collection
        self._where_to = _where_to(settings)
        self._remote = bool(settings.chroma_url)
        self._fetch_max = settings.retrieval.scoped_fetch_max
        self._min_share = settings.retrieval.scoped_min_share
        # readable share of a reader's nearest chunks, per filter (shared by every view of this store)
        self._shares: dict[str, float] = {}
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
        self._wanted = wanted
        self._lc: Chroma | None = None
        self.viewer: Viewer | None = None  # set on a scoped view: every read is filtered by its policy
        try:
            self._collection = self._client.get_or_create_collection(
                self._name, embedding_function=None, metadata=wanted
            )
        except Exception as exc:
            raise BackendUnavailableError(f"cannot open the vector store: {exc}") from exc

    @property
    def lc(self) -> Chroma:
        """The LangChain ``Chroma`` wrapper of the same collection (the write path), made on first use."""
        if self._lc is None:
            from langchain_chroma import Chroma

            self._lc = Chroma(
                collection_name=self._name,
                client=self._client,
                embedding_function=langchain_embeddings(self.embedder),
                collection_metadata=self._wanted,
            )
            self._collection = self._lc._collection
        return self._lc

    @property
    def collection(self):  # type: ignore[no-untyped-def]
        """The Chroma collection; a store that cannot be reached raises BackendUnavailableError."""
        return _GuardedCollection(self._collection, self._where_to, remote=self._remote)

    def reopen(self) -> None:
        """Fetch the collection afresh (after another process's ingest): its metadata — the calibration —
        as last written, or the new collection when it was deleted and re-created (``--reset``)."""
        try:
            self._collection = self._client.get_or_create_collection(
                self._name, embedding_function=None, metadata=self._wanted
            )
        except Exception as exc:
            raise BackendUnavailableError(f"cannot open the vector store: {exc}") from exc
        self._lc = None

    # writing ---------------------------------------------------------------
    def upsert(self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]]) -> None:
        """Embed (through the cache) and upsert; chunk ids are deterministic so this is idempotent."""
        for start in range(0, len(ids), 256):
            sl = slice(start, start + 256)
            _GuardedCollection(self.lc, self._where_to, remote=self._remote).add_texts(
                texts=texts[sl], metadatas=metadatas[sl], ids=ids[sl]
            )

    def delete(self, ids: list[str]) -> None:
        for start in range(0, len(ids), 1000):
            part = ids[start : start + 1000]
            if part:
                self.collection.delete(ids=part)

    def reset(self) -> None:
        self.lc.reset_collection()
        self._collection = self.lc._collection

    # the access policy -----------------------------------------------------
    def scoped(self, viewer: Viewer) -> VectorStore:
        """A read view of the same collection that returns only chunks ``viewer`` may read.

        Every read of the view is checked against the policy's clause (``core.access.where_for``) here, in
        this class: nearest-neighbour queries and reads by id first fetch ids and metadata only, keep what
        the clause admits, and only then fetch text, so a restricted chunk's text never leaves the store;
        metadata reads (``get_where``) carry the clause inside Chroma's ``where``."""
        view = copy.copy(self)
        view.viewer = viewer
        return view

    def _where(self, where: dict[str, Any] | None) -> dict[str, Any] | None:
        return where if self.viewer is None else where_for(self.viewer, where)

    def _texts(self, ids: list[str], clause: dict[str, Any] | None) -> dict[str, Hit]:
        """Text and metadata of ``ids`` that satisfy ``clause`` (already checked; checked again here)."""
        if not ids:
            return {}
        got = self.collection.get(ids=ids, include=["documents", "metadatas"])
        return {
            cid: Hit(id=cid, text=doc or "", score=0.0, metadata=dict(meta or {}))
            for cid, doc, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=False
            )
            if matches(dict(meta or {}), clause)
        }

    # reading ---------------------------------------------------------------
    def heartbeat(self) -> int:
        """Chroma's heartbeat (nanoseconds): answers only when the store (embedded or server) is up."""
        return int(self._client.heartbeat())

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
        return collection_ids(self.collection)

    def iter_chunks(
        self, *, vectors: bool = False, page: int | None = None, ids: list[str] | None = None
    ) -> Iterator[tuple[list[str], list[str], list[dict[str, Any]], np.ndarray | None]]:
        """Every stored chunk (or those of ``ids`` still stored), a page at a time: ``(ids, texts,
        metadatas, vectors or None)`` (the whole collection is never held at once).

        Pages are read by id after one pass over the ids alone: Chroma's ``offset`` skips rows one by one
        (a 500-chunk page with vectors: 193 ms at offset 0, 345 ms at 900k on a 1M server collection; by
        id: 70–92 ms). Pages with vectors are smaller: a Chroma server sends them as JSON numbers, ~0.1 MB
        of Python objects per chunk while decoding (2,000 a page raised a build's peak by ~120 MB at 30k
        chunks, 500 by ~0)."""
        return iter_collection(self.collection, vectors=vectors, page=page, ids=ids)

    def all_chunks(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        for page_ids, page_texts, page_metas, _ in self.iter_chunks():
            ids += page_ids
            texts += page_texts
            metas += page_metas
        return ids, texts, metas

    def get(self, ids: list[str]) -> dict[str, Hit]:
        """Chunks by id (those the view may read)."""
        if not ids:
            return {}
        clause = self._where(None)
        if clause is None:
            return self._texts(ids, None)
        # by id, metadata first (a Chroma ``where`` costs a scan of the collection's metadata; a look-up by
        # id does not), then text of the readable ones only
        got = self.collection.get(ids=ids, include=["metadatas"])
        readable = [
            cid
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=False)
            if matches(dict(meta or {}), clause)
        ]
        return self._texts(readable, clause)

    def get_where(
        self,
        where: dict[str, Any],
        *,
        where_document: dict[str, Any] | None = None,
        include: tuple[str, ...] = ("documents", "metadatas"),
    ) -> dict[str, Any]:
        """Chroma ``get`` by metadata (and optionally document text) within the view."""
        return self.collection.get(  # type: ignore[no-any-return]
            where=self._where(where), where_document=where_document, include=list(include)
        )

    def search(
        self, query: str, k: int = 10, where: dict[str, Any] | None = None, *, texts: bool = True
    ) -> list[Hit]:
        return self.search_by_vector(self.embedder.embed_query(query), k=k, where=where, texts=texts)

    def search_by_vector(
        self, vector: np.ndarray, k: int = 10, where: dict[str, Any] | None = None, *, texts: bool = True
    ) -> list[Hit]:
        """The ``k`` nearest chunks (within the view). ``texts=False``: ids, scores and metadata only (text
        empty) — for a caller that ranks many candidates and then reads the text of a few with :meth:`get`."""
        if k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32).tolist()
        clause = self._where(where)
        if self.viewer is not None and clause is not None:
            hits = self._readable_nearest(query, k, clause, texts)
            if hits is not None:
                return hits
        # no count() first: Chroma returns fewer hits (none for an empty collection) when it holds fewer
        # than k, and a count costs a round trip that grows with the collection (~10 ms at 100k chunks on
        # a Chroma server, see docs/BENCHMARKS.md "Scale")
        res = self.collection.query(
            query_embeddings=[query],
            n_results=k,
            where=clause or None,
            include=["documents", "metadatas", "distances"] if texts else ["metadatas", "distances"],
        )
        docs = res["documents"][0] if texts else [""] * len(res["ids"][0])
        return [
            Hit(id=cid, text=doc or "", score=1.0 - float(dist), metadata=dict(meta or {}))
            for cid, doc, meta, dist in zip(
                res["ids"][0], docs, res["metadatas"][0], res["distances"][0], strict=False
            )
        ]

    def _readable_nearest(
        self, query: list[float], k: int, clause: dict[str, Any], texts: bool = True
    ) -> list[Hit] | None:
        """A reader's top-``k``: the nearest chunks without a Chroma ``where`` (ids, metadata and distances
        only), kept when the clause admits them; then the text of those (unless ``texts`` is False). None
        when too few of the fetched chunks were readable — the caller then asks Chroma with the clause
        inside its ``where``.

        Exact whenever it answers: the ``n`` nearest chunks hold ``k`` readable ones, so no readable chunk
        outside them can be nearer. Chroma evaluates a ``where`` by scanning the collection's metadata (190 ms
        at 30k chunks, growing linearly; an unfiltered 200-result query takes 12 ms), so readers whose clause
        admits most chunks (staff, public) pay the scan only when their question's neighbours are restricted.
        ``n`` follows the share of readable chunks seen for this clause (a running estimate)."""
        key = json.dumps(clause, sort_keys=True, default=str)
        share = self._shares.get(key, 0.5)
        if share < self._min_share:
            self._shares[key] = share + 0.01  # mostly restricted so far: the filtered query, retried later
            return None
        n = min(self._fetch_max, max(k, math.ceil(1.25 * k / share) + 10))
        res = self.collection.query(query_embeddings=[query], n_results=n, include=["metadatas", "distances"])
        ids, metas, dists = res["ids"][0], res["metadatas"][0], res["distances"][0]
        rows = [
            (cid, float(dist), dict(meta or {})) for cid, meta, dist in zip(ids, metas, dists, strict=False)
        ]
        kept = [row for row in rows if matches(row[2], clause)]
        if ids:
            self._shares[key] = 0.8 * share + 0.2 * (len(kept) / len(ids))
        if len(kept) < k and len(ids) >= n:  # the collection may hold readable chunks beyond these n
            return None
        if not texts:
            return [Hit(id=cid, text="", score=1.0 - dist, metadata=meta) for cid, dist, meta in kept[:k]]
        found = self._texts([cid for cid, _, _ in kept[:k]], clause)
        return [
            Hit(id=cid, text=found[cid].text, score=1.0 - dist, metadata=found[cid].metadata)
            for cid, dist, _ in kept[:k]
            if cid in found
        ]
