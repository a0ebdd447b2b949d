"""One writer per DTBOT_HOME (Chroma's embedded store is not multi-process safe)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from core.errors import StoreBusyError


@contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Hold the home's write lock, failing fast when another process has it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise StoreBusyError(
            f"another dtbot process is writing to {path.parent} (lock file {path}); "
            "wait for it to finish and run the command again"
        ) from None
    try:
        yield
    finally:
        lock.release()
