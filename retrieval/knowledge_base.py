"""The opened knowledge base: embedder, vector store, SQL engine and lexical index of one DTBOT_HOME.

The heavy parts (Chroma, the BM25 index, the embedder) are imported when a knowledge base is opened,
not when this module is: ``dtbot stats`` reads only SQL (``read_stats``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlmodel import Session

from config.settings import Settings
from core.access import Viewer, where_for
from core.errors import BackendUnavailableError, DtbotError
from records import crud, shared_crud
from records.db import make_engine
from records.models import Document

if TYPE_CHECKING:
    from retrieval.embedders import Embedder
    from retrieval.lexical import LexicalIndex
    from retrieval.vector_store import VectorStore

log = logging.getLogger(__name__)


def _fingerprint(ids: list[str]) -> str:
    h = hashlib.sha256()
    for cid in sorted(ids):
        h.update(cid.encode())
        h.update(b"\n")
    return h.hexdigest()


class ScopedLexical:
    """The BM25 index seen through a viewer: every search runs within what the viewer may read (the policy's
    clause is part of the candidate mask, never applied to results afterwards)."""

    def __init__(self, index: LexicalIndex, viewer: Viewer) -> None:
        self.index = index
        self.viewer = viewer

    def search(
        self, query: str, k: int = 10, where: dict[str, Any] | None = None, language: str | None = None
    ) -> list[tuple[str, float]]:
        return self.index.search(query, k=k, where=where_for(self.viewer, where), language=language)

    def cross_script_search(
        self, query: str, k: int = 10, where: dict[str, Any] | None = None, language: str | None = None
    ) -> tuple[list[tuple[str, float]], float]:
        return self.index.cross_script_search(
            query, k=k, where=where_for(self.viewer, where), language=language
        )

    def search_terms(
        self, term_ids: list[int], k: int = 10, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        return self.index.search_terms(term_ids, k=k, where=where_for(self.viewer, where))

    def __len__(self) -> int:
        return len(self.index)

    # what may pass through unfiltered: statistics of the whole vocabulary, never a document or a search
    _SHARED = frozenset(
        {
            "coverage",
            "cross_script_terms",
            "frequent_terms",
            "script_share",
            "language_of",
            "document_frequencies",
            "language_centroids",
        }
    )

    def __getattr__(self, name: str) -> Any:
        if name not in self._SHARED:
            raise AttributeError(f"{name!r} is not available through a reader's view of the lexical index")
        return getattr(self.index, name)


@dataclass
class KnowledgeBase:
    settings: Settings
    embedder: Embedder
    store: VectorStore
    sql: Engine
    _lexical: LexicalIndex | None = field(default=None, repr=False)
    _lexical_stamp: float | None = field(default=None, repr=False)
    # a scoped view (see ``scoped``): the knowledge base it views and whose reads it filters
    base: KnowledgeBase | None = field(default=None, repr=False)
    viewer: Viewer | None = None
    # the published corpus version (records.shared_models.CorpusVersion) the local BM25 index follows:
    # (version, fingerprint) last seen, and when the database was last asked (time.monotonic)
    _corpus_seen: tuple[int, str] | None = field(default=None, repr=False)
    _corpus_checked: float | None = field(default=None, repr=False)
    _corpus_lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    # an index file this code cannot read (another tokeniser or format version, e.g. a home made by an
    # older release) is rebuilt from the vector store once per process, not left without BM25
    _lexical_rebuilt: bool = field(default=False, repr=False)

    def session(self) -> Session:
        return Session(self.sql, expire_on_commit=False)

    # the access policy -------------------------------------------------------
    def scoped(self, viewer: Viewer) -> KnowledgeBase:
        """This knowledge base as ``viewer`` may read it: the one place every read path gets its filter.

        Chroma reads carry the policy's clause in their ``where``, BM25 searches in their candidate mask,
        and people and projects are limited to those stated by documents the viewer may read
        (:meth:`visible_records`). An unrestricted viewer (an admin in a private chat) reads everything.
        """
        base = self.base or self
        if viewer.unrestricted:
            return base
        base.follow_corpus()  # a view copies the store's collection: take it after any reopen
        return KnowledgeBase(
            settings=base.settings,
            embedder=base.embedder,
            store=base.store.scoped(viewer),
            sql=base.sql,
            base=base,
            viewer=viewer,
        )

    def visible_records(self) -> crud.Visibility | None:
        """Person keys and project codes this view may show; None when it may show every record."""
        if self.viewer is None:
            return None
        with self.session() as s:
            return crud.visibility(session=s, labels=self.viewer.stored_labels())

    def readable_documents(self) -> list[Document]:
        """The active documents this view may read (all of them for an unscoped knowledge base)."""
        with self.session() as s:
            docs = crud.active_documents(session=s)
        return [d for d in docs if self.viewer is None or self.viewer.may_read(d.access)]

    # lexical index -----------------------------------------------------------
    @property
    def _fingerprint_path(self) -> Path:
        return self.settings.lexical_path.with_suffix(".fingerprint")

    def _stamp(self) -> float:
        try:
            return self._fingerprint_path.stat().st_mtime
        except OSError:
            return -1.0

    @property
    def lexical(self) -> LexicalIndex | None:
        """The BM25 index: rebuilt from the vector store first when an ingest on any host published a
        corpus version this index was not built from (:meth:`follow_corpus`), and reloaded when an ingest
        in another process on this home has rebuilt the file."""
        if self.base is not None:  # a scoped view shares its base's index, seen through the viewer
            index = self.base.lexical
            return None if index is None or self.viewer is None else ScopedLexical(index, self.viewer)  # type: ignore[return-value]
        with self._corpus_lock:
            self.follow_corpus()
            index = self._loaded_lexical()
            if index is None and self.settings.lexical_path.exists() and not self._lexical_rebuilt:
                self._lexical_rebuilt = True
                log.info("lexical index unreadable by this version: rebuilding it from the vector store")
                self.sync_lexical(force=True)
                index = self._loaded_lexical()
            return index

    def _loaded_lexical(self) -> LexicalIndex | None:
        stamp = self._stamp()
        if stamp != self._lexical_stamp:
            from retrieval.lexical import LexicalIndex

            self._lexical = LexicalIndex.load(self.settings.lexical_path)
            self._lexical_stamp = stamp
        return self._lexical

    def _local_fingerprint(self) -> str | None:
        try:
            return self._fingerprint_path.read_text().strip()
        except OSError:
            return None

    def sync_lexical(self, *, force: bool = False) -> bool:
        """Rebuild the BM25 index from the vector store when their chunk sets differ. Returns True if rebuilt."""
        with self._corpus_lock:
            ids = self.store.all_ids()
            fp = _fingerprint(ids)
            path = self.settings.lexical_path
            current = self._local_fingerprint()
            if not force and path.exists() and current == fp and self._loaded_lexical() is not None:
                return False  # (an index from another tokeniser version loads as None: rebuilt below)
            from retrieval.lexical import LexicalIndex
            from retrieval.lexical_build import build_in_child, builds_in_child

            if builds_in_child(self.settings, len(ids)):
                build_in_child(self.settings, path, ids)  # this process keeps only the memory-mapped result
                built = LexicalIndex.load(path)
                if built is None:
                    raise BackendUnavailableError("the BM25 index built in a child process cannot be read")
                index = built
            else:
                # page by page, with the vectors: the index also keeps their per-language sums (the dense
                # side's language balance) so nothing reads every vector a second time
                # (exactly the chunks of the fingerprint: those deleted meanwhile are left out)
                index = LexicalIndex.build_pages(self.store.iter_chunks(vectors=True, ids=ids))
                index.save(path)
            self._fingerprint_path.write_text(fp)
            self._lexical, self._lexical_stamp = index, self._stamp()
            return True

    # the corpus version shared by every host -----------------------------------------------
    def follow_corpus(self) -> tuple[int, str] | None:
        """Make the local BM25 index follow the corpus version published in the database.

        At most once per ``settings.corpus_version_ttl_s`` the published (version, fingerprint) is read
        (one primary-key SELECT); when the version moved and the local index was built from another
        chunk set, the index is rebuilt from the vector store before this returns — so a replica that
        sees another host's ingest never answers from the old index after that. Returns the version
        followed (None: nothing published yet, or the database was unreachable at the first check).
        """
        if self.base is not None:
            return self.base.follow_corpus()
        with self._corpus_lock:
            now = time.monotonic()
            ttl = self.settings.corpus_version_ttl_s
            if self._corpus_checked is not None and now - self._corpus_checked < ttl:
                return self._corpus_seen
            first, self._corpus_checked = self._corpus_checked is None, now
            try:
                with self.session() as s:
                    row = shared_crud.corpus_version(s, collection=self.settings.collection)
                    published = None if row is None else (row.version, row.fingerprint)
            except Exception as exc:  # noqa: BLE001 - keep answering from the index we have
                log.warning("cannot read the corpus version: %s", type(exc).__name__)
                return self._corpus_seen
            if published is None or published == self._corpus_seen:
                return self._corpus_seen
            if not first:  # an ingest since this was opened: the collection's metadata changed too
                self.store.reopen()
            if (
                self._local_fingerprint() != published[1] or self._loaded_lexical() is None
            ) and self.sync_lexical():
                log.info("corpus version %d: lexical index rebuilt from the vector store", published[0])
            self._corpus_seen = published
            return published

    def publish_corpus(self) -> int:
        """Publish the chunk set the local BM25 index was just built from (end of an ingest, under the
        writer lock): the version goes up when it changed. Returns the version."""
        with self._corpus_lock:
            fp = self._local_fingerprint() or _fingerprint(self.store.all_ids())
            index = self._loaded_lexical()
            with self.session() as s:
                version = shared_crud.publish_corpus(
                    s,
                    collection=self.settings.collection,
                    fingerprint=fp,
                    chunks=len(index) if index is not None else self.store.count(),
                )
            self._corpus_seen, self._corpus_checked = (version, fp), time.monotonic()
            return version

    def close(self) -> None:
        if self.base is None:  # a scoped view does not own the engine
            self.sql.dispose()


def open_knowledge_base(settings: Settings, embedder: Embedder | None = None) -> KnowledgeBase:
    """Open (creating if needed) the stores of ``settings.home``."""
    from retrieval.embedders import make_embedder
    from retrieval.vector_store import VectorStore

    settings.home.mkdir(parents=True, exist_ok=True)
    embedder = embedder or make_embedder(settings)
    store = VectorStore(settings, embedder)
    return KnowledgeBase(settings=settings, embedder=embedder, store=store, sql=open_records(settings))


def open_records(settings: Settings) -> Engine:
    """The SQL engine of ``settings`` (records, runs), with the schema created or upgraded."""
    try:
        return make_engine(settings.sql_url)
    except DtbotError:
        raise
    except Exception as exc:
        raise BackendUnavailableError(f"cannot open the database: {type(exc).__name__}") from exc


def record_stats(sql: Engine, *, embedder: str, llm: bool) -> dict[str, Any]:
    """Documents, chunks, people, projects (active and inactive), links and the last ingest, from SQL only.

    ``chunks`` counts the chunk ids the active documents record: what the vector store holds after a
    completed ingest (reconciliation removes anything else), without opening the vector store.
    """
    with Session(sql) as s:
        out = crud.counts(session=s)
        out["chunks"] = crud.chunk_count(session=s)
        run = crud.last_run(session=s)
    out["embedder"] = embedder
    out["llm"] = "configured" if llm else "none (extractive answers)"
    out["last_ingest"] = (
        None
        if run is None
        else {
            "finished_at": run.finished_at.isoformat(timespec="seconds") if run.finished_at else None,
            "added": run.added,
            "updated": run.updated,
            "removed": run.removed,
            "skipped": run.skipped,
            "failed": run.failed,
        }
    )
    return out


def read_stats(settings: Settings) -> dict[str, Any]:
    """``record_stats`` of ``settings.home`` without opening the vector store or loading the embedder
    (the embedder is configured, not loaded, so a misconfiguration is still reported)."""
    from retrieval.embedders import make_embedder

    name = make_embedder(settings).name
    sql = open_records(settings)
    try:
        return record_stats(sql, embedder=name, llm=settings.llm_enabled)
    finally:
        sql.dispose()
