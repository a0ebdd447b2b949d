"""Fixtures of the profile tests: a writable copy of the ingested sample home, a PostgreSQL schema."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

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
    base = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    try:
        admin = create_engine(base, connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        pytest.skip(f"PostgreSQL on 127.0.0.1:5432 is not reachable: {type(exc).__name__}: {exc}")
    schema = f"dtbot_profiles_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()
