"""Telegram ids as 64-bit integers on PostgreSQL (issue 10).

Telegram user, chat and update ids do not fit PostgreSQL's ``integer`` (int4): a supergroup's chat id is
like -1001234567890. On PostgreSQL those columns become ``bigint`` (an in-place ``ALTER COLUMN … TYPE``,
no row is copied or lost) and the SERIAL defaults the baseline gave single-column id keys are dropped
(Telegram ids are never generated). SQLite stores every INTEGER in up to 8 bytes already, and the models
keep INTEGER there (``records.bot_models.TelegramId``), so on SQLite this revision changes nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, nullable) of every Telegram user / chat / update id
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("bot_user", "user_id", False),
    ("bot_user", "changed_by", True),
    ("bot_update", "update_id", False),
    ("bot_session", "user_id", False),
    ("bot_session", "chat_id", False),
    ("bot_exchange", "user_id", False),
    ("bot_exchange", "chat_id", False),
    ("bot_feedback", "user_id", False),
    ("bot_conversation", "user_id", False),
    ("bot_conversation", "chat_id", False),
    ("bot_group_grant", "user_id", False),
    ("bot_group_grant", "granted_by", True),
    ("bot_chat_level", "chat_id", False),
    ("bot_chat_level", "set_by", True),
    ("bot_button", "user_id", False),
    ("bot_button", "chat_id", False),
    ("bot_inbox", "update_id", False),
)
# single-column keys the baseline created as SERIAL on PostgreSQL
SERIAL_KEYS = (
    ("bot_user", "user_id"),
    ("bot_update", "update_id"),
    ("bot_chat_level", "chat_id"),
    ("bot_inbox", "update_id"),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return  # SQLite: INTEGER is already 64-bit and stays the declared type
    for table, column in SERIAL_KEYS:
        sequence = bind.execute(
            sa.text("select pg_get_serial_sequence(:t, :c)"), {"t": table, "c": column}
        ).scalar()
        if sequence:
            op.alter_column(table, column, server_default=None)
            op.execute(sa.text(f"DROP SEQUENCE IF EXISTS {sequence}"))
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table, column, type_=sa.BigInteger(), existing_type=sa.Integer(), existing_nullable=nullable
        )


def downgrade() -> None:
    """Back to int4 on PostgreSQL: fails (changing nothing) when a stored id does not fit 32 bits."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, nullable in COLUMNS:
        op.alter_column(
            table, column, type_=sa.Integer(), existing_type=sa.BigInteger(), existing_nullable=nullable
        )
