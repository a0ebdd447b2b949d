"""Schema migrations of the records database (Alembic): ``dtbot db upgrade`` / ``dtbot db current``.

Revision ``0001`` is the schema of the last release made without migrations (``create_all``); a database
from that release has tables but no ``alembic_version`` row, so it is stamped ``0001`` and then upgraded
in place — no data is copied or lost.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the release before migrations: what `create_all` made


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision this code knows."""
    return str(ScriptDirectory.from_config(_config()).get_current_head())


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: empty, or made before migrations existed)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database to ``revision``; returns (revision before, revision after).

    On SQLite, foreign-key checks are off while migrating: batch mode rebuilds a table by copy, drop and
    rename, which a referencing table would otherwise block (the rows keep their keys).
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
            conn.commit()
        try:
            with conn.begin():
                before = MigrationContext.configure(conn).get_current_revision()
                cfg = _config(conn)
                if before is None and inspect(conn).has_table("document"):
                    command.stamp(cfg, BASELINE)  # a home made by the release before migrations
                command.upgrade(cfg, revision)
                after = MigrationContext.configure(conn).get_current_revision()
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
    return before, after


def new_revision(engine: Engine, message: str, rev_id: str) -> None:
    """Autogenerate a revision from the difference between the models and ``engine``'s database
    (developers only: run against a database upgraded to the current head)."""
    with engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True, rev_id=rev_id)
