"""The durable inbox (bot/inbox.py), in process: stored before Telegram is told, answered once after a
crash whether or not Telegram redelivers, bounded attempts, done rows pruned on a timer."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from bot.runtime import Services
from records import bot_crud
from records.bot_models import BotExchange, BotInbox
from records.db import make_engine
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import ALICE, BotRunner, StandInEngine, make_settings


class AckWatchingEmulator(TelegramEmulator):
    """Records, for every getUpdates that confirms updates (offset), whether each confirmed update was
    already in the bot's inbox at that moment."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.acked: dict[int, bool] = {}
        self.seen: set[int] = set()

    async def _api_getupdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(p.get("offset", 0) or 0)
        for update_id in [u for u in self.seen if u < offset and u not in self.acked]:
            with sqlite3.connect(self.db_path) as conn:
                row = conn.execute("SELECT 1 FROM bot_inbox WHERE update_id = ?", (update_id,)).fetchone()
            self.acked[update_id] = row is not None
        result = await super()._api_getupdates(p)
        self.seen |= {u["update_id"] for u in result}
        return result


async def test_update_is_in_the_inbox_before_telegram_is_told(tmp_path: Path) -> None:
    """Polling: when the bot's next getUpdates confirms an update (offset past it), the update's row is
    already in bot_inbox — whatever happens next, it is not lost. The row is done once answered."""
    async with AckWatchingEmulator(tmp_path / "dtbot.sqlite") as emu:
        engine = StandInEngine()
        runner = await BotRunner(
            make_settings(emu, tmp_path), Services(engine_factory=lambda s: engine)
        ).start()
        try:
            updates = [emu.user_sends(f"question {i}", user=ALICE) for i in range(3)]
            for update in updates:
                await runner.processed(update)
            third = emu.user_sends("one more, to confirm the others", user=ALICE)
            await runner.processed(third)
        finally:
            await runner.stop()
        ids = [u["update_id"] for u in updates]
        assert all(emu.acked.get(i) is True for i in ids), emu.acked
        with Session(make_engine(f"sqlite:///{tmp_path / 'dtbot.sqlite'}")) as s:
            assert {r.update_id: r.status for r in s.exec(select(BotInbox))} == {
                **dict.fromkeys(ids, "done"),
                third["update_id"]: "done",
            }


def _left_by_a_killed_bot(tmp_path: Path, update: dict[str, Any], *, attempts: int = 1) -> None:
    """The inbox row a bot killed mid-answer leaves behind: stored, claimed (working), never finished."""
    sql = make_engine(f"sqlite:///{(tmp_path / 'dtbot.sqlite').resolve()}")
    assert bot_crud.inbox_add(sql, update_id=update["update_id"], payload=update) == "new"
    with Session(sql) as s:
        row = s.get(BotInbox, update["update_id"])
        assert row is not None
        row.status, row.attempts = "working", attempts
        s.add(row)
        s.commit()
    sql.dispose()


async def _answers(emu: TelegramEmulator, text: str) -> list[int]:
    """Message ids of bot messages in Alice's chat whose CURRENT text answers ``text``."""
    ids = {c.result["message_id"] for c in emu.find("sendMessage", lambda c: c.chat_id == ALICE)}
    return sorted(i for i in ids if f"Answer to: {text}" in emu.message(ALICE, i)["text"])


async def _wait_status(runner: BotRunner, update_id: int, status: str, timeout: float = 10.0) -> None:
    rt = runner.app.bot_data["runtime"]
    deadline = time.monotonic() + timeout
    while True:
        with Session(rt.sql) as s:
            row = s.get(BotInbox, update_id)
            if row is not None and row.status == status:
                return
        assert time.monotonic() < deadline, f"update {update_id} never became {status}"
        await asyncio.sleep(0.02)


async def test_unanswered_update_is_answered_once_after_restart(
    emu: TelegramEmulator, tmp_path: Path
) -> None:
    """A bot was killed while answering (its row is 'working'). On start the row is processed first; when
    Telegram ALSO redelivers the update, the copy is dropped: one answer, one engine call, row done."""
    update = emu.user_sends("left unanswered", user=ALICE)  # still queued: Telegram redelivers it
    _left_by_a_killed_bot(tmp_path, update)
    engine = StandInEngine()
    runner = await BotRunner(make_settings(emu, tmp_path), Services(engine_factory=lambda s: engine)).start()
    try:
        await emu.wait_for("sendMessage", lambda c: "Answer to: left unanswered" in c.text)
        await _wait_status(runner, update["update_id"], "done")
        follow = emu.user_sends("after", user=ALICE)  # polling has moved past the redelivered copy
        await runner.processed(follow)
    finally:
        await runner.stop()
    assert [c.question for c in engine.calls] == ["left unanswered", "after"]
    assert len(await _answers(emu, "left unanswered")) == 1
    with Session(make_engine(f"sqlite:///{tmp_path / 'dtbot.sqlite'}")) as s:
        rows = s.exec(select(BotExchange).where(BotExchange.question == "left unanswered")).all()
        assert len(rows) == 1


async def test_unanswered_update_without_redelivery_is_answered_from_the_inbox(
    emu: TelegramEmulator, tmp_path: Path
) -> None:
    """Telegram does not redeliver (the update was confirmed before the crash): the inbox alone brings
    the question back and it is answered once."""
    update = emu.user_sends("only in the inbox", user=ALICE)
    emu._queue.clear()  # confirmed to Telegram before the crash: it will not come again
    _left_by_a_killed_bot(tmp_path, update)
    engine = StandInEngine()
    runner = await BotRunner(make_settings(emu, tmp_path), Services(engine_factory=lambda s: engine)).start()
    try:
        await runner.processed(update)
        await _wait_status(runner, update["update_id"], "done")
    finally:
        await runner.stop()
    assert [c.question for c in engine.calls] == ["only in the inbox"]
    assert len(await _answers(emu, "only in the inbox")) == 1


async def test_update_that_keeps_killing_the_bot_is_given_up(emu: TelegramEmulator, tmp_path: Path) -> None:
    """A row that was already attempted MAX_ATTEMPTS times is marked failed at start, not answered again."""
    from bot.inbox import MAX_ATTEMPTS

    update = emu.user_sends("poison", user=ALICE)
    emu._queue.clear()
    _left_by_a_killed_bot(tmp_path, update, attempts=MAX_ATTEMPTS)
    engine = StandInEngine()
    runner = await BotRunner(make_settings(emu, tmp_path), Services(engine_factory=lambda s: engine)).start()
    try:
        await runner.processed(update)
        await _wait_status(runner, update["update_id"], "failed")
    finally:
        await runner.stop()
    assert engine.calls == []
    assert emu.find("sendMessage", lambda c: c.chat_id == ALICE) == []


async def test_done_rows_are_pruned_on_a_timer(emu: TelegramEmulator, tmp_path: Path) -> None:
    """While the bot runs, the sweeper deletes done rows older than the retention (7 days by default; one
    hour here) and keeps recent ones — not only at start-up."""
    engine = StandInEngine()
    services = Services(engine_factory=lambda s: engine, inbox_sweep_s=0.05, inbox_keep_done_s=3600)
    runner = await BotRunner(make_settings(emu, tmp_path), services).start()
    try:
        old = emu.user_sends("old question", user=ALICE)
        await runner.processed(old)
        new = emu.user_sends("new question", user=ALICE)
        await runner.processed(new)
        rt = runner.app.bot_data["runtime"]
        with Session(rt.sql) as s:
            row = s.get(BotInbox, old["update_id"])
            assert row is not None and row.status == "done"
            row.updated_at = time.time() - 2 * 3600
            s.add(row)
            s.commit()
        deadline = time.monotonic() + 10
        while True:
            with Session(rt.sql) as s:
                if s.get(BotInbox, old["update_id"]) is None:
                    break
            assert time.monotonic() < deadline, "the old done row was never pruned"
            await asyncio.sleep(0.02)
        with Session(rt.sql) as s:
            assert [r.update_id for r in s.exec(select(BotInbox))] == [new["update_id"]]
    finally:
        await runner.stop()
