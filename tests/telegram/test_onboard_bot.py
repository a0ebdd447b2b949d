"""/onboard through Telegram (real PTB ↔ the Bot API emulator, the real engine over the sample): the first
card with "next" and "ask a question" buttons, "next" walking through every card, forged and foreign
presses getting "this button has expired", and "ask a question" leading to a normal question."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlmodel import select

from core.messages import t
from onboarding.model import CARD_KEYS
from records.bot_models import BotExchange
from records.onboard_models import OnboardButton
from tests.telegram.emulator import Call, TelegramEmulator
from tests.telegram.harness import ALICE, BOB, BotRunner, StandInEngine
from tests.telegram.test_bot import GROUP, Ctx, real  # noqa: F401  (the real-engine bot fixture, used below)

EXPIRED = "This button has expired."
NEXT, ASK = t("en", "onb_btn_next"), t("en", "onb_btn_ask")


@pytest.fixture
async def ctx(emu: TelegramEmulator, real: Callable[..., Awaitable[BotRunner]]) -> Ctx:  # noqa: F811
    """The bot over the real engine and the ingested sample (test_bot.py's ``real`` fixture)."""
    return Ctx(emu, await real(), StandInEngine())


def _buttons(call: Call) -> dict[str, str]:
    markup = call.result.get("reply_markup") or {}
    return {b["text"]: b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row}


async def _click(ctx: Ctx, message: Call, label: str, user: int) -> tuple[list[Call], list[Call]]:
    """Press a real button; return (callback answers, messages sent) it caused."""
    mark = ctx.emu.mark()
    update = ctx.emu.user_clicks(message, label, user=user)
    await ctx.runner.processed(update, timeout=60)
    return ctx.emu.find("answerCallbackQuery", since=mark), ctx.emu.find("sendMessage", since=mark)


async def _press(ctx: Ctx, message: Call, data: str, user: int) -> tuple[str | None, list[Call]]:
    """Send a (possibly forged) press with ``data``; return the callback answer's text and messages sent."""
    mark = ctx.emu.mark()
    update = ctx.emu.user_presses(message, data, user=user)
    await ctx.runner.processed(update, timeout=60)
    answers = ctx.emu.find("answerCallbackQuery", since=mark)
    assert len(answers) == 1
    return answers[0].params.get("text"), ctx.emu.find("sendMessage", since=mark)


async def test_onboard_walks_through_every_card_with_sources(ctx: Ctx, emu: TelegramEmulator) -> None:
    """/onboard shows card 1 (heading 1/5, its title, numbered sources) with Next and Ask buttons; each
    Next sends the following card and takes the buttons off the pressed one; the last card has no Next.
    The buttons' token is stored with the user and chat."""
    first = await ctx.ask("/onboard", user=ALICE)
    assert first.text.startswith("Onboarding tour · 1/5\n" + t("en", "onb_card_overview"))
    assert "Sources\n1. " in first.text
    data = _buttons(first)
    assert set(data) == {NEXT, ASK} and all(len(d.encode()) <= 64 for d in data.values())
    token = data[NEXT].rpartition(":")[2]
    assert len(token) >= 22 and data[ASK].endswith(token)
    with ctx.sql() as s:
        (row,) = s.exec(select(OnboardButton)).all()
        assert (row.token, row.user_id, row.chat_id) == (token, ALICE, ALICE)

    card, seen = first, [first]
    for i, key in enumerate(CARD_KEYS[1:], start=2):
        answers, sent = await _click(ctx, card, NEXT, ALICE)
        assert len(answers) == 1 and answers[0].params.get("text") is None
        assert len(sent) == 1, [c.text[:40] for c in sent]
        card = sent[0]
        assert card.text.startswith(f"Onboarding tour · {i}/5\n" + t("en", f"onb_card_{key}")), card.text[:80]
        assert "Sources\n1. " in card.text
        assert emu.find(
            "editMessageReplyMarkup", lambda c: c.params["message_id"] == seen[-1].result["message_id"]
        )
        seen.append(card)
    assert set(_buttons(card)) == {ASK} and t("en", "onb_end") in card.text
    assert "Tunduk" in seen[-1].text  # the glossary
    with ctx.sql() as s:
        assert s.exec(select(BotExchange)).all() == []  # a tour is not a question


async def test_forged_and_foreign_tour_presses_get_expired(ctx: Ctx, emu: TelegramEmulator) -> None:
    """Bob pressing Alice's Next in a group, Alice's data replayed in Bob's chat or in the group, an
    unknown or malformed token, a card the tour does not have: each gets "This button has expired." and
    no message."""
    private = await ctx.ask("/onboard", user=ALICE)
    in_group = await ctx.ask("/onboard", user=ALICE, chat=GROUP)
    bob = await ctx.ask("/onboard", user=BOB)
    mine, group = _buttons(private), _buttons(in_group)
    token = mine[NEXT].rpartition(":")[2]
    cases = [
        (in_group, group[NEXT], BOB),  # another member presses Alice's button in the group
        (in_group, group[ASK], BOB),
        (bob, mine[NEXT], BOB),  # Alice's data forged into Bob's private chat
        (in_group, mine[NEXT], ALICE),  # her private button replayed in the group
        (private, group[NEXT], ALICE),  # and the group's in her private chat
        (private, "onb:n:1:" + "A" * 22, ALICE),  # unknown token
        (private, f"onb:n:9:{token}", ALICE),  # a card the tour does not have
        (private, f"onb:n:0:{token}", ALICE),
        (private, f"onb:x:{token}", ALICE),  # malformed
        (private, "onb:", ALICE),
    ]
    for message, data, user in cases:
        text, sent = await _press(ctx, message, data, user)
        assert text == EXPIRED, (data, user)
        assert sent == [], (data, user)
    text, sent = await _press(ctx, private, mine[NEXT], ALICE)  # her own press still works
    assert text is None and len(sent) == 1 and "2/5" in sent[0].text


async def test_ask_a_question_leads_to_a_normal_answer(ctx: Ctx, emu: TelegramEmulator) -> None:
    """The "Ask a question" button prompts for a question (a forced reply naming a glossary term as the example);
    the next message is answered like any question, with sources, and logged as an exchange."""
    first = await ctx.ask("/onboard", user=ALICE)
    answers, sent = await _click(ctx, first, ASK, ALICE)
    assert len(answers) == 1 and len(sent) == 1
    prompt = sent[0]
    assert prompt.text.startswith("Write your question") and "What is " in prompt.text
    assert prompt.params["reply_markup"].get("force_reply") is True
    reply = await ctx.ask("What is Tunduk?", user=ALICE, reply_to=prompt.result)
    assert "Tunduk" in reply.text and "Sources" in reply.text
    with ctx.sql() as s:
        (exchange,) = s.exec(select(BotExchange)).all()
    assert exchange.question == "What is Tunduk?" and exchange.user_id == ALICE
