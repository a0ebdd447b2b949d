"""Fixtures of the profile tests: a writable copy of the ingested sample home, a PostgreSQL schema."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import Settings


def copy_home(sample: Settings, dest: Path, **overrides: object) -> Settings:
    """Settings of a private, writable copy of the session's ingested sample home (no re-ingest)."""
    shutil.copytree(sample.home, dest)
    return sample.model_copy(update={"home": dest, **overrides})


@pytest.fixture
def sample_copy(sample_settings: Settings, tmp_path: Path) -> Settings:
    """A writable copy of the ingested bundled sample (profiles are declared into it)."""
    return copy_home(sample_settings, tmp_path / "home")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A private schema in the `test` database of the PostgreSQL server on 127.0.0.1:5432 (trust auth),
    dropped at the end; skips with the reason when no server answers."""
    from tests.db_backends import postgres_schema

    with postgres_schema("dtbot_profiles") as url:
        yield url
