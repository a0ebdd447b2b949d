"""SQLModel tables of the state bot replicas share through the records database (issue 10).

With PostgreSQL and a Chroma server, several ``dtbot serve`` processes on different hosts (no shared file
system) act as one bot: what one replica learns that another must know lives here, never in a process's
memory or under its DTBOT_HOME. The tables exist on SQLite too (same migrations); there the embedding cache
stays a file and one process serves the database.
"""

from __future__ import annotations

import time

from sqlalchemy import Column, Index, LargeBinary
from sqlmodel import Field, SQLModel


class EmbeddingCacheEntry(SQLModel, table=True):
    """One document embedding, keyed by the embedder's name (model id) and the sha256 of the text.

    Used instead of the SQLite file ``embed_cache.sqlite`` when the records database is PostgreSQL and
    DTBOT_EMBED_CACHE is unset, so every host reuses what any host embedded.
    """

    __tablename__ = "embedding_cache"
    embedder: str = Field(primary_key=True)
    text_hash: str = Field(primary_key=True)
    vector: bytes = Field(sa_column=Column(LargeBinary, nullable=False))  # float32, native byte order


class CorpusVersion(SQLModel, table=True):
    """The version of a collection's chunk set: bumped by every ingest that changed it.

    ``fingerprint`` is the digest of the chunk ids (they change with their content); a replica whose
    local BM25 index was built from another fingerprint rebuilds it from Chroma before answering.
    """

    __tablename__ = "corpus_version"
    collection: str = Field(primary_key=True)
    version: int = 0
    fingerprint: str = ""
    chunks: int = 0
    updated_at: float = Field(default_factory=time.time)


class BotThrottle(SQLModel, table=True):
    """One use of a throttled slot (a question, a rate-limit notice, a refusal to a stranger).

    ``subject`` is a keyed hash of the Telegram user id (the bot token is the key), so a stranger's id is
    never stored; a row counts until ``expires_at`` and is pruned after it.
    """

    __tablename__ = "bot_throttle"
    __table_args__ = (Index("ix_bot_throttle_kind_subject", "kind", "subject"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # question | limit_notice | refusal:private | refusal:group
    subject: str
    expires_at: float = Field(index=True)
