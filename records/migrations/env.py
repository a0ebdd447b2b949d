"""Alembic environment: migrate the records database over the connection ``records.migrate`` passes in.

Run by ``dtbot db upgrade`` (and on every start, through ``records.db.make_engine``). Developers who add a
revision use ``records.migrate.new_revision`` so that autogenerate compares against the SQLModel tables.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import records.bot_models  # noqa: F401 - registers the bot's tables on SQLModel.metadata
import records.models  # noqa: F401 - registers the knowledge-base tables
import records.onboard_models  # noqa: F401 - the onboarding tour's buttons
import records.profile_models  # noqa: F401 - self-service profiles
import records.shared_models  # noqa: F401 - state shared by bot replicas

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table instead
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
