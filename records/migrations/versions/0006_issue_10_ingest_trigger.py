"""Who started an ingest run and how a scheduled round ended (issue 10, scheduled re-index).

Columns ``ingestrun.trigger`` ("manual" — `dtbot ingest`, "admin" — /reindex, "schedule" —
DTBOT_REINDEX_INTERVAL) and ``ingestrun.outcome`` ("done", "skipped" — another writer held the write lock,
"error"). Existing rows were manual ingests that ran: the server defaults say so.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingestrun", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("trigger", sqlmodel.sql.sqltypes.AutoString(), server_default="manual", nullable=False)
        )
        batch_op.add_column(
            sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), server_default="done", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("ingestrun", schema=None) as batch_op:
        batch_op.drop_column("outcome")
        batch_op.drop_column("trigger")
