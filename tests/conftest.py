"""Session-wide fixtures: a shared embedding cache and one ingested copy of the bundled sample."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from config.settings import Settings

if TYPE_CHECKING:
    from retrieval.engine import Engine

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _no_ambient_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's real LLM or Telegram settings from the environment."""
    for name in list(os.environ):
        if name.startswith("DTBOT_") or name == "OPENAI_API_KEY":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="session")
def embed_cache_path() -> Path:
    """One embedding cache for the whole session, kept between local runs (the model is slow)."""
    path = Path(os.environ.get("DTBOT_TEST_EMBED_CACHE", REPO / ".pytest_cache" / "dtbot-embed-cache.sqlite"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory: pytest.TempPathFactory, embed_cache_path: Path) -> Iterator[Settings]:
    """Settings of a DTBOT_HOME holding the ingested bundled sample (ingested once per session).

    Tests must treat this home as read-only; tests that write build their own home.
    """
    from ingest.pipeline import run_ingest

    home = tmp_path_factory.mktemp("sample-home")
    settings = Settings(home=home, embed_cache=embed_cache_path, _env_file=None)  # type: ignore[call-arg]
    summary = run_ingest(settings, [SAMPLE])
    assert summary.ok, summary.text()
    yield settings


@pytest.fixture(scope="session")
def sample_engine(sample_settings: Settings):  # type: ignore[no-untyped-def]
    """The offline answering engine over the ingested sample (shared, read-only)."""
    from retrieval.engine import open_engine

    engine = open_engine(sample_settings)
    yield engine
    engine.close()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty records database on each backend (tests/db_backends.py): a SQLite file, and a private schema
    on the PostgreSQL server at 127.0.0.1:5432, dropped afterwards (skipped with the reason when unreachable)."""
    from tests.db_backends import database_url

    with database_url(request.param, tmp_path / "db") as url:
        yield url


def make_settings(home: Path, cache: Path, **kw: object) -> Settings:
    """Settings for a private home that shares the session's embedding cache."""
    return Settings(home=home, embed_cache=cache, _env_file=None, **kw)  # type: ignore[call-arg]


def llm_engine(
    engine: Engine, base_url: str, *, translate_queries: bool | None = None, **kw: object
) -> Engine:
    """``engine``'s knowledge base and retriever answered by the OpenAI-compatible model at ``base_url``
    (the real langchain-openai client; 3 s timeout, no retries; ``kw``: more settings)."""
    from retrieval.engine import Engine
    from retrieval.llm import build_chat_model

    settings = Settings(
        llm_base_url=base_url,
        DTBOT_LLM_API_KEY="k-test",
        llm_timeout=3,
        llm_max_retries=0,
        _env_file=None,
        **kw,
    )  # type: ignore[call-arg]
    return Engine(
        engine.kb, engine.retriever, build_chat_model(settings), translate_queries=translate_queries
    )


def run_cli(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``dtbot ARGS…`` as a user would (a subprocess), with ``env`` added to a DTBOT-free environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
    return subprocess.run(
        [sys.executable, "-m", "dtbot.cli", *args],
        env={**base, "COLUMNS": "200", **env},
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test when the folder is absent (fresh clones)."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent in a fresh clone)")
    return path
