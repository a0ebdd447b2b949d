"""State shared by bot replicas on one database: embedding cache, rate limits, corpus version, inbox owner (issue 10).

Tables ``embedding_cache`` (document embeddings by embedder and text hash, used instead of the SQLite file
on PostgreSQL), ``corpus_version`` (the chunk set's version and fingerprint per collection: replicas
rebuild their BM25 index when it moves) and ``bot_throttle`` (rate limits and refusal throttling); column
``bot_inbox.owner`` (the replica working on an update). New tables and one nullable column only: nothing
here depends on the column types revision 0004 changes.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text() -> sa.types.TypeEngine:
    return sqlmodel.sql.sqltypes.AutoString()


def upgrade() -> None:
    op.create_table(
        "embedding_cache",
        sa.Column("embedder", _text(), nullable=False),
        sa.Column("text_hash", _text(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("embedder", "text_hash"),
    )
    op.create_table(
        "corpus_version",
        sa.Column("collection", _text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", _text(), nullable=False),
        sa.Column("chunks", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("collection"),
    )
    op.create_table(
        "bot_throttle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _text(), nullable=False),
        sa.Column("subject", _text(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("bot_throttle", schema=None) as batch_op:
        batch_op.create_index("ix_bot_throttle_kind_subject", ["kind", "subject"], unique=False)
        batch_op.create_index(batch_op.f("ix_bot_throttle_expires_at"), ["expires_at"], unique=False)
    with op.batch_alter_table("bot_inbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", _text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bot_inbox", schema=None) as batch_op:
        batch_op.drop_column("owner")
    with op.batch_alter_table("bot_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bot_throttle_expires_at"))
        batch_op.drop_index("ix_bot_throttle_kind_subject")
    op.drop_table("bot_throttle")
    op.drop_table("corpus_version")
    op.drop_table("embedding_cache")
