"""ops/reindex.py on both records backends: a scheduled round skips (and records that) while another writer
holds the ingest lock — the home's file lock on SQLite, the database's advisory lock on PostgreSQL, as a
second host would hold it — and otherwise runs the /reindex pipeline, embedding only what changed."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from config.settings import Settings
from ingest.lock import ingest_lock
from ops.reindex import SCHEDULE, last_scheduled, scheduled_round
from records import crud
from records.db import make_engine
from tests.conftest import make_settings


async def test_round_skips_while_another_writer_holds_the_lock_then_runs(
    db_url: str, tmp_path: Path, embed_cache_path: Path
) -> None:
    """Lock held elsewhere → outcome "skipped", recorded with trigger "schedule" and not counted as the last
    ingest; lock free → the round ingests the new file (1 added), and the next round over the unchanged
    corpus writes no chunk."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("# Note\n\nThe task force meets on Mondays to review digital projects.\n")
    settings: Settings = make_settings(
        tmp_path / "home", embed_cache_path, database_url=db_url, sources=[docs], embed_threads=1
    )
    with ingest_lock(settings):  # a second host (PostgreSQL) or process (SQLite) is ingesting
        skipped = await scheduled_round(settings)
    assert skipped.outcome == "skipped" and not skipped.changed
    row = last_scheduled(settings)
    assert row is not None and (row.trigger, row.outcome) == (SCHEDULE, "skipped")
    engine = make_engine(settings.sql_url)
    with Session(engine) as session:
        assert crud.last_run(session=session) is None  # a skipped round is no ingest
    engine.dispose()

    ran = await scheduled_round(settings)
    assert ran.outcome == "done" and ran.changed and ran.summary is not None
    assert ran.summary.count("add") == 1
    again = await scheduled_round(settings)
    assert again.outcome == "done" and not again.changed
    assert (
        again.summary is not None and again.summary.chunks_written == 0 and again.summary.embedded_texts == 0
    )
    row = last_scheduled(settings)
    assert row is not None and (row.outcome, row.added, row.skipped, row.chunks) == ("done", 0, 1, 0)


async def test_round_that_fails_is_recorded_with_its_reason(tmp_path: Path, embed_cache_path: Path) -> None:
    """A round whose knowledge base cannot be opened (DTBOT_HOME is a file) is recorded as "error" with a
    reason, and the schedule is not broken by it (the function returns)."""
    home = tmp_path / "home"
    db = f"sqlite:///{tmp_path / 'records.sqlite'}"
    settings = make_settings(home, embed_cache_path, database_url=db, sources=[tmp_path])
    home.write_text("not a directory")
    failed = await scheduled_round(settings)
    assert failed.outcome == "error" and failed.reason
    row = last_scheduled(settings)
    assert row is not None and row.outcome == "error" and row.failures and row.failures[0]["reason"]
