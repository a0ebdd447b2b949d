"""Engine creation for the records database; Alembic migrations (``records/migrations``) own the schema.

``make_engine`` connects and upgrades the schema to the newest revision (a home made by release 0.1 is
stamped as the baseline first and upgraded in place); ``connect`` only connects (``dtbot db …``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import create_engine

import records.bot_models  # noqa: F401  (the bot's tables)
import records.onboard_models  # noqa: F401  (the onboarding tour's buttons)
import records.profile_models  # noqa: F401  (self-service profiles)
import records.shared_models  # noqa: F401  (state shared by bot replicas)
from records import models  # noqa: F401  (registers the tables)


def normalise_url(url: str) -> str:
    """``postgresql://…`` as written in DTBOT_DATABASE_URL uses psycopg 3 (the ``postgres`` extra), not
    SQLAlchemy's default psycopg2; an explicit driver (``postgresql+psycopg2://``) is kept."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def connect(url: str) -> Engine:
    """An engine for ``url`` (SQLite: WAL, foreign keys, its folder created); the schema is not touched."""
    url = normalise_url(url)
    kwargs: dict = {"pool_pre_ping": True}
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine


def make_engine(url: str) -> Engine:
    """Connect to ``url`` and bring its schema to the newest revision."""
    from records import migrate

    engine = connect(url)
    migrate.upgrade(engine)
    return engine
