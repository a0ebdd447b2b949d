"""Exactly-once answers across a crash, with the real thing: ``python -m dtbot.cli serve`` against the
Bot API emulator (polling and webhook), the real engine over a copy of the ingested sample, and a
loopback LLM that hangs on the first request — the bot is ``kill -9``-ed mid-answer, started again,
and the question is answered exactly once, whether or not Telegram redelivers the update."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from records.bot_models import BotExchange, BotInbox
from records.db import make_engine
from tests.openai_server import OpenAIServer, Respond
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import ADMIN, ALICE
from tests.telegram.test_bot import free_port

ROOT = Path(__file__).resolve().parents[2]
QUESTION = "What are the priorities of the digital transformation strategy?"
ANSWER = "Exactly-once answer: skills and e-services [1]."
SECRET = "kill-test-secret"


class HangingLLM:
    """The first chat request hangs (the bot is mid-answer: nothing sent yet); later ones answer."""

    def __init__(self) -> None:
        self.first = asyncio.Event()
        self.requests = 0

    async def __call__(self, call: Any) -> str:
        self.requests += 1
        if not self.first.is_set():
            self.first.set()
            await asyncio.sleep(600)  # until the bot is killed (then the test server shuts down)
        return ANSWER if "ources" in call.prompt else QUESTION


class Bot:
    """One ``dtbot serve`` subprocess; its log goes to a file."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> Bot:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "dtbot.cli", "serve", cwd=ROOT, env=self.env,
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
        return self

    async def kill9(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        await self.proc.wait()

    async def stop(self) -> int:
        """SIGTERM: PTB stops gracefully (every update in flight is finished first)."""
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(self.proc.wait(), 120)

    def text(self) -> str:
        return self.log.read_text("utf-8", "replace")


async def _until(predicate: Any, what: str, bot: Bot, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert bot.proc is not None
        if bot.proc.returncode is not None:
            raise AssertionError(
                f"the bot exited ({bot.proc.returncode}) before {what}:\n{bot.text()[-3000:]}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}:\n{bot.text()[-3000:]}")
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("redeliver", [False, True], ids=["no-redelivery", "redelivered"])
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_killed_mid_answer_is_answered_exactly_once(
    emu: TelegramEmulator, tmp_path: Path, request: pytest.FixtureRequest, mode: str, redeliver: bool
) -> None:
    """kill -9 while the LLM is producing the answer (nothing sent yet), restart: the question is
    answered exactly once (one bot message carries the answer, one exchange stored, inbox row done);
    a redelivered copy is dropped (logged), and without redelivery the inbox alone brings it back."""
    sample = request.getfixturevalue("sample_settings")
    home = tmp_path / "home"
    shutil.copytree(sample.home, home)
    for stale in home.glob("*.lock"):
        stale.unlink()
    llm_script = HangingLLM()
    async with OpenAIServer(default=Respond(llm_script)) as llm:
        base = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
        env = {
            **base,
            "DTBOT_HOME": str(home),
            "DTBOT_EMBED_CACHE": str(sample.embed_cache_path),
            "DTBOT_EMBED_THREADS": "1",
            "DTBOT_TELEGRAM_TOKEN": emu.token,
            "DTBOT_TELEGRAM_API_URL": emu.url,
            "DTBOT_ALLOWED_USERS": str(ALICE),
            "DTBOT_ADMINS": str(ADMIN),
            "DTBOT_LLM_BASE_URL": llm.base_url,
            "DTBOT_LLM_API_KEY": "test-key",
            "DTBOT_LLM_TIMEOUT": "300",
            "DTBOT_LLM_MAX_RETRIES": "0",
        }

        def with_port() -> dict[str, str]:
            if mode == "polling":
                return env
            port = free_port()
            return {
                **env,
                "DTBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
                "DTBOT_WEBHOOK_PORT": str(port),
                "DTBOT_WEBHOOK_SECRET": SECRET,
            }

        ready = "setWebhook" if mode == "webhook" else "setMyCommands"
        first = await Bot(with_port(), tmp_path / "bot1.log").start()
        try:
            await emu.wait_for(ready, timeout=180)
            if mode == "webhook":
                await _until(lambda: bool(emu.webhook["url"]), "the webhook", first)
            update = emu.user_sends(QUESTION, user=ALICE)
            await _until(llm_script.first.is_set, "the LLM request", first)
        finally:
            await first.kill9()
        assert not emu.find("sendMessage", lambda c: c.chat_id == ALICE and ANSWER in c.text)
        uid = update["update_id"]
        if redeliver and mode == "polling":
            emu.redeliver(update)

        mark = emu.mark()
        second = await Bot(with_port(), tmp_path / "bot2.log").start()
        try:
            await emu.wait_for(ready, since=mark, timeout=180)
            if redeliver and mode == "webhook":
                emu.redeliver(update)
                await _until(
                    lambda: sum(u == uid and s == 200 for u, s in emu.webhook_deliveries) >= 2,
                    "the redelivery",
                    second,
                )
            if redeliver:
                await _until(
                    lambda: f"dropping redelivered update {uid}" in second.text(), "the drop", second
                )
            await _until(
                lambda: any(ANSWER in c.text for c in emu.find(None, lambda c: c.chat_id == ALICE)),
                "the answer",
                second,
            )
        finally:
            code = await second.stop()
        assert code == 0, second.text()[-3000:]

    answered = {
        c.result["message_id"]
        for c in emu.find(
            None, lambda c: c.chat_id == ALICE and c.method in ("sendMessage", "editMessageText")
        )
        if ANSWER in emu.message(ALICE, c.result["message_id"])["text"]
    }
    assert len(answered) == 1
    assert emu.find("sendMessage", lambda c: c.chat_id == ALICE and "temporarily unavailable" in c.text) == []
    with Session(make_engine(f"sqlite:///{(home / 'dtbot.sqlite').resolve()}")) as s:
        exchanges = s.exec(select(BotExchange).where(BotExchange.question == QUESTION)).all()
        assert len(exchanges) == 1 and exchanges[0].error is None
        row = s.get(BotInbox, uid)
        assert row is not None and row.status == "done" and row.attempts == 2
    assert "answering again" in second.text()
