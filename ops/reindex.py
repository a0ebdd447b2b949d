"""Re-indexing the configured sources (DTBOT_SOURCES): the admin's /reindex and the scheduled rounds.

Both go through :func:`reindex_sources` — ``ingest.pipeline.run_ingest`` over ``settings.sources`` in a
worker thread, under the pipeline's write lock — so only changed files are embedded. A scheduled round
that finds another writer holding the lock (another host, or an admin's /reindex) is recorded as skipped,
not retried: the next round comes after the interval.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from config.settings import Settings
from core.errors import DtbotError, StoreBusyError
from ingest.pipeline import IngestSummary, run_ingest
from records import crud
from records.db import connect, make_engine
from records.models import IngestRun, utcnow

log = logging.getLogger("ops.reindex")

SCHEDULE = "schedule"  # IngestRun.trigger of a scheduled round


async def reindex_sources(settings: Settings, *, trigger: str) -> IngestSummary:
    """Ingest ``settings.sources`` (only changed files are embedded); raises ``StoreBusyError`` when
    another writer holds the write lock."""
    return await asyncio.to_thread(run_ingest, settings, list(settings.sources), trigger=trigger)


@dataclass(frozen=True)
class Round:
    outcome: str  # done | skipped | error
    summary: IngestSummary | None = None
    reason: str | None = None

    @property
    def changed(self) -> bool:
        """True when the round added, updated or removed a document (the engine should reopen)."""
        s = self.summary
        return s is not None and (s.count("add") + s.count("update") + s.count("remove")) > 0


async def scheduled_round(settings: Settings) -> Round:
    """One scheduled re-index; its outcome is in the database (``IngestRun`` with trigger "schedule")."""
    started = utcnow()
    try:
        summary = await reindex_sources(settings, trigger=SCHEDULE)
    except StoreBusyError:
        log.info("scheduled re-index skipped: another ingest holds the write lock")
        await _record(settings, "skipped", started, None)
        return Round("skipped")
    except DtbotError as exc:
        log.warning("scheduled re-index failed: %s", exc)
        await _record(settings, "error", started, str(exc))
        return Round("error", reason=str(exc))
    except Exception as exc:
        log.error("scheduled re-index failed: %s", type(exc).__name__, exc_info=True)
        await _record(settings, "error", started, type(exc).__name__)
        return Round("error", reason=type(exc).__name__)
    log.info("scheduled re-index: %s", summary.text().splitlines()[0])
    return Round("done", summary)


async def _record(settings: Settings, outcome: str, started: datetime, reason: str | None) -> None:
    def write() -> None:
        engine = make_engine(settings.sql_url)
        try:
            with Session(engine) as session:
                crud.record_round(
                    session=session, trigger=SCHEDULE, outcome=outcome, started_at=started, reason=reason
                )
        finally:
            engine.dispose()

    try:
        await asyncio.to_thread(write)
    except Exception as exc:  # noqa: BLE001 - the database may be what failed; the log has the round
        log.warning("could not record the scheduled round (%s)", type(exc).__name__)


def last_scheduled(settings: Settings) -> IngestRun | None:
    """The last scheduled round's row (None: none has finished yet)."""
    engine = connect(settings.sql_url)  # an ingest or the bot migrated it already
    try:
        with Session(engine, expire_on_commit=False) as session:
            run = crud.last_round(session=session, trigger=SCHEDULE)
            if run is not None:
                session.expunge(run)
            return run
    finally:
        engine.dispose()
