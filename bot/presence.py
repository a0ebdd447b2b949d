"""Which bot replicas are alive: each ``dtbot serve`` process has an id and, on PostgreSQL, holds an
advisory lock named after it for its lifetime (records/advisory.py).

The durable inbox (bot/inbox.py) records the replica working on each update; a ``working`` row whose
owner's lock is free belongs to a replica that died (its database session ended with it, ``kill -9``
included) and is handed back to ``pending`` for the others. On SQLite one process serves the database,
so at start-up every ``working`` row is its predecessor's (``shared`` is False).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket

from records.advisory import SessionLock, is_postgres

log = logging.getLogger("bot.presence")


def _lock_name(replica: str) -> str:
    return f"replica:{replica}"


class Presence:
    def __init__(self, url: str) -> None:
        self.id = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self.shared = is_postgres(url)  # several replicas may serve this database
        self._url = url
        self._lock: SessionLock | None = None

    def open(self) -> None:
        """Announce this replica (PostgreSQL: take the advisory lock named after its id)."""
        if not self.shared or self._lock is not None:
            return
        lock = SessionLock(self._url)
        if not lock.try_acquire(_lock_name(self.id)):  # ids are random: only a bug gets here
            lock.close()
            raise RuntimeError(f"replica id {self.id} is already in use")
        self._lock = lock
        log.info("replica %s is serving", self.id)

    def dead(self, replica: str | None) -> bool:
        """True when ``replica`` no longer runs (None: a row from before owners were recorded)."""
        if replica is None:
            return True
        if replica == self.id:
            return False
        if self._lock is None:  # SQLite: decided at start-up by the caller
            return False
        return not self._lock.held_elsewhere(_lock_name(replica))

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None
