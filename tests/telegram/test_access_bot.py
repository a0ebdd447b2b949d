"""Who reads what through the bot: the Viewer of each update, group grants, chat levels, strangers in
groups. Real PTB ↔ the Bot API emulator; the stand-in engine records the Viewer it was given."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.runtime import Services
from core.types import Answer, Citation
from records.bot_models import BotExchange, BotGroupGrant, BotInbox, BotUser
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import ADMIN, ALICE, BOB, BotRunner, StandInEngine, make_settings
from tests.telegram.test_bot import GROUP, Ctx

STRANGER, OTHER_STRANGER = 9100, 9101


@pytest.fixture
async def actx(emu: TelegramEmulator, tmp_path) -> AsyncIterator[Ctx]:
    engine = StandInEngine()
    settings = make_settings(emu, tmp_path, groups={"taskforce": [ALICE]})
    runner = await BotRunner(settings, Services(engine_factory=lambda s: engine)).start()
    try:
        yield Ctx(emu, runner, engine)
    finally:
        await runner.stop()


def _labelled(*labels: str) -> Answer:
    return Answer(
        "Answer [1] [2]",
        [Citation(i + 1, f"Doc {label}", f"{i}.md", access=label) for i, label in enumerate(labels)],
    )


async def test_viewer_from_settings_grants_and_revocation_on_next_question(actx: Ctx) -> None:
    """Each question carries a Viewer built afresh: DTBOT_GROUPS membership, /grant adds a group stored
    in its own table, /revoke removes it for the very next question; admins are admins; a private chat has
    no chat level. Sources the viewer may not read are never listed, even if the engine returned them."""
    eng = actx.engine
    await actx.ask("q1", user=ALICE)
    v = eng.calls[-1].viewer
    assert (v.user_id, v.staff, v.admin, v.groups, v.chat_level) == (ALICE, True, False, {"taskforce"}, None)
    await actx.ask("q2", user=BOB)
    assert eng.calls[-1].viewer.groups == frozenset()

    assert (await actx.ask("/grant 1002 HR", user=ADMIN)).text == "User 1002 is now a member of group hr."
    eng.next(_labelled("staff", "group:hr", "admin"))
    granted = await actx.ask("q3", user=BOB)
    assert eng.calls[-1].viewer.groups == {"hr"}
    assert "Doc group:hr" in granted.text and "Doc staff" in granted.text and "Doc admin" not in granted.text
    with actx.sql() as s:
        assert [(g.user_id, g.group, g.granted_by) for g in s.exec(select(BotGroupGrant))] == [
            (BOB, "hr", ADMIN)
        ]

    assert (
        await actx.ask("/revoke 1002 hr", user=ADMIN)
    ).text == "User 1002 is no longer a member of group hr."
    eng.next(_labelled("staff", "group:hr"))
    revoked = await actx.ask("q4", user=BOB)
    assert eng.calls[-1].viewer.groups == frozenset()
    assert "Doc group:hr" not in revoked.text and "Doc staff" in revoked.text

    in_settings = await actx.ask("/revoke 1001 taskforce", user=ADMIN)
    assert "DTBOT_GROUPS" in in_settings.text
    await actx.ask("q5", user=ADMIN)
    assert eng.calls[-1].viewer.admin and eng.calls[-1].viewer.staff
    for bad, reply in (
        ("/grant 1002", "Usage: /grant"),
        ("/grant x hr", "Usage: /grant"),
        ("/grant 1002 bad/name", "“bad/name” is not a valid group name"),
        ("/revoke", "Usage: /revoke"),
    ):
        assert (await actx.ask(bad, user=ADMIN)).text.startswith(reply)
    for command in ("/grant 1002 hr", "/revoke 1001 taskforce", "/chatlevel staff"):
        assert (await actx.ask(command, user=ALICE)).text == "This command is only for administrators."
    with actx.sql() as s:
        assert s.exec(select(BotGroupGrant)).all() == []


async def test_chat_level_caps_a_group_chat(actx: Ctx) -> None:
    """A group chat is public until an admin sends /chatlevel there; then its level caps every answer in
    it (stored per chat, applied from the next question); /chatlevel in a private chat or with a bad level
    explains itself; a non-admin cannot change it."""
    emu, eng = actx.emu, actx.engine
    mention = f"@{emu.bot_username}"
    eng.next(_labelled("public", "staff"))
    public = await actx.ask(f"{mention} strategy?", user=ALICE, chat=GROUP)
    assert eng.calls[-1].viewer.chat_level == "public"
    assert "Doc public" in public.text and "Doc staff" not in public.text

    assert (await actx.ask("/chatlevel staff", user=ADMIN)).text.startswith(
        "Send /chatlevel in the group chat"
    )
    assert (await actx.ask("/chatlevel secret", user=ADMIN, chat=GROUP)).text.startswith(
        "Usage, in the group"
    )
    assert (await actx.ask("/chatlevel staff", user=ALICE, chat=GROUP)).text.startswith(
        "This command is only"
    )
    set_level = await actx.ask(f"/chatlevel@{emu.bot_username} group:TaskForce", user=ADMIN, chat=GROUP)
    assert "group:taskforce" in set_level.text

    eng.next(_labelled("public", "staff", "group:taskforce", "group:hr"))
    capped = await actx.ask(f"{mention} strategy?", user=ALICE, chat=GROUP)
    v = eng.calls[-1].viewer
    assert v.chat_level == "group:taskforce" and v.labels() == {"public", "staff", "group:taskforce"}
    assert "Doc group:taskforce" in capped.text and "Doc group:hr" not in capped.text
    await actx.ask(f"{mention} and for Bob?", user=BOB, chat=GROUP)
    assert eng.calls[-1].viewer.labels() == {"public", "staff"}  # Bob is not in taskforce

    users = await actx.ask("/users", user=ADMIN)
    assert "Groups:\n  taskforce: 1001" in users.text


async def test_open_access_makes_nobody_staff(emu: TelegramEmulator, tmp_path) -> None:
    """With DTBOT_OPEN_ACCESS anyone may ask, but an unknown user reads public documents only."""
    engine = StandInEngine()
    runner = await BotRunner(
        make_settings(emu, tmp_path, open_access=True), Services(engine_factory=lambda s: engine)
    ).start()
    try:
        ctx = Ctx(emu, runner, engine)
        engine.next(_labelled("public", "staff"))
        reply = await ctx.ask("hello", user=4444)
        v = engine.calls[-1].viewer
        assert not v.staff and v.labels() == {"public"}
        assert "Doc public" in reply.text and "Doc staff" not in reply.text
    finally:
        await runner.stop()


async def test_strangers_in_groups_are_ignored_unless_they_address_the_bot(actx: Ctx) -> None:
    """In a group (privacy mode off: the bot sees everything) a non-member's chatter gets no reply at all;
    a mention, a reply to the bot or a command gets one refusal per user per day; nothing of theirs is
    stored (no bot_user row, no exchange, no inbox row), and the engine is never asked."""
    emu = actx.emu
    emu.privacy_mode = False
    mark = emu.mark()
    for text in ("just chatting", "more chatter about the strategy"):
        await actx.runner.processed(emu.user_sends(text, user=STRANGER, chat=GROUP))
    assert emu.outgoing(GROUP, since=mark) == []

    await actx.runner.processed(emu.user_sends(f"@{emu.bot_username} let me in", user=STRANGER, chat=GROUP))
    refusals = [c for c in emu.outgoing(GROUP, since=mark) if str(STRANGER) in c.text]
    assert len(refusals) == 1 and refusals[0].result["reply_to_message"]["from"]["id"] == STRANGER
    for text in (f"@{emu.bot_username} please", "/ask budget?", f"/experts@{emu.bot_username} AI"):
        await actx.runner.processed(emu.user_sends(text, user=STRANGER, chat=GROUP))
    assert len([c for c in emu.outgoing(GROUP, since=mark) if str(STRANGER) in c.text]) == 1

    answer = await actx.ask(f"@{emu.bot_username} what is e-gov?", user=ALICE, chat=GROUP)
    await actx.runner.processed(emu.user_sends("re", user=OTHER_STRANGER, chat=GROUP, reply_to=answer.result))
    assert len([c for c in emu.outgoing(GROUP, since=mark) if str(OTHER_STRANGER) in c.text]) == 1
    await actx.runner.processed(
        emu.user_sends("someone else's bot /start@other_bot", user=OTHER_STRANGER, chat=GROUP)
    )
    sent = [c for c in emu.outgoing(GROUP, since=mark) if c.method in ("sendMessage", "editMessageText")]
    assert len(sent) == 3  # two refusals and Alice's answer

    with actx.sql() as s:
        assert {u.user_id for u in s.exec(select(BotUser))} == {ALICE}
        assert {e.user_id for e in s.exec(select(BotExchange))} == {ALICE}
        assert all(
            row.payload.get("message", {}).get("from", {}).get("id") == ALICE
            for row in s.exec(select(BotInbox))
        )
    assert [c.question for c in actx.engine.calls] == ["what is e-gov?"]
