"""Fixtures of the multi-host tests: a private PostgreSQL schema and a Chroma server process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests.*` importable under `pytest` as well as `python -m pytest`
    sys.path.insert(0, str(ROOT))

from tests.db_backends import postgres_schema  # noqa: E402
from tests.deploy.servers import ChromaServer  # noqa: E402


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A private schema on the PostgreSQL server (dropped afterwards); skips when none is reachable."""
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real ``chroma run`` server on a free loopback port for this module, stopped by its PID."""
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data").start()
    try:
        yield server.url
    finally:
        server.stop()
