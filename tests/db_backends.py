"""The records database backends the suite runs against: SQLite (a file per test) and the PostgreSQL
server on 127.0.0.1:5432 (trust auth, database ``test``), where each test gets a schema of its own that is
dropped afterwards. When no server answers, PostgreSQL tests skip with the reason (never pass silently).

Use the ``db_url`` fixture (tests/conftest.py), parametrized over both backends, or ``postgres_schema``.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# the server `make test` runs against; a developer may point the suite elsewhere (read once, at import,
# before the autouse fixture clears DTBOT_* variables)
POSTGRES_URL = os.environ.get("DTBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgres")


def _driver_url(url: str) -> str:
    """The URL with psycopg 3 spelled out (the way records.db.normalise_url reads DTBOT_DATABASE_URL)."""
    from records.db import normalise_url

    return normalise_url(url)


@functools.cache
def postgres_unavailable() -> str | None:
    """Why the PostgreSQL server cannot be used (None when it answers); probed once per session."""
    try:
        engine = create_engine(_driver_url(POSTGRES_URL), connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(text("select 1"))
        finally:
            engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure means "no usable server here"
        where = make_url(POSTGRES_URL).render_as_string(hide_password=True)
        detail = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        return f"PostgreSQL at {where} is not reachable: {type(exc).__name__}: {detail[:200]}"
    return None


def require_postgres() -> None:
    """Skip the calling test, printing why, when the PostgreSQL server is not reachable."""
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)


def schema_url(schema: str) -> str:
    """``POSTGRES_URL`` with every connection's ``search_path`` set to ``schema`` (as written by users:
    ``postgresql://…``, so the URL normalisation of records.db is exercised too)."""
    url = make_url(POSTGRES_URL)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


@contextmanager
def postgres_schema(prefix: str = "dtbot_test") -> Iterator[str]:
    """A fresh schema on the server for the duration of the block: yields a URL whose connections use it,
    and drops the schema (cascade) afterwards. Skips when the server is not reachable."""
    require_postgres()
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_driver_url(POSTGRES_URL), connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as conn:
            conn.execute(text(f'create schema "{schema}"'))
        try:
            yield schema_url(schema)
        finally:
            with admin.begin() as conn:
                # a connection a test left inside a transaction would block the drop: end the sessions
                # holding locks on this schema's tables (only this test's own connections can)
                conn.execute(
                    text(
                        "select pg_terminate_backend(l.pid) from pg_locks l "
                        "join pg_class c on c.oid = l.relation join pg_namespace n on n.oid = c.relnamespace "
                        "where n.nspname = :schema and l.pid <> pg_backend_pid()"
                    ),
                    {"schema": schema},
                )
                conn.execute(text(f'drop schema if exists "{schema}" cascade'))
    finally:
        admin.dispose()


@contextmanager
def database_url(backend: str, folder: Path) -> Iterator[str]:
    """The URL of an empty records database on ``backend`` (``sqlite``: a file in ``folder``)."""
    if backend == "sqlite":
        folder.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{(folder / f'records-{uuid.uuid4().hex[:8]}.sqlite').resolve()}"
    elif backend == "postgres":
        with postgres_schema() as url:
            yield url
    else:
        raise ValueError(f"unknown backend {backend!r}")
