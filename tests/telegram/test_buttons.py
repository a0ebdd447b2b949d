"""Answer buttons carry an unguessable token bound to the exchange, its user and its chat: forged,
foreign and replayed presses get "This button has expired." and reveal nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.runtime import Services
from records.bot_models import BotButton, BotExchange, BotFeedback
from tests.telegram.emulator import Call, TelegramEmulator
from tests.telegram.harness import ALICE, BOB, BotRunner, StandInEngine, make_settings
from tests.telegram.test_bot import GROUP, Ctx

EXPIRED = "This button has expired."


@pytest.fixture
async def bctx(emu: TelegramEmulator, tmp_path) -> AsyncIterator[Ctx]:
    engine = StandInEngine()
    runner = await BotRunner(make_settings(emu, tmp_path), Services(engine_factory=lambda s: engine)).start()
    try:
        yield Ctx(emu, runner, engine)
    finally:
        await runner.stop()


def _data(reply: Call) -> dict[str, str]:
    return {
        b["text"]: b["callback_data"] for row in reply.result["reply_markup"]["inline_keyboard"] for b in row
    }


async def _press(ctx: Ctx, message: dict, data: str, user: int) -> tuple[str | None, list[Call]]:
    """Send a (possibly forged) press; return the callback answer's text and the messages it caused."""
    emu: TelegramEmulator = ctx.emu
    mark = emu.mark()
    update = emu.user_presses(message, data, user=user)
    await ctx.runner.processed(update)
    answers = emu.find("answerCallbackQuery", since=mark)
    assert len(answers) == 1
    return answers[0].params.get("text"), emu.find("sendMessage", since=mark)


async def test_buttons_hold_random_tokens_bound_to_user_and_chat(bctx: Ctx) -> None:
    """Callback data is ``kind:…:token`` with a random ≥128-bit token (≤ 64 bytes) stored in its own table
    with the exchange, user and chat; the asker's own presses work."""
    ctx = bctx
    reply = await ctx.ask("what is the strategy?", user=ALICE)
    data = _data(reply)
    assert set(data) == {"👍", "👎", "Sources"}
    tokens = {d.rpartition(":")[2] for d in data.values()}
    assert len(tokens) == 1
    (token,) = tokens
    assert len(token) >= 22 and all(len(d.encode()) <= 64 for d in data.values())
    with ctx.sql() as s:
        (exchange,) = s.exec(select(BotExchange)).all()
        (button,) = s.exec(select(BotButton)).all()
        assert (button.token, button.exchange_id, button.user_id, button.chat_id) == (
            token,
            exchange.id,
            ALICE,
            ALICE,
        )
    assert str(exchange.id) != token
    text, sent = await _press(ctx, reply.result, data["Sources"], ALICE)
    assert text is None and len(sent) == 1 and sent[0].text.startswith("Sources\n1. Digital Strategy 2024")
    second = await ctx.ask("and the roadmap?", user=ALICE)
    assert _data(second)["👍"].rpartition(":")[2] != token  # a new token per answer


async def test_forged_and_foreign_presses_reveal_nothing(bctx: Ctx) -> None:
    """Another user pressing in the asker's group, the asker's data replayed in another chat or by
    another user, an unknown token, the old sequential ``src:<id>`` format and junk all get the expired
    notice: no sources or contacts posted, no feedback stored, no comment awaited."""
    ctx = bctx
    emu = ctx.emu
    mention = f"@{emu.bot_username}"
    private = await ctx.ask("/experts e-gov", user=ALICE)  # has Sources and Contact buttons
    data = _data(private)
    assert set(data) >= {"Sources", "Contact"}
    in_group = await ctx.ask(f"{mention} strategy?", user=ALICE, chat=GROUP)
    group_data = _data(in_group)
    bob_private = await ctx.ask("bob's own question", user=BOB)
    with ctx.sql() as s:
        first_id = min(e.id for e in s.exec(select(BotExchange)) if e.id is not None)

    cases = [
        (in_group.result, group_data["👍"], BOB),  # another member of the group presses Alice's button
        (in_group.result, group_data["👎"], BOB),
        (bob_private.result, data["Sources"], BOB),  # Alice's data forged into Bob's own chat
        (bob_private.result, data["Contact"], BOB),
        (in_group.result, data["Contact"], ALICE),  # Alice's private button replayed in the group
        (private.result, group_data["👍"], ALICE),  # and the group's in her private chat
        (private.result, "src:" + "A" * 22, ALICE),  # unknown token
        (private.result, f"src:{first_id}", ALICE),  # the old sequential format
        (private.result, f"fb:+:{first_id}", ALICE),
        (private.result, f"ct:{first_id}", ALICE),
        (private.result, "zz:whatever", ALICE),
        (private.result, "src:", ALICE),
    ]
    for message, forged, user in cases:
        text, sent = await _press(ctx, message, forged, user)
        assert text == EXPIRED, (forged, user)
        assert sent == [], (forged, user)
    with ctx.sql() as s:
        assert s.exec(select(BotFeedback)).all() == []
    after = await ctx.ask("a normal question, not a comment", user=BOB)
    assert after.text.startswith("[ask] Answer to: a normal question")  # no 👎 made Bob's text a comment
    assert not emu.find(None, lambda c: "aida@undp.org" in c.text and c.chat_id != ALICE)
