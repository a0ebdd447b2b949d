"""Records that follow their sources (statements, active flags), conversation state, access groups and
chat levels, button tokens, the durable update inbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bot_chat_level",
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("chat_id"),
    )
    op.create_table(
        "bot_conversation",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "chat_id"),
    )
    op.create_table(
        "bot_group_grant",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("group", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "group"),
    )
    op.create_table(
        "bot_inbox",
        sa.Column("update_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    with op.batch_alter_table("bot_inbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bot_inbox_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_bot_inbox_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("project_code", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_kind"), ["kind"], unique=False)

    op.create_table(
        "bot_button",
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("exchange_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_id"],
            ["bot_exchange.id"],
        ),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("bot_button", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bot_button_exchange_id"), ["exchange_id"], unique=False)

    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("records_version", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))

    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("project", schema=None) as batch_op:
        batch_op.drop_column("active")

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("active")

    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("records_version")

    with op.batch_alter_table("bot_button", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bot_button_exchange_id"))

    op.drop_table("bot_button")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_kind"))
        batch_op.drop_index(batch_op.f("ix_statement_key"))
        batch_op.drop_index(batch_op.f("ix_statement_document_id"))

    op.drop_table("statement")
    with op.batch_alter_table("bot_inbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bot_inbox_updated_at"))
        batch_op.drop_index(batch_op.f("ix_bot_inbox_status"))

    op.drop_table("bot_inbox")
    op.drop_table("bot_group_grant")
    op.drop_table("bot_conversation")
    op.drop_table("bot_chat_level")
