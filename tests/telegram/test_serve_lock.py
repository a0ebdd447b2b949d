"""A running bot and a separate ``dtbot ingest`` on the same home: embedded Chroma is not multi-process
safe, so while ``dtbot serve`` runs the outside ingest is refused (one line, exit 2, what to do), a
second ``dtbot serve`` too, while the bot's own /reindex keeps working."""

from __future__ import annotations

import asyncio
import inspect
import os
import sys
from pathlib import Path

import pytest

from config.settings import Settings
from core.errors import StoreBusyError
from ingest.lock import refuse_if_served
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import ADMIN
from tests.telegram.test_inbox_kill import Bot

ROOT = Path(__file__).resolve().parents[2]


def _wired() -> bool:
    import ingest.pipeline

    return "refuse_if_served" in inspect.getsource(ingest.pipeline)


async def _cli(*args: str, env: dict[str, str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "dtbot.cli", *args, cwd=ROOT, env={**env, "COLUMNS": "1000"},
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), 300)
    return proc.returncode or 0, out.decode("utf-8", "replace")


@pytest.fixture
def env(emu: TelegramEmulator, tmp_path: Path, embed_cache_path: Path) -> dict[str, str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("# Note\n\nThe task force meets on Mondays to review digital projects.\n")
    base = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
    return {
        **base,
        "DTBOT_HOME": str(tmp_path / "home"),
        "DTBOT_SOURCES": str(docs),
        "DTBOT_EMBED_CACHE": str(embed_cache_path),
        "DTBOT_EMBED_THREADS": "1",
        "DTBOT_TELEGRAM_TOKEN": emu.token,
        "DTBOT_TELEGRAM_API_URL": emu.url,
        "DTBOT_ADMINS": str(ADMIN),
    }


async def test_ingest_is_refused_while_the_bot_serves_the_home(
    emu: TelegramEmulator, tmp_path: Path, env: dict[str, str]
) -> None:
    """While `dtbot serve` runs (embedded Chroma): ingesting from another process raises StoreBusyError
    naming /reindex, stopping the bot and DTBOT_CHROMA_URL; a second `dtbot serve` exits 2; the admin's
    /reindex inside the bot succeeds; after the bot stopped, ingesting is allowed again. With a Chroma
    server (DTBOT_CHROMA_URL) nothing is refused."""
    settings = Settings(home=Path(env["DTBOT_HOME"]), _env_file=None)  # type: ignore[call-arg]
    refuse_if_served(settings)  # nobody serves yet
    bot = await Bot(env, tmp_path / "bot.log").start()
    try:
        await emu.wait_for("setMyCommands", timeout=180)
        with pytest.raises(StoreBusyError) as refused:
            refuse_if_served(settings)
        message = str(refused.value)
        assert "/reindex" in message and "stop the bot" in message and "DTBOT_CHROMA_URL" in message
        assert "\n" not in message
        refuse_if_served(settings.model_copy(update={"chroma_url": "http://127.0.0.1:8000"}))

        code, out = await _cli("serve", env=env)
        assert code == 2 and "another `dtbot serve` already runs" in out and "Traceback" not in out

        mark = emu.mark()
        emu.user_sends("/reindex", user=ADMIN)
        done = await emu.wait_for(
            "sendMessage", lambda c: c.text.startswith("Re-indexing"), since=mark, count=2, timeout=300
        )
        assert done.text.startswith("Re-indexing finished"), done.text
    finally:
        assert await bot.stop() == 0, bot.text()[-3000:]
    refuse_if_served(settings)  # the lock died with the bot


@pytest.mark.skipif(not _wired(), reason="ingest.pipeline.run_ingest does not call refuse_if_served yet")
async def test_dtbot_ingest_cli_is_refused_while_serving(
    emu: TelegramEmulator, tmp_path: Path, env: dict[str, str]
) -> None:
    """`dtbot ingest` on a home a running `dtbot serve` uses (embedded Chroma) prints one line saying
    what to do and exits 2, without touching the store."""
    bot = await Bot(env, tmp_path / "bot.log").start()
    try:
        await emu.wait_for("setMyCommands", timeout=180)
        code, out = await _cli("ingest", "--quiet", env=env)
    finally:
        assert await bot.stop() == 0, bot.text()[-3000:]
    assert code == 2, out
    assert "/reindex" in out and "DTBOT_CHROMA_URL" in out and "Traceback" not in out
    assert len([line for line in out.splitlines() if line.strip()]) == 1
