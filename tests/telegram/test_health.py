"""The webhook server of ``dtbot serve``: Telegram's updates (stored before the 200), ``/healthz`` and
``/readyz`` (database, Chroma, LLM endpoint, lexical index), in-process and as a real subprocess."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlmodel import Session

from bot.runtime import Services
from records.bot_models import BotInbox
from records.db import make_engine
from tests.openai_server import OpenAIServer
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import ALICE, BotRunner, StandInEngine, make_settings
from tests.telegram.test_bot import free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET = "health-secret-123"


def _update(update_id: int, text_: str = "hello") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "text": text_,
            "chat": {"id": ALICE, "type": "private"},
            "from": {"id": ALICE, "is_bot": False, "first_name": "A"},
        },
    }


async def _get(port: int, path: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.get(f"http://127.0.0.1:{port}{path}")


class TcpForwarder:
    """127.0.0.1:<port> → an upstream TCP address; ``stop()`` closes the port and every connection (the
    database "goes away" for whoever connected through it)."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream_host, self.upstream_port = upstream_host, upstream_port
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> TcpForwarder:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(self.upstream_host, self.upstream_port)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for w in self._writers:
                w.close()
            await self._server.wait_closed()
            self._server = None


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A private schema on the PostgreSQL server (tests/db_backends.py; skips when it is unreachable)."""
    from tests.db_backends import postgres_schema

    with postgres_schema("dtbot_health") as url:
        yield url


@pytest.fixture
async def real_bot(
    emu: TelegramEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[Any]:
    """A factory: the bot in webhook mode over the real engine of the ingested sample (read-only home),
    its own database at ``bot_db`` (default a temp SQLite file); yields the runner and its port."""
    sample = request.getfixturevalue("sample_settings")
    runners: list[BotRunner] = []

    async def start(*, bot_db: str | None = None, **overrides: Any) -> tuple[BotRunner, int]:
        url = bot_db or f"sqlite:///{tmp_path / 'bot.sqlite'}"
        port = free_port()
        wired = make_settings(
            emu, tmp_path, webhook_url=f"http://127.0.0.1:{port}/tg", webhook_secret=SECRET
        ).model_dump(
            include={
                "telegram_token",
                "telegram_api_url",
                "admins",
                "allowed_users",
                "webhook_url",
                "webhook_secret",
            }
        )
        settings = sample.model_copy(update={**wired, **overrides})
        runner = BotRunner(settings, Services(sql_factory=lambda _: make_engine(url)))
        runners.append(runner)
        await runner.start(webhook_port=port)
        return runner, port

    yield start
    for runner in runners:
        await runner.stop()


async def test_healthz_and_readyz_follow_the_llm_endpoint(real_bot: Any) -> None:
    """/healthz answers 200 "ok"; /readyz answers 200 with every check "ok" (database, Chroma, lexical
    index, LLM) while the loopback LLM server runs, and 503 naming only "llm" once it is stopped — the
    body carries no secret; /healthz stays 200."""
    llm = await OpenAIServer().start()
    try:
        _, port = await real_bot(llm_base_url=llm.base_url, llm_api_key=SecretStr("sk-health-key-456"))
        health = await _get(port, "/healthz")
        assert (health.status_code, health.text) == (200, "ok")
        ready = await _get(port, "/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json() == {
            "status": "ready",
            "failed": [],
            "checks": {"database": "ok", "chroma": "ok", "lexical": "ok", "llm": "ok"},
        }
        assert [r.path for r in llm.requests] == ["/v1/models"]
        assert llm.requests[0].headers["authorization"] == "Bearer sk-health-key-456"
    finally:
        await llm.stop()
    down = await _get(port, "/readyz")
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "not ready" and body["failed"] == ["llm"]
    assert body["checks"]["llm"] in ("ConnectError", "timeout")
    for secret in ("sk-health-key-456", SECRET, "127.0.0.1"):
        assert secret not in down.text
    assert (await _get(port, "/healthz")).status_code == 200


async def test_readyz_names_the_database_when_it_goes_away(real_bot: Any, pg_url: str) -> None:
    """The bot's PostgreSQL database reached through a loopback TCP forwarder: /readyz is 200, and once
    the forwarder's port is closed (the database unreachable) 503 naming only "database"."""
    upstream = make_url(pg_url)
    forwarder = await TcpForwarder(upstream.host or "127.0.0.1", upstream.port or 5432).start()
    try:
        through = upstream.set(host="127.0.0.1", port=forwarder.port).render_as_string(hide_password=False)
        _, port = await real_bot(bot_db=through)
        ready = await _get(port, "/readyz")
        assert ready.status_code == 200, ready.text
    finally:
        await forwarder.stop()
    down = await _get(port, "/readyz")
    assert down.status_code == 503, down.text
    assert down.json()["failed"] == ["database"]
    assert down.json()["checks"]["database"] in ("OperationalError", "timeout")


async def test_readyz_names_the_lexical_index_before_anything_is_ingested(
    emu: TelegramEmulator, tmp_path: Path, embed_cache_path: Path
) -> None:
    """On a fresh home (nothing ingested) the engine opens but there is no BM25 index: /readyz is 503
    naming only "lexical", with the reason; no LLM is configured, so there is no "llm" check."""
    port = free_port()
    settings = make_settings(
        emu,
        tmp_path / "home",
        embed_cache=embed_cache_path,
        webhook_url=f"http://127.0.0.1:{port}/tg",
        webhook_secret=SECRET,
    )
    runner = await BotRunner(settings, Services()).start(webhook_port=port)
    try:
        down = await _get(port, "/readyz")
    finally:
        await runner.stop()
    assert down.status_code == 503
    assert down.json() == {
        "status": "not ready",
        "failed": ["lexical"],
        "checks": {"database": "ok", "chroma": "ok", "lexical": "not built: nothing ingested yet"},
    }


async def test_webhook_stores_the_update_before_answering_200(emu: TelegramEmulator, tmp_path: Path) -> None:
    """With the application not yet processing updates, an update POSTed with the right secret is in the
    durable inbox (pending) when the 200 arrives; a wrong secret is 403, a non-JSON body 415, a JSON body
    that is not an update 400 — none of those is stored."""
    from bot.app import build_application
    from bot.webhook import WebhookServer

    port = free_port()
    settings = make_settings(emu, tmp_path, webhook_url=f"http://127.0.0.1:{port}/tg", webhook_secret=SECRET)
    app = build_application(settings, Services(engine_factory=lambda s: StandInEngine()))
    await app.initialize()
    assert app.post_init is not None and app.post_shutdown is not None
    await app.post_init(app)
    server = WebhookServer(app, settings, port=port)
    await server.start()
    assert emu.webhook["url"] == f"http://127.0.0.1:{port}/tg" and emu.webhook["secret_token"] == SECRET
    try:
        url = f"http://127.0.0.1:{port}/tg"
        ok = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient(timeout=10) as client:
            assert (await client.post(url, json=_update(7001), headers=ok)).status_code == 200
            with Session(app.bot_data["runtime"].sql) as s:
                row = s.exec(select(BotInbox).where(BotInbox.update_id == 7001)).scalars().one()  # type: ignore[call-overload]
                assert row.status == "pending" and row.payload["message"]["text"] == "hello"
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
            assert (await client.post(url, json=_update(7002), headers=wrong)).status_code == 403
            plain = {**ok, "Content-Type": "text/plain"}
            assert (await client.post(url, content=b"{}", headers=plain)).status_code == 415
            assert (await client.post(url, json=[1, 2], headers=ok)).status_code == 400
            with Session(app.bot_data["runtime"].sql) as s:
                ids = set(s.exec(select(BotInbox.update_id)).scalars())  # type: ignore[call-overload]
            assert ids == {7001}
    finally:
        await server.stop()
        await app.shutdown()
        await app.post_shutdown(app)


async def test_dtbot_serve_webhook_answers_health_and_stops_on_sigterm(
    emu: TelegramEmulator, tmp_path: Path, embed_cache_path: Path
) -> None:
    """A real `dtbot serve` (webhook mode, the tornado server of bot/webhook.py) on a small ingested home:
    it registers the webhook, answers /healthz and /readyz with 200, answers a question pushed by the
    emulator through the webhook, and exits 0 on SIGTERM."""
    from tests.conftest import run_cli

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("# Note\n\nThe task force meets on Mondays to review digital projects.\n")
    port = free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
    env = {
        **base,
        "DTBOT_HOME": str(tmp_path / "home"),
        "DTBOT_SOURCES": str(docs),
        "DTBOT_EMBED_CACHE": str(embed_cache_path),
        "DTBOT_EMBED_THREADS": "1",
        "DTBOT_TELEGRAM_TOKEN": emu.token,
        "DTBOT_TELEGRAM_API_URL": emu.url,
        "DTBOT_ALLOWED_USERS": str(ALICE),
        "DTBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/hook",
        "DTBOT_WEBHOOK_SECRET": SECRET,
        "DTBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "DTBOT_WEBHOOK_PORT": str(port),
    }
    ingest = await asyncio.to_thread(
        run_cli, "ingest", "-q", env={k: v for k, v in env.items() if k.startswith("DTBOT_")}
    )
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "dtbot.cli", "serve", cwd=ROOT, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
    try:
        await emu.wait_for("setWebhook", timeout=180)
        assert emu.webhook["url"] == f"http://127.0.0.1:{port}/hook"
        health = await _get(port, "/healthz")
        assert (health.status_code, health.text) == (200, "ok")
        ready = await _get(port, "/readyz")
        assert ready.status_code == 200, ready.text + log.read_text()
        update = emu.user_sends("When does the task force meet?", user=ALICE)
        assert await emu.wait_webhook_delivery(update["update_id"]) == 200
        reply = await emu.wait_for("sendMessage", lambda c: c.chat_id == ALICE, timeout=120)
        assert "Monday" in reply.text
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 120)
    assert code == 0, log.read_text()[-3000:]
