"""The scheduled re-index of ``dtbot serve`` (``DTBOT_REINDEX_INTERVAL``): the same pipeline as /reindex
over ``DTBOT_SOURCES`` on a timer, each round's outcome in the records database and in /stats."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from bot import reindex_schedule
from bot.runtime import Services
from config.settings import Settings
from ingest.lock import ingest_lock
from ingest.pipeline import run_ingest
from ops.reindex import last_scheduled
from records.models import IngestRun
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import ADMIN, BotRunner, make_settings


async def _next_round(settings: Settings, after: int | None, timeout: float = 180.0) -> IngestRun:
    """Wait until a scheduled round newer than row ``after`` has finished; return its row."""
    deadline = time.monotonic() + timeout
    while True:
        run = await asyncio.to_thread(last_scheduled, settings)
        if run is not None and (after is None or (run.id or 0) > after):
            return run
        assert time.monotonic() < deadline, "no scheduled round finished in time"
        await asyncio.sleep(0.1)


async def _stats(emu: TelegramEmulator) -> str:
    mark = emu.mark()
    emu.user_sends("/stats", user=ADMIN)
    reply = await emu.wait_for("sendMessage", lambda c: c.chat_id == ADMIN, since=mark, timeout=30)
    return reply.text


def test_interval_setting_parses_durations_and_rejects_nonsense() -> None:
    """DTBOT_REINDEX_INTERVAL: 6h, 30m, 90s, 1h30m and plain seconds become seconds; empty and 0 are
    off; anything else, or less than a second, is a validation error naming the variable."""
    from pydantic import ValidationError

    def parse(value: str) -> float | None:
        return Settings(_env_file=None, reindex_interval=value).reindex_interval  # type: ignore[call-arg]

    assert [parse(v) for v in ("6h", "30m", "90s", "1h30m", "45", " 2H ")] == [
        21600.0,
        1800.0,
        90.0,
        5400.0,
        45.0,
        7200.0,
    ]
    assert parse("") is None and parse("0") is None
    for bad in ("soon", "6 hours", "-5m", "0.5s", "h"):
        with pytest.raises(ValidationError, match="DTBOT_REINDEX_INTERVAL"):
            parse(bad)


async def test_scheduled_rounds_pick_up_changes_skip_when_locked_and_show_in_stats(
    emu: TelegramEmulator, tmp_path: Path, embed_cache_path: Path
) -> None:
    """With a 1 s interval over a temp copy of a tiny corpus: a round over the unchanged corpus writes no
    chunk (nothing embedded); while another writer holds the write lock a round is recorded as skipped and
    /stats says so; after a file changes the next round updates exactly that file, the bot's engine finds
    the new text, and /stats shows that round's start, end and counts. The bot stops cleanly."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "meetings.md").write_text("# Meetings\n\nThe task force meets on Mondays to review projects.\n")
    (docs / "tools.md").write_text("# Tools\n\nThe office uses a shared drive for project documents.\n")
    settings: Settings = make_settings(
        emu,
        tmp_path / "home",
        embed_cache=embed_cache_path,
        sources=[docs],
        reindex_interval="1s",
        embed_threads=1,
    )
    assert settings.reindex_interval == 1.0
    first = await asyncio.to_thread(run_ingest, settings, [docs])
    assert first.ok and first.count("add") == 2

    runner = await BotRunner(settings, Services()).start()
    try:
        # 1. unchanged corpus: a round that embeds nothing
        unchanged = await _next_round(settings, None)
        assert (unchanged.trigger, unchanged.outcome) == ("schedule", "done")
        assert (unchanged.added, unchanged.updated, unchanged.removed, unchanged.skipped) == (0, 0, 0, 2)
        assert unchanged.chunks == 0
        await reindex_schedule.stop(runner.app)

        # 2. another writer holds the lock: the round is skipped, and /stats says so
        with ingest_lock(settings):  # what run_ingest takes: another writer holds it
            reindex_schedule.start(runner.app)
            skipped = await _next_round(settings, unchanged.id)
            await reindex_schedule.stop(runner.app)
        assert skipped.outcome == "skipped" and skipped.trigger == "schedule"
        text = await _stats(emu)
        start = skipped.started_at.strftime("%Y-%m-%d %H:%M:%S")
        assert (
            f"Scheduled re-index (every 1s): last round {start} UTC skipped: another host was ingesting"
            in text
        )

        # 3. a changed file: the next round updates exactly it, the engine sees it, /stats shows the round
        (docs / "tools.md").write_text(
            "# Tools\n\nThe office tracks field visits in the Kestrel-7 registry since March.\n"
        )
        reindex_schedule.start(runner.app)
        changed = await _next_round(settings, skipped.id)
        await reindex_schedule.stop(runner.app)
        assert changed.outcome == "done"
        assert (changed.added, changed.updated, changed.removed, changed.failed) == (0, 1, 0, 0)
        assert changed.chunks >= 1
        engine: Any = await runner.app.bot_data["runtime"].get_engine()
        hits = await asyncio.to_thread(engine.search, "Kestrel-7 registry of field visits", k=1)
        assert "Kestrel-7" in hits[0].text
        text = await _stats(emu)
        start, end = (
            changed.started_at.strftime("%Y-%m-%d %H:%M:%S"),
            changed.finished_at.strftime("%H:%M:%S"),
        )  # type: ignore[union-attr]
        assert f"last round {start} → {end} UTC: 0 added, 1 updated, 0 removed, 0 failed" in text, text
    finally:
        await runner.stop()
    assert reindex_schedule.TASK not in runner.app.bot_data


async def test_no_schedule_without_an_interval(emu: TelegramEmulator, tmp_path: Path) -> None:
    """Without DTBOT_REINDEX_INTERVAL no schedule starts and /stats has no scheduled re-index line."""
    from tests.telegram.harness import StandInEngine

    runner = await BotRunner(
        make_settings(emu, tmp_path), Services(engine_factory=lambda s: StandInEngine())
    ).start()
    try:
        assert reindex_schedule.TASK not in runner.app.bot_data
        text = await _stats(emu)
        assert "Statistics" in text and "Scheduled re-index" not in text
    finally:
        await runner.stop()
