"""`dtbot serve` with a token Telegram rejects: one clear line, non-zero exit, the token never printed."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from tests.telegram.emulator import TelegramEmulator

ROOT = Path(__file__).resolve().parents[2]
WRONG_TOKEN = "987654321:WRONG-token_zyxwvutsrqponmlkjihgfedcba"
SECRET = "hook-secret_0123456789"


async def _serve(emu: TelegramEmulator, home: Path, **extra: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
    env.update(
        {
            "DTBOT_HOME": str(home),
            "DTBOT_TELEGRAM_TOKEN": WRONG_TOKEN,
            "DTBOT_TELEGRAM_API_URL": emu.url,
            "DTBOT_ADMINS": "1",
            **extra,
        }
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "dtbot.cli",
        "serve",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
    return proc.returncode or 0, out.decode("utf-8", "replace")


async def test_rejected_token_exits_with_one_line_and_never_prints_it(
    emu: TelegramEmulator, tmp_path: Path
) -> None:
    """The Bot API answers 401 for a revoked/mistyped token: `dtbot serve` exits non-zero, tells the user to
    check DTBOT_TELEGRAM_TOKEN with @BotFather, prints no traceback and no part of the token."""
    code, output = await _serve(emu, tmp_path)
    assert code != 0
    assert "Telegram rejected DTBOT_TELEGRAM_TOKEN" in output and "@BotFather" in output
    assert "Traceback" not in output
    assert WRONG_TOKEN not in output and WRONG_TOKEN.split(":")[1] not in output


async def test_rejected_token_in_webhook_mode_leaks_neither_token_nor_secret(
    emu: TelegramEmulator, tmp_path: Path
) -> None:
    """Webhook mode with a rejected token fails the same way, and the webhook secret is never printed."""
    code, output = await _serve(
        emu,
        tmp_path,
        DTBOT_WEBHOOK_URL="https://bot.example.org/telegram",
        DTBOT_WEBHOOK_SECRET=SECRET,
        DTBOT_WEBHOOK_PORT="0",
    )
    assert code != 0
    assert "Telegram rejected DTBOT_TELEGRAM_TOKEN" in output
    assert "Traceback" not in output
    assert WRONG_TOKEN.split(":")[1] not in output and SECRET not in output


async def test_unreachable_bot_api_is_one_clear_line(emu: TelegramEmulator, tmp_path: Path) -> None:
    """A Bot API address nothing listens on: `dtbot serve` exits non-zero with one line naming the address,
    no traceback, no token."""
    await emu.stop()  # the port is closed now
    code, output = await _serve(emu, tmp_path)
    assert code != 0
    assert "cannot reach the Telegram Bot API" in output and emu.url in output
    assert "Traceback" not in output and WRONG_TOKEN.split(":")[1] not in output
