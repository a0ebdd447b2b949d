"""Locks on a knowledge base: one writer at a time, and no outside writer while a bot serves it.

:func:`ingest_lock` is the one writer lock every ingest takes (``run_ingest``: ``dtbot ingest``, the bot's
/reindex): a PostgreSQL advisory lock when the records database is PostgreSQL — shared by every host, so
two hosts never ingest at once, and released by the server when the holder's session ends (a crashed or
``kill -9``-ed writer) — else the home's file lock.

Chroma's embedded store is not multi-process safe: while ``dtbot serve`` runs on a home with embedded
Chroma (no DTBOT_CHROMA_URL) it holds :func:`serving_lock` for its lifetime, and every ingest calls
:func:`refuse_if_served` first. The bot's own /reindex runs in the serving process and is let through.
Both locks are ``flock`` locks: the kernel releases them when the process dies, even on ``kill -9``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from config.settings import Settings
from core.errors import BackendUnavailableError, StoreBusyError
from records.advisory import SessionLock, is_postgres

SERVE_LOCK = "serve.lock"
_served_here: set[Path] = set()  # homes the bot in THIS process serves (its /reindex may write)
_served_guard = threading.Lock()


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Hold the home's write lock, failing fast when another process has it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusyError(
            f"another ingest is running: another dtbot process is writing to {path.parent} (lock file "
            f"{path}); wait for it to finish and run the command again"
        ) from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """Hold the knowledge base's writer lock, failing fast with :class:`StoreBusyError` when it is taken.

    PostgreSQL records database: an advisory lock keyed by the collection name (within the database
    schema), on a connection of its own; otherwise the file lock of ``settings.home``.
    """
    if not is_postgres(settings.sql_url):
        with write_lock(settings.lock_path):
            yield
        return
    name = f"ingest:{settings.collection}"
    try:
        lock = SessionLock(settings.sql_url)
        acquired = lock.try_acquire(name)
    except Exception as exc:  # noqa: BLE001 - the driver raises many types; the user needs one message
        raise BackendUnavailableError(
            f"cannot take the ingest lock in the database: {type(exc).__name__}"
        ) from exc
    if not acquired:
        lock.close()
        raise StoreBusyError(
            f"another ingest is running on the knowledge base {settings.collection!r} (on this or another "
            "host: it holds the database's ingest lock); wait for it to finish and run the command again"
        )
    try:
        yield
    finally:
        try:
            lock.release(name)
        finally:
            lock.close()


def _serve_path(settings: Settings) -> Path:
    return (settings.home / SERVE_LOCK).resolve()


def _refusal(settings: Settings) -> StoreBusyError:
    return StoreBusyError(
        f"a running `dtbot serve` uses {settings.home} with its embedded Chroma store, which only one "
        "process may write: re-index from the bot with /reindex, or stop the bot first, or run Chroma as a "
        "server (DTBOT_CHROMA_URL) for both"
    )


@contextmanager
def serving_lock(settings: Settings) -> Iterator[None]:
    """Held by ``dtbot serve`` for its lifetime when the home's Chroma is embedded (else a no-op).

    A second bot on the same home is refused with :class:`StoreBusyError` (it would share the store too).
    """
    if settings.chroma_url:
        yield
        return
    path = _serve_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusyError(
            f"another `dtbot serve` already runs on {settings.home} (lock file {path}); stop it first"
        ) from None
    with _served_guard:
        _served_here.add(path)
    try:
        yield
    finally:
        with _served_guard:
            _served_here.discard(path)
        lock.release()


def refuse_if_served(settings: Settings) -> None:
    """Raise :class:`StoreBusyError` when another process serves this home with embedded Chroma.

    Call it at the start of every ingest (``ingest.pipeline.run_ingest``). A no-op with a Chroma server,
    and in the serving process itself (the bot's /reindex).
    """
    if settings.chroma_url:
        return
    path = _serve_path(settings)
    with _served_guard:
        if path in _served_here:
            return
    if not path.exists():
        return
    probe = FileLock(str(path), timeout=0)
    try:
        probe.acquire()
    except Timeout:
        raise _refusal(settings) from None
    probe.release()
