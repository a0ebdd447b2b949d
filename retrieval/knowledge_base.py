"""The opened knowledge base: embedder, vector store, SQL engine and lexical index of one DTBOT_HOME."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from config.settings import Settings
from core.errors import BackendUnavailableError, DtbotError
from records.db import make_engine
from retrieval.embedders import Embedder, make_embedder
from retrieval.lexical import LexicalIndex
from retrieval.vector_store import VectorStore

log = logging.getLogger(__name__)


def _fingerprint(ids: list[str]) -> str:
    h = hashlib.sha256()
    for cid in sorted(ids):
        h.update(cid.encode())
        h.update(b"\n")
    return h.hexdigest()


@dataclass
class KnowledgeBase:
    settings: Settings
    embedder: Embedder
    store: VectorStore
    sql: Engine
    _lexical: LexicalIndex | None = field(default=None, repr=False)
    _lexical_stamp: float | None = field(default=None, repr=False)

    def session(self) -> Session:
        return Session(self.sql, expire_on_commit=False)

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
        stamp = self._stamp()
        if stamp != self._lexical_stamp:
            self._lexical = LexicalIndex.load(self.settings.lexical_path)
            self._lexical_stamp = stamp
        return self._lexical

    def sync_lexical(self, *, force: bool = False) -> bool:
        """Rebuild the BM25 index from the vector store when their chunk sets differ. Returns True if rebuilt."""
        fp = _fingerprint(self.store.all_ids())
        path = self.settings.lexical_path
        current = self._fingerprint_path.read_text().strip() if self._fingerprint_path.exists() else None
        if not force and path.exists() and current == fp:
            return False
        ids, texts, metas = self.store.all_chunks()
        index = LexicalIndex.build(ids, texts, metas)
        index.save(path)
        self._fingerprint_path.write_text(fp)
        self._lexical, self._lexical_stamp = index, self._stamp()
        return True

    def close(self) -> None:
        self.sql.dispose()


def open_knowledge_base(settings: Settings, embedder: Embedder | None = None) -> KnowledgeBase:
    """Open (creating if needed) the stores of ``settings.home``."""
    settings.home.mkdir(parents=True, exist_ok=True)
    embedder = embedder or make_embedder(settings)
    store = VectorStore(settings, embedder)
    try:
        sql = make_engine(settings.sql_url)
    except DtbotError:
        raise
    except Exception as exc:
        raise BackendUnavailableError(f"cannot open the database: {type(exc).__name__}") from exc
    return KnowledgeBase(settings=settings, embedder=embedder, store=store, sql=sql)
