"""Fixtures for the Telegram tests: the loopback Bot API emulator."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests.telegram.*` importable under `pytest` as well as `python -m pytest`
    sys.path.insert(0, str(ROOT))

from tests.telegram.emulator import TelegramEmulator  # noqa: E402


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emulator:
        yield emulator
        assert not emulator.unknown_methods, f"bot called unknown methods: {emulator.unknown_methods}"
