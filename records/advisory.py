"""PostgreSQL session-level advisory locks: held on a dedicated connection, released when it ends.

A lock held this way is released by ``pg_advisory_unlock`` or, when the holder dies (even ``kill -9``, or
its host), by the server as soon as the holder's session ends, because the kernel closes its socket.
Keys are 64-bit digests of a name and the connection's schema, so deployments sharing one database in
separate schemas never block each other.
"""

from __future__ import annotations

import hashlib
import logging
import threading

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# server-side TCP keepalives of the lock's session (seconds; user-settable GUCs)
_KEEPALIVES = {"tcp_keepalives_idle": 30, "tcp_keepalives_interval": 10, "tcp_keepalives_count": 3}


def is_postgres(url: str) -> bool:
    """True when ``url`` (as DTBOT_DATABASE_URL is written) names a PostgreSQL database."""
    return make_url(url).get_backend_name() in ("postgresql", "postgres")


def lock_key(schema: str, name: str) -> int:
    """A signed 64-bit advisory-lock key for ``name`` within ``schema``."""
    digest = hashlib.blake2b(f"dtbot:{schema}:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def xact_lock(conn: Connection, name: str) -> None:
    """Take a transaction-level advisory lock on ``name`` (released at commit or rollback)."""
    schema = conn.execute(text("select current_schema()")).scalar_one()
    conn.execute(text("select pg_advisory_xact_lock(:k)"), {"k": lock_key(str(schema), name)})


class SessionLock:
    """Advisory locks held on one dedicated connection (not from a pool shared with other work)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine

        from records.db import normalise_url

        self._engine: Engine = create_engine(normalise_url(url), poolclass=NullPool)
        self._conn: Connection | None = None
        self._schema = ""
        self._guard = threading.Lock()  # one statement at a time on the connection

    def _connection(self) -> Connection:
        if self._conn is None:
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            # a holder whose host vanished (no FIN, no RST) is noticed by the server in ~1 min, not the
            # operating system's default two hours; its locks are then released
            for name, value in _KEEPALIVES.items():
                conn.execute(text(f"set {name} = {value}"))
            self._schema = str(conn.execute(text("select current_schema()")).scalar_one())
            self._conn = conn
        return self._conn

    def key(self, name: str) -> int:
        with self._guard:
            self._connection()
            return lock_key(self._schema, name)

    def try_acquire(self, name: str) -> bool:
        """Take the lock on ``name`` for this connection's lifetime; False at once when another holds it."""
        with self._guard:
            conn = self._connection()
            key = lock_key(self._schema, name)
            return bool(conn.execute(text("select pg_try_advisory_lock(:k)"), {"k": key}).scalar_one())

    def release(self, name: str) -> None:
        with self._guard:
            if self._conn is None:
                return
            key = lock_key(self._schema, name)
            self._conn.execute(text("select pg_advisory_unlock(:k)"), {"k": key})

    def held_elsewhere(self, name: str) -> bool:
        """True when another session holds ``name`` (taken and released at once when it is free).

        Only meaningful for names this connection does not hold itself (a session may re-take its own
        advisory lock).
        """
        if self.try_acquire(name):
            self.release(name)
            return False
        return True

    def close(self) -> None:
        """End the session: every lock it holds is released."""
        with self._guard:
            if self._conn is not None:
                try:
                    self._conn.close()
                except Exception:  # noqa: BLE001 - a dead connection has released its locks already
                    log.debug("closing the advisory-lock connection failed", exc_info=True)
                self._conn = None
            self._engine.dispose()
