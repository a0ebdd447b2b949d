"""Queries of the state bot replicas share (records/shared_models.py): keyword-only, given a session."""

from __future__ import annotations

import time

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from records.advisory import xact_lock
from records.shared_models import BotThrottle, CorpusVersion, EmbeddingCacheEntry


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


# corpus version --------------------------------------------------------------------------
def corpus_version(session: Session, *, collection: str) -> CorpusVersion | None:
    """The published version of ``collection``'s chunk set (None: never published)."""
    return session.get(CorpusVersion, collection)


def publish_corpus(session: Session, *, collection: str, fingerprint: str, chunks: int) -> int:
    """Record ``fingerprint`` as the chunk set of ``collection``: the version goes up by one when it differs
    from the published one. Returns the (possibly new) version. Commits.

    Called by the ingest holding the writer lock (ingest.lock.ingest_lock), so writers never race here.
    """
    row = session.get(CorpusVersion, collection)
    if row is None:
        row = CorpusVersion(collection=collection)
    if row.fingerprint != fingerprint or row.version == 0:
        row.version += 1
        row.fingerprint, row.chunks, row.updated_at = fingerprint, chunks, time.time()
        session.add(row)
        session.commit()
    return row.version


# throttling: rate limits, notices, refusals ------------------------------------------------
def take_slot(
    session: Session, *, kind: str, subject: str, limit: int, window_s: float, now: float | None = None
) -> bool:
    """Use one of ``limit`` slots of ``kind`` for ``subject`` within a sliding window of ``window_s``.

    True (and the use is recorded, expiring after ``window_s``) when fewer than ``limit`` uses are live;
    False otherwise. Atomic across processes and hosts: one conditional INSERT … SELECT (SQLite takes the
    write lock for the whole statement), after a transaction-level advisory lock on PostgreSQL, where
    two concurrent statements could otherwise both count the same rows. Commits.
    """
    now = time.time() if now is None else now
    if _dialect(session) == "postgresql":
        xact_lock(session.connection(), f"throttle:{kind}:{subject}")
    live = (
        select(func.count())
        .select_from(BotThrottle)
        .where(
            col(BotThrottle.kind) == kind,
            col(BotThrottle.subject) == subject,
            col(BotThrottle.expires_at) > now,
        )
        .scalar_subquery()
    )
    stmt = (
        insert(BotThrottle)
        .from_select(
            ["kind", "subject", "expires_at"],
            select(literal(kind), literal(subject), literal(now + window_s)).where(live < limit),
        )
        .returning(col(BotThrottle.id))  # (psycopg reports no row count for an INSERT … SELECT here)
    )
    taken = len(session.execute(stmt).all()) == 1
    session.commit()
    return taken


def forget_slots(session: Session, *, subject: str, kind_prefix: str) -> int:
    """Delete ``subject``'s uses of every kind starting with ``kind_prefix``; returns how many. Commits."""
    result = session.execute(
        delete(BotThrottle).where(
            col(BotThrottle.subject) == subject, col(BotThrottle.kind).startswith(kind_prefix)
        )
    )
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    session.commit()
    return count


def prune_slots(session: Session, *, now: float | None = None) -> int:
    """Delete expired uses; returns how many. Commits."""
    now = time.time() if now is None else now
    result = session.execute(delete(BotThrottle).where(col(BotThrottle.expires_at) <= now))
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    session.commit()
    return count


# embedding cache -------------------------------------------------------------------------
def cached_vectors(session: Session, *, embedder: str, hashes: list[str]) -> dict[str, bytes]:
    """text hash → stored vector bytes, for the ``hashes`` cached for ``embedder``."""
    found: dict[str, bytes] = {}
    for start in range(0, len(hashes), 500):
        part = hashes[start : start + 500]
        rows = session.execute(
            select(col(EmbeddingCacheEntry.text_hash), col(EmbeddingCacheEntry.vector)).where(
                col(EmbeddingCacheEntry.embedder) == embedder, col(EmbeddingCacheEntry.text_hash).in_(part)
            )
        )
        found.update({h: bytes(v) for h, v in rows})
    return found


def store_vectors(session: Session, *, embedder: str, items: dict[str, bytes]) -> None:
    """Cache vectors (a row another host stored meanwhile is kept: same text, same model). Commits."""
    if not items:
        return
    dialect_insert = postgresql.insert if _dialect(session) == "postgresql" else sqlite.insert
    rows = [{"embedder": embedder, "text_hash": h, "vector": v} for h, v in items.items()]
    session.execute(dialect_insert(EmbeddingCacheEntry).values(rows).on_conflict_do_nothing())
    session.commit()


def count_vectors(session: Session, *, embedder: str | None = None) -> int:
    stmt = select(func.count()).select_from(EmbeddingCacheEntry)
    if embedder is not None:
        stmt = stmt.where(col(EmbeddingCacheEntry.embedder) == embedder)
    return int(session.execute(stmt).scalar_one())
