"""Chaos at the bot level: the real bot (PTB ↔ the Bot API emulator) over the real engine, whose LLM sits
behind the fault-injecting proxy (tests/chaos_proxy.py) with a seeded random fault mix.

Several users ask questions at the same time while connections to the model are delayed past the
timeout, reset, answered with 5xx, truncated, dripped or black-holed. Every question must get exactly
one final reply (an answer — the model's or the extractive fallback — or the fixed polite
"temporarily unavailable" text) within a bound, one ``bot_exchange`` row, and every 👍/👎 pressed on
those replies must be stored. Only public behaviour is used: messages seen by the emulator, the buttons
the bot actually sent, and the database rows.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.runtime import Services
from config.settings import Settings
from core.messages import LANGUAGES, t
from records.bot_models import BotExchange, BotFeedback
from tests.chaos_proxy import PASS, ChaosProxy, blackhole, delay, drip, reset, status, truncate
from tests.openai_server import ChatCall, OpenAIServer, Respond
from tests.telegram.emulator import Call, TelegramEmulator
from tests.telegram.harness import ALICE, BOB, BotRunner, make_settings

CAROL = 1003
USERS = (ALICE, BOB, CAROL)
QUESTIONS = [  # ten per user, asked one after the other (a user waits for the reply)
    "What are the priorities of the digital transformation strategy?",
    "Which projects use the Tunduk data exchange?",
    "Какие приоритеты у стратегии цифровой трансформации?",
    "Who can I ask about e-government services?",
    "Санариптик стратегиянын негизги багыттары кандай?",
    "How does the office support digital skills for young people?",
    "Какие проекты связаны с электронным правительством?",
    "What does the strategy say about cybersecurity?",
    "Электрондук кызматтар боюнча кандай долбоорлор бар?",
    "Кто в офисе занимается цифровыми навыками?",
]
REPLY = "Digital skills are a priority of the strategy [1]. E-services for citizens come next [2]."
TIMEOUT, RETRIES = 1.0, 1
BOUND = TIMEOUT * (RETRIES + 1) + RETRIES * 1.0 + 12.0  # every attempt times out + back-off + fallback
SEED = 20240601
# slow drips past the whole budget are a known bug (tests/retrieval/test_engine_chaos.py): fast ones only
MIX = {
    PASS: 4,
    delay(TIMEOUT + 1): 1,
    reset(): 1,
    reset(after_bytes=300): 1,
    status(503): 1,
    status(500): 1,
    truncate(400): 1,
    drip(64, 0.01): 1,
    blackhole(): 1,
}
POLITE = {t(lang, "unavailable") for lang in LANGUAGES}


def model_reply(call: ChatCall) -> str:
    return REPLY if "ources" in call.prompt else call.user


@dataclass
class Asked:
    user: int
    question: str
    mark: int  # emulator call index when the question was sent
    seconds: float = 0.0
    final: Call | None = None
    pressed: str | None = None  # the button label pressed on the reply
    extra: list[int] = field(default_factory=list)


def is_final(call: Call, chat: int) -> bool:
    """A reply in its final form: an answer carries the bot's buttons, a refusal is the fixed text."""
    if call.chat_id != chat or call.method not in ("sendMessage", "editMessageText"):
        return False
    return bool((call.result or {}).get("reply_markup")) or call.text in POLITE


def buttons(emu: TelegramEmulator, call: Call) -> list[str]:
    msg = emu.message(call.result["chat"]["id"], call.result["message_id"])
    return [b["text"] for row in msg.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def press(emu: TelegramEmulator, call: Call, label: str) -> None:
    """Press the button ``label`` the bot sent under ``call``'s message; wait until the bot answered it."""
    update = emu.user_clicks(call.result, label)
    qid = update["callback_query"]["id"]
    await emu.wait_for(
        "answerCallbackQuery", lambda c: str(c.params.get("callback_query_id")) == qid, timeout=BOUND + 30
    )


@pytest.fixture
async def chaos_bot(
    emu: TelegramEmulator, tmp_path: Any, sample_settings: Settings
) -> AsyncIterator[tuple[BotRunner, ChaosProxy, Any]]:
    from records.db import make_engine

    async with OpenAIServer(default=Respond(model_reply)) as llm, ChaosProxy(llm.base_url) as proxy:
        bot_db = make_engine(f"sqlite:///{tmp_path / 'bot.sqlite'}")  # the sample home stays read-only
        telegram = make_settings(emu, tmp_path, allowed_users=list(USERS), rate_limit_per_minute=100)
        settings = sample_settings.model_copy(
            update={
                **telegram.model_dump(
                    include={
                        "telegram_token",
                        "telegram_api_url",
                        "admins",
                        "allowed_users",
                        "rate_limit_per_minute",
                    }
                ),
                "llm_base_url": proxy.base_url,
                "llm_timeout": TIMEOUT,
                "llm_max_retries": RETRIES,
            }
        )
        runner = await BotRunner(settings, Services(sql_factory=lambda url: bot_db)).start()
        try:
            yield runner, proxy, bot_db
        finally:
            await runner.stop()


async def test_every_question_answered_once_and_no_row_lost_under_llm_chaos(
    emu: TelegramEmulator, chaos_bot: Any
) -> None:
    """30 questions from 3 users under a seeded random mix of LLM faults: each gets exactly one final reply
    (answer or the polite refusal) within the bound and exactly one bot_exchange row; every 👍/👎 pressed
    on the answers is stored."""
    runner, proxy, bot_db = chaos_bot
    proxy.mix(SEED, MIX)
    asked: list[Asked] = []

    async def user_session(user: int) -> None:
        for i, question in enumerate(QUESTIONS):
            item = Asked(user, question, emu.mark())
            asked.append(item)
            started = time.monotonic()
            emu.user_sends(question, user=user)
            item.final = await emu.wait_for(
                None,  # type: ignore[arg-type]  # any method: sendMessage or the final edit
                lambda c: is_final(c, user),
                since=item.mark,
                timeout=BOUND + 30,
            )
            item.seconds = time.monotonic() - started
            if i % 2 == 0 and "👍" in buttons(emu, item.final):  # 👍 now, while the others are asking
                await press(emu, item.final, "👍")
                item.pressed = "👍"

    await asyncio.gather(*(user_session(u) for u in USERS))
    # 👎 on the odd answers at the end (👎 makes the user's next message a comment)
    later = [a for a in asked if a.pressed is None and a.final and "👎" in buttons(emu, a.final)]
    for item in later:
        item.pressed = "👎"
    await asyncio.gather(*(press(emu, a.final, "👎") for a in later if a.final))

    # exactly one final reply per question: each user asked in turn, so the window after a question's
    # mark up to the user's next question holds that question's replies
    for user in USERS:
        mine = [a for a in asked if a.user == user]
        ends = [a.mark for a in mine[1:]] + [len(emu.calls)]
        for item, end in zip(mine, ends, strict=True):
            finals = {c.result["message_id"] for c in emu.calls[item.mark : end] if is_final(c, user)}
            assert len(finals) == 1, f"{len(finals)} final replies to {item.question!r} of {user}"
            for call in emu.calls[item.mark : end]:  # no streamed fragment left behind on screen
                if call.method == "sendMessage" and call.chat_id == user and call.ok:
                    shown = emu.message(user, call.result["message_id"])
                    if not shown.get("reply_markup") and shown["text"] not in POLITE:
                        assert "Digital skills are a priority" not in shown["text"], shown["text"]
    with Session(bot_db) as s:
        rows = list(s.exec(select(BotExchange)))
        feedback = list(s.exec(select(BotFeedback)))
    per_question = Counter((r.user_id, r.question) for r in rows)
    assert len(rows) == len(asked) and set(per_question.values()) == {1}, per_question
    assert set(per_question) == {(a.user, a.question) for a in asked}

    polite = [a for a in asked if a.final and a.final.text in POLITE]
    errors = [r for r in rows if r.error]
    assert len(errors) == len(polite)  # a refusal is logged as a failed exchange, never dropped
    fallbacks = [r for r in rows if not r.error and r.note == t(r.language, "llm_down")]
    llm_answers = [r for r in rows if not r.error and r.mode == "llm"]
    for a in asked:
        assert a.final is not None and a.final.text.strip()
        if "Digital skills are a priority" in a.final.text:  # the model's text only ever whole
            assert "E-services for citizens come next" in a.final.text, a.final.text

    pressed = Counter(a.pressed for a in asked if a.pressed)
    by_exchange = {r.id: r for r in rows}
    stored = Counter("👍" if f.value == 1 else "👎" for f in feedback)
    assert stored == pressed, f"feedback lost: pressed {dict(pressed)}, stored {dict(stored)}"
    assert all(by_exchange[f.exchange_id].user_id == f.user_id for f in feedback)

    worst = max(a.seconds for a in asked)
    assert worst <= BOUND, f"slowest question took {worst:.1f} s (bound {BOUND:.1f} s)"
    assert sum(proxy.injected.values()) >= len(asked) and len(proxy.injected) >= 5  # the mix really ran
    print(
        f"\nchaos: faults injected {dict(sorted(proxy.injected.items()))}; questions {len(asked)}, "
        f"answered {len(asked) - len(polite)} (LLM {len(llm_answers)}, fallback {len(fallbacks)}), "
        f"polite refusals {len(polite)}; exchange rows {len(rows)} (lost {len(asked) - len(rows)}); "
        f"feedback pressed {sum(pressed.values())}, stored {len(feedback)} "
        f"(lost {sum(pressed.values()) - len(feedback)}); max time to answer {worst:.1f} s (bound {BOUND:.0f} s)"
    )
