"""Run the real bot (PTB Application, real HTTP) against the emulator inside a test's event loop.

Also holds ``StandInEngine`` — a STAND-IN for ``retrieval.engine.Engine`` used by the bot tests whose
behaviour must be scripted exactly (long answers, hostile text, streaming, failures). The real engine
is exercised by the ``real_engine`` tests in test_bot.py when ``tests/conftest.py`` provides the
``sample_settings`` fixture.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, build_application
from bot.runtime import Services
from config.settings import Settings
from core.types import Answer, Citation, Contact, Turn
from tests.telegram.emulator import TelegramEmulator

ADMIN, ALICE, BOB = 500, 1001, 1002


def make_settings(emu: TelegramEmulator, home: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "home": home,
        "telegram_token": SecretStr(emu.token),
        "telegram_api_url": emu.url,
        "admins": [ADMIN],
        "allowed_users": [ALICE, BOB],
        "rate_limit_per_minute": 100,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@dataclass
class Scripted:
    """What the stand-in engine does for the next question."""

    answer: Answer | None = None
    partials: list[str] = field(default_factory=list)
    raises: BaseException | None = None


@dataclass
class AskCall:
    question: str
    history: list[Turn]
    language: str | None
    kind: str = "ask"
    state: Any = None  # the ConversationState the bot passed
    viewer: Any = None  # the core.access.Viewer the bot passed


class StandInEngine:
    """STAND-IN for ``retrieval.engine.Engine`` (same async interface), scripted per test."""

    def __init__(self) -> None:
        self.script: list[Scripted] = []
        self.calls: list[AskCall] = []
        self.closed = False

    def next(
        self,
        answer: Answer | str | None = None,
        *,
        partials: list[str] | None = None,
        raises: BaseException | None = None,
    ) -> None:
        if isinstance(answer, str):
            answer = Answer(answer)
        self.script.append(Scripted(answer, partials or [], raises))

    def _answer(self, question: str, kind: str) -> Answer:
        step = self.script.pop(0) if self.script else Scripted()
        if step.raises is not None:
            raise step.raises
        if step.answer is not None:
            return step.answer
        contacts = [Contact("Aida Expert", email="aida@undp.org", telegram="aida_kg", title="Analyst")]
        return Answer(
            f"[{kind}] Answer to: {question} [1]",
            citations=[
                Citation(
                    1,
                    "Digital Strategy 2024",
                    "strategy.pdf",
                    date="2024-01-01",
                    url="https://example.org/s?a=1&b=2",
                )
            ],
            contacts=contacts if kind == "experts" else [],
            intent="expertise" if kind == "experts" else "general",
        )

    async def ask(
        self,
        question: str,
        *,
        history: list[Turn] | tuple[Turn, ...] = (),
        state: Any = None,
        language: str | None = None,
        on_partial: Callable[[str], Any] | None = None,
        viewer: Any = None,
    ) -> Answer:
        self.calls.append(AskCall(question, list(history), language, state=state, viewer=viewer))
        step = self.script[0] if self.script else None
        if step is not None and on_partial is not None:
            for text in step.partials:
                await on_partial(text)
        return self._answer(question, "ask")

    async def experts(
        self,
        topic: str,
        *,
        k: int = 5,
        language: str | None = None,
        viewer: Any = None,
    ) -> Answer:
        self.calls.append(AskCall(topic, [], language, "experts", viewer=viewer))
        return self._answer(topic, "experts")

    async def projects(
        self,
        topic: str,
        *,
        k: int = 5,
        language: str | None = None,
        viewer: Any = None,
    ) -> Answer:
        self.calls.append(AskCall(topic, [], language, "projects", viewer=viewer))
        return self._answer(topic, "projects")

    async def align(
        self,
        project: str,
        *,
        language: str | None = None,
        viewer: Any = None,
    ) -> Answer:
        self.calls.append(AskCall(project, [], language, "align", viewer=viewer))
        return self._answer(project, "align")

    async def stats(self) -> dict[str, Any]:
        return {"documents": 3, "chunks": 42, "people": 5, "projects": 2, "last_ingest": None}

    def close(self) -> None:
        self.closed = True


class BotRunner:
    """The bot's Application, polling (or webhook-fed by) the emulator; event-driven completion waits."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.done: dict[int, asyncio.Event] = {}
        services.on_update_done = self._done
        self.app: Application = build_application(settings, services)  # type: ignore[type-arg]
        self.webhook = False
        self.server: Any = None  # bot.webhook.WebhookServer in webhook mode

    def _event(self, update_id: int) -> asyncio.Event:
        return self.done.setdefault(update_id, asyncio.Event())

    def _done(self, update: object, seconds: float) -> None:
        update_id = getattr(update, "update_id", None)
        if update_id is not None:
            self._event(update_id).set()

    async def processed(self, update: dict[str, Any], timeout: float = 10.0) -> None:
        """Wait until the bot finished processing ``update`` (every handler and gate returned)."""
        await asyncio.wait_for(self._event(update["update_id"]).wait(), timeout)

    async def start(self, *, webhook_port: int | None = None) -> BotRunner:
        # the same sequence as Application.run_polling / run_webhook
        await self.app.initialize()
        if self.app.post_init:
            await self.app.post_init(self.app)
        assert self.app.updater is not None
        if webhook_port is None:
            await self.app.updater.start_polling(
                timeout=dtm.timedelta(seconds=5), allowed_updates=ALLOWED_UPDATES
            )
        else:
            from bot.webhook import WebhookServer  # what `dtbot serve` runs: the webhook + /healthz + /readyz

            self.server = WebhookServer(self.app, self.settings, port=webhook_port)
            await self.server.start()
            self.webhook = True
        await self.app.start()
        return self

    async def stop(self) -> None:
        assert self.app.updater is not None
        if self.server is not None:
            await self.server.stop()
        if self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        if self.app.post_shutdown:
            await self.app.post_shutdown(self.app)
