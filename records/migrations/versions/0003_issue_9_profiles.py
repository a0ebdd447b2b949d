"""Self-declared expertise, learning interests, Telegram links of staff to their Person record (issue 9).

Tables ``person_link``, ``profile_entry`` (what people declared), ``profile_button`` / ``profile_pending``
(the /profile dialogue's button tokens and awaited typed input) and ``profile_survey`` /
``profile_survey_send`` (/survey); columns ``person.learning_interests`` (the register's optional
``learning_interests`` column) and ``bot_exchange.answerable``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tg() -> sa.types.TypeEngine:
    """A Telegram id: BIGINT on PostgreSQL, INTEGER (already 64-bit) on SQLite (records.bot_models)."""
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _text() -> sa.types.TypeEngine:
    return sqlmodel.sql.sqltypes.AutoString()


def upgrade() -> None:
    op.create_table(
        "person_link",
        sa.Column("user_id", _tg(), autoincrement=False, nullable=False),
        sa.Column("person_key", _text(), nullable=False),
        sa.Column("linked_by", _tg(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    with op.batch_alter_table("person_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_link_person_key"), ["person_key"], unique=False)

    op.create_table(
        "profile_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_key", _text(), nullable=False),
        sa.Column("kind", _text(), nullable=False),
        sa.Column("value", _text(), nullable=False),
        sa.Column("level", _text(), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("declared_by", _tg(), nullable=True),
        sa.Column("declared_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_key", "kind", "value"),
    )
    with op.batch_alter_table("profile_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_entry_person_key"), ["person_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_profile_entry_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_profile_entry_declared_at"), ["declared_at"], unique=False)

    op.create_table(
        "profile_button",
        sa.Column("token", _text(), nullable=False),
        sa.Column("user_id", _tg(), nullable=False),
        sa.Column("chat_id", _tg(), nullable=False),
        sa.Column("person_key", _text(), nullable=False),
        sa.Column("action", _text(), nullable=False),
        sa.Column("value", _text(), nullable=True),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("profile_button", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_button_user_id"), ["user_id"], unique=False)

    op.create_table(
        "profile_pending",
        sa.Column("user_id", _tg(), autoincrement=False, nullable=False),
        sa.Column("chat_id", _tg(), autoincrement=False, nullable=False),
        sa.Column("person_key", _text(), nullable=False),
        sa.Column("action", _text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "chat_id"),
    )

    op.create_table(
        "profile_survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("update_id", _tg(), nullable=True),
        sa.Column("started_by", _tg(), nullable=True),
        sa.Column("started_at", sa.Float(), nullable=False),
        sa.Column("finished_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("update_id"),
    )
    op.create_table(
        "profile_survey_send",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", _tg(), autoincrement=False, nullable=False),
        sa.Column("person_key", _text(), nullable=False),
        sa.Column("sent_at", sa.Float(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", _text(), nullable=True),
        sa.Column("responded_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["survey_id"], ["profile_survey.id"]),
        sa.PrimaryKeyConstraint("survey_id", "user_id"),
    )
    with op.batch_alter_table("profile_survey_send", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profile_survey_send_responded_at"), ["responded_at"], unique=False
        )

    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("learning_interests", sa.JSON(), server_default="[]", nullable=True))
    with op.batch_alter_table("bot_exchange", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answerable", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bot_exchange", schema=None) as batch_op:
        batch_op.drop_column("answerable")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("learning_interests")
    op.drop_table("profile_survey_send")
    op.drop_table("profile_survey")
    op.drop_table("profile_pending")
    op.drop_table("profile_button")
    op.drop_table("profile_entry")
    op.drop_table("person_link")
