"""Alembic migrations own the records schema, on SQLite and on the PostgreSQL server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from records import migrate

LEGACY_DUMP = Path(__file__).resolve().parents[1] / "data" / "legacy_home_v0_1.sql"
TABLES = {"person", "project", "personproject", "document", "ingestrun", "bot_user", "bot_update"}


def _sqlite(path: Path) -> Engine:
    return create_engine(f"sqlite:///{path}")


def test_fresh_sqlite_database_is_created_by_the_migrations(tmp_path: Path) -> None:
    """An empty SQLite file upgraded to head has every table and records the head revision."""
    engine = _sqlite(tmp_path / "fresh.sqlite")
    before, after = migrate.upgrade(engine)
    assert before is None and after == migrate.head() == migrate.current(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert migrate.upgrade(engine) == (after, after)  # idempotent


def test_home_made_by_release_0_1_is_upgraded_in_place_without_data_loss(tmp_path: Path) -> None:
    """A records database written by release 0.1 (create_all, no alembic_version) is stamped as the
    baseline and upgraded; every row it held is still there afterwards."""
    path = tmp_path / "dtbot.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(LEGACY_DUMP.read_text(encoding="utf-8"))
    engine = _sqlite(path)
    counts_before = _counts(engine)
    assert counts_before["person"] == 35 and counts_before["bot_exchange"] == 1
    assert migrate.current(engine) is None
    before, after = migrate.upgrade(engine)
    assert before is None and after == migrate.head()
    assert _counts(engine) == counts_before
    with engine.connect() as conn:
        row = conn.execute(text("select question, chat_id from bot_exchange")).one()
    assert row == ("Кто работает с открытыми данными?", -1001234567890)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t: int(conn.execute(text(f'select count(*) from "{t}"')).scalar_one())
            for t in ("person", "project", "personproject", "document", "bot_exchange", "bot_feedback")
        }


def test_postgres_database_is_created_by_the_same_migrations(postgres_url: str) -> None:
    """The same migrations build the schema on the PostgreSQL server (own schema, dropped afterwards)."""
    engine = create_engine(postgres_url)
    before, after = migrate.upgrade(engine)
    assert before is None and after == migrate.head()
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A private schema in the `test` database of the PostgreSQL server on 127.0.0.1:5432 (trust auth),
    dropped at the end; skips with the reason when no server answers."""
    from tests.db_backends import postgres_schema

    with postgres_schema("dtbot_test") as url:
        yield url


def _schema_diff(engine: Engine) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import records.bot_models  # noqa: F401
    import records.models  # noqa: F401
    import records.profile_models  # noqa: F401

    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), SQLModel.metadata))


def test_migrations_build_exactly_the_models_schema(tmp_path: Path, postgres_url: str) -> None:
    """After `upgrade head` the database matches the SQLModel tables exactly, on SQLite and PostgreSQL: a
    model change without its migration fails here."""
    sqlite_engine = _sqlite(tmp_path / "cmp.sqlite")
    migrate.upgrade(sqlite_engine)
    assert _schema_diff(sqlite_engine) == []
    pg = create_engine(postgres_url)
    migrate.upgrade(pg)
    assert _schema_diff(pg) == []
    pg.dispose()


def test_dtbot_db_commands_report_and_upgrade(tmp_path: Path) -> None:
    """`dtbot db current` reports an un-migrated release-0.1 home; `dtbot db upgrade` upgrades it."""
    from tests.conftest import run_cli

    home = tmp_path / "home"
    home.mkdir()
    with sqlite3.connect(home / "dtbot.sqlite") as conn:
        conn.executescript(LEGACY_DUMP.read_text(encoding="utf-8"))
    env = {"DTBOT_HOME": str(home)}
    before = run_cli("db", "current", env=env)
    assert (
        before.returncode == 0
        and "current: none" in before.stdout
        and "needs `dtbot db upgrade`" in before.stdout
    )
    up = run_cli("db", "upgrade", env=env)
    assert up.returncode == 0 and f"→ {migrate.head()}" in up.stdout, up.stdout + up.stderr
    after = run_cli("db", "current", env=env)
    assert f"current: {migrate.head()}" in after.stdout and "up to date" in after.stdout
