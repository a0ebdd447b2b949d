"""The scheduled re-index of ``dtbot serve`` (``DTBOT_REINDEX_INTERVAL``) and its line in /stats.

An asyncio task started in ``post_init`` and stopped in ``post_shutdown``: it sleeps one interval,
runs :func:`ops.reindex.scheduled_round` (the same pipeline as /reindex; a round that finds another writer
holding the write lock is recorded as skipped), reopens the engine when documents changed, and sleeps
again. The outcome of every round is in the records database, so /stats shows the last one on any replica.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram.ext import Application

from bot.runtime import Runtime
from core.messages import t
from ops.reindex import last_scheduled, scheduled_round

log = logging.getLogger("bot.schedule")

TASK = "reindex_schedule"  # its key in Application.bot_data


def start(app: Application) -> None:  # type: ignore[type-arg]
    """Start the schedule when ``DTBOT_REINDEX_INTERVAL`` is set (the first round after one interval)."""
    rt: Runtime = app.bot_data["runtime"]
    interval = rt.settings.reindex_interval
    if interval and TASK not in app.bot_data:
        log.info("scheduled re-index every %s", format_interval(interval))
        app.bot_data[TASK] = _Schedule(rt, interval)


async def stop(app: Application) -> None:  # type: ignore[type-arg]
    """Stop the schedule; a round in progress is finished first (its ingest thread would run on anyway)."""
    schedule: _Schedule | None = app.bot_data.pop(TASK, None)
    if schedule is not None:
        await schedule.stop()


class _Schedule:
    def __init__(self, rt: Runtime, interval: float) -> None:
        self.rt, self.interval = rt, interval
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._loop(), name="dtbot:scheduled-reindex")

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)
                return
            try:
                result = await scheduled_round(self.rt.settings)
                if result.changed:
                    await self.rt.reopen_engine()
            except Exception:  # never let the schedule die
                log.exception("scheduled re-index round failed")

    async def stop(self) -> None:
        self._stopping.set()
        await self._task


def format_interval(seconds: float) -> str:
    """21600 → "6h", 5400 → "1h30m", 90 → "1m30s"."""
    rest, parts = round(seconds), []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return "".join(parts) or "0s"


async def stats_line(rt: Runtime, lang: str) -> str | None:
    """ "Scheduled re-index (every 6h): last round …" for /stats (None: off and never ran)."""
    interval = rt.settings.reindex_interval
    try:
        run = await asyncio.to_thread(last_scheduled, rt.settings)
    except Exception as exc:  # noqa: BLE001 - /stats still shows everything else
        log.warning("last scheduled round unavailable: %s", type(exc).__name__)
        return None
    if interval is None and run is None:
        return None
    title = (
        t(lang, "schedule_title", interval=format_interval(interval)) if interval else t(lang, "schedule_off")
    )
    if run is None:
        return f"{title}: {t(lang, 'schedule_none')}"
    start = run.started_at.strftime("%Y-%m-%d %H:%M:%S")
    if run.outcome == "skipped":
        return f"{title}: {t(lang, 'schedule_skipped', start=start)}"
    if run.outcome == "error":
        reason = run.failures[0]["reason"] if run.failures else "?"
        return f"{title}: {t(lang, 'schedule_error', start=start, reason=reason)}"
    end = run.finished_at.strftime("%H:%M:%S") if run.finished_at else "?"
    counts = {"added": run.added, "updated": run.updated, "removed": run.removed, "failed": run.failed}
    return f"{title}: {t(lang, 'schedule_done', start=start, end=end, **counts)}"
