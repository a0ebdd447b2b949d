"""The opened knowledge base: embedder, vector store, SQL engine and lexical index of one DTBOT_HOME.

The heavy parts (Chroma, the BM25 index, the embedder) are imported when a knowledge base is opened,
not when this module is: ``dtbot stats`` reads only SQL (``read_stats``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlmodel import Session

from config.settings import Settings
from core.access import Viewer, where_for
from core.errors import BackendUnavailableError, DtbotError
from records import crud
from records.db import make_engine

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

    def __len__(self) -> int:
        return len(self.index)

    def __getattr__(self, name: str) -> Any:  # vocabulary, coverage, document frequencies
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
        """The BM25 index, reloaded when an ingest (possibly another process) has rebuilt it."""
        if self.base is not None:  # a scoped view shares its base's index, seen through the viewer
            index = self.base.lexical
            return None if index is None or self.viewer is None else ScopedLexical(index, self.viewer)  # type: ignore[return-value]
        stamp = self._stamp()
        if stamp != self._lexical_stamp:
            from retrieval.lexical import LexicalIndex

            self._lexical = LexicalIndex.load(self.settings.lexical_path)
            self._lexical_stamp = stamp
        return self._lexical

    def sync_lexical(self, *, force: bool = False) -> bool:
        """Rebuild the BM25 index from the vector store when their chunk sets differ. Returns True if rebuilt."""
        fp = _fingerprint(self.store.all_ids())
        path = self.settings.lexical_path
        current = self._fingerprint_path.read_text().strip() if self._fingerprint_path.exists() else None
        if not force and path.exists() and current == fp and self.lexical is not None:
            return False  # (an index from another tokeniser version loads as None: rebuilt below)
        from retrieval.lexical import LexicalIndex

        ids, texts, metas = self.store.all_chunks()
        index = LexicalIndex.build(ids, texts, metas)
        index.save(path)
        self._fingerprint_path.write_text(fp)
        self._lexical, self._lexical_stamp = index, self._stamp()
        return True

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
