"""The onboarding tour's button tokens (issue 9, /onboard).

Table ``onboard_button``: the random token in the callback data of one tour's buttons, bound to the user
and chat the tour was shown to (``records.onboard_models.OnboardButton``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tg() -> sa.types.TypeEngine:
    """A Telegram id: BIGINT on PostgreSQL, INTEGER (already 64-bit) on SQLite (records.bot_models)."""
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "onboard_button",
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("user_id", _tg(), nullable=False),
        sa.Column("chat_id", _tg(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("onboard_button", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_onboard_button_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("onboard_button", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_onboard_button_user_id"))
    op.drop_table("onboard_button")
