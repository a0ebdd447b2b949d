"""Load test of the Telegram bot: N emulated users × M questions against the offline engine.

Everything runs in one process over loopback HTTP: the Bot API emulator (tests/telegram/emulator.py),
the real bot (PTB polling it) and the real offline engine over the ingested sample. Each user asks
their questions one after another; users run concurrently. Reports p50/p95 of update→reply time
excluding the engine's own time, the engine time, throughput and peak RSS, as a Markdown table.

    .venv/bin/python scripts/bench_bot.py [--users 200] [--questions 5] [--home DIR] [--telegram-limits]

By default PTB's AIORateLimiter flood limits (30 msg/s overall) are disabled so the number measures
the bot, not Telegram's throttling; ``--telegram-limits`` keeps them.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pydantic import SecretStr  # noqa: E402

from bot.runtime import Services  # noqa: E402
from config.settings import Settings  # noqa: E402
from tests.telegram.emulator import TelegramEmulator  # noqa: E402
from tests.telegram.harness import BotRunner  # noqa: E402

QUESTIONS = [
    "What are the priorities of the digital transformation strategy?",
    "Who has experience with e-government services?",
    "Which projects work on digital skills?",
    "What does the roadmap say about data protection?",
    "How is digital public infrastructure funded?",
]


class TimedEngine:
    """Wraps the real engine and records how long each question spent inside it.

    With ``precomputed`` the real engine's answer to each base question is computed once, before the
    load starts, and replayed: the load then measures the bot alone (its HTTP, SQL, gating, rendering),
    not the CPU-bound engine competing with it for the two cores.
    """

    def __init__(self, inner: Any, precomputed: bool = False) -> None:
        self.inner = inner
        self.precomputed = precomputed
        self.memo: dict[str, Any] = {}
        self.seconds: dict[str, float] = {}

    async def warm(self) -> None:
        for question in QUESTIONS:
            self.memo[question] = await self.inner.ask(question)

    async def ask(self, question: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            base = question.split(" (user ")[0]
            if self.precomputed and base in self.memo:
                return self.memo[base]
            return await self.inner.ask(question, **kwargs)
        finally:
            self.seconds[question] = time.perf_counter() - started

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def bench(args: argparse.Namespace) -> int:
    import logging

    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)  # client disconnects at shutdown
    from retrieval.engine import open_engine

    home = Path(tempfile.mkdtemp(prefix="bench-bot-"))
    if args.home:  # work on a copy: the bot records update ids, and every emulator run restarts them at 1
        import shutil
        import sqlite3

        shutil.copytree(args.home, home, dirs_exist_ok=True)
        with sqlite3.connect(home / "dtbot.sqlite") as conn:
            for (table,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'bot_%'"
            ):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
    base = Settings(home=home, _env_file=None)  # type: ignore[call-arg]
    if not (home / "dtbot.sqlite").exists():
        from ingest.pipeline import run_ingest

        print(f"ingesting {ROOT / 'data' / 'sample'} into {home} …", file=sys.stderr)
        run_ingest(base, [ROOT / "data" / "sample"])
    users = list(range(200_001, 200_001 + args.users))
    timed: list[TimedEngine] = []

    def factory(settings: Settings) -> Any:
        timed.append(TimedEngine(open_engine(settings), precomputed=args.precomputed))
        return timed[-1]

    async with TelegramEmulator() as emu:
        settings = base.model_copy(
            update={
                "telegram_token": SecretStr(emu.token),
                "telegram_api_url": emu.url,
                "allowed_users": users,
                "rate_limit_per_minute": 1000,
                "max_question_chars": 1000,
            }
        )
        services = Services(
            engine_factory=factory,
            telegram_flood_limits=args.telegram_limits,
            concurrent_updates=args.concurrency,
        )
        runner = await BotRunner(settings, services).start()
        if args.precomputed:
            await timed[0].warm()
        latencies: list[tuple[str, float]] = []
        pending: dict[int, asyncio.Future[float]] = {}

        def on_call(call: Any) -> None:  # one listener instead of 200 polling waiters
            if call.method == "sendMessage" and call.ok and "reply_markup" in (call.result or {}):
                future = pending.pop(call.chat_id, None)
                if future is not None and not future.done():
                    future.set_result(time.perf_counter())

        emu.listeners.append(on_call)

        async def user(uid: int) -> None:
            for i in range(args.questions):
                question = f"{QUESTIONS[i % len(QUESTIONS)]} (user {uid}, #{i})"
                pending[uid] = asyncio.get_running_loop().create_future()
                started = time.perf_counter()
                emu.user_sends(question, user=uid)
                replied = await asyncio.wait_for(pending[uid], 600)
                latencies.append((question, replied - started))

        wall = time.perf_counter()
        await asyncio.gather(*(user(uid) for uid in users))
        wall = time.perf_counter() - wall
        await runner.stop()

    engine = timed[0]
    answered: dict[int, int] = {}
    for call in emu.find("sendMessage", lambda c: "reply_markup" in (c.result or {})):
        answered[call.chat_id or 0] = answered.get(call.chat_id or 0, 0) + 1
    expected = args.users * args.questions
    exactly_once = len(engine.seconds) == expected and all(answered.get(u) == args.questions for u in users)
    overhead = [total - engine.seconds[q] for q, total in latencies]
    engine_s = list(engine.seconds.values())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("users × questions", f"{args.users} × {args.questions} = {expected}"),
        ("answered exactly once", "yes" if exactly_once else f"NO ({sum(answered.values())} answers)"),
        ("Telegram flood limits", "on" if args.telegram_limits else "off"),
        ("engine answers", "precomputed (bot alone)" if args.precomputed else "live offline engine"),
        ("wall time", f"{wall:.1f} s ({expected / wall:.1f} answers/s)"),
        ("bot overhead p50 (update→reply − engine)", f"{statistics.median(overhead) * 1000:.1f} ms"),
        ("bot overhead p95", f"{percentile(overhead, 0.95) * 1000:.1f} ms"),
        (
            "engine time p50 / p95",
            f"{statistics.median(engine_s) * 1000:.1f} / {percentile(engine_s, 0.95) * 1000:.1f} ms",
        ),
        ("Bot API calls", str(len(emu.calls))),
        ("failed Bot API calls", str(len([c for c in emu.calls if not c.ok]))),
        ("peak RSS", f"{rss_mb:.0f} MB"),
    ]
    print("| metric | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0 if exactly_once else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=64, help="PTB concurrent_updates")
    parser.add_argument("--home", help="an existing DTBOT_HOME (default: ingest the sample into a temp dir)")
    parser.add_argument("--telegram-limits", action="store_true", help="keep PTB's 30 msg/s flood limiter")
    parser.add_argument(
        "--precomputed",
        action="store_true",
        help="replay the real engine's answers computed before the load (measures the bot alone)",
    )
    raise SystemExit(asyncio.run(bench(parser.parse_args())))


if __name__ == "__main__":
    main()
