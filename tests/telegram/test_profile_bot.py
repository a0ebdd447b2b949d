"""/profile, /link, /unlink and /survey end to end: the real PTB stack against the Bot API emulator, the
real engine over a writable copy of the ingested sample (so the vocabulary, people and projects are real).

Users act only through the emulator; the tests wait for the bot's resulting Bot API calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.runtime import Services
from records import bot_crud
from records.bot_models import BotExchange
from records.profile_models import PersonLink, ProfileEntry, ProfileSurveySend
from tests.profiles.conftest import copy_home
from tests.telegram.emulator import Call, TelegramEmulator
from tests.telegram.harness import ADMIN, ALICE, BOB, BotRunner, make_settings

CAROL, DAVE, GHOST = 1003, 1004, 1005
GROUP = -100555
EXPIRED = "This button has expired."
TODAY = dt.datetime.now(dt.UTC).date().isoformat()


class P:
    """The running bot and helpers to talk to it as a user would."""

    def __init__(self, emu: TelegramEmulator, runner: BotRunner) -> None:
        self.emu, self.runner = emu, runner

    async def send(self, text: str, user: int, chat: int | None = None) -> list[Call]:
        """Send ``text``; return the bot's messages to that chat caused by it."""
        mark = self.emu.mark()
        update = self.emu.user_sends(text, user=user, chat=chat)
        await self.runner.processed(update, timeout=60)
        target = chat if chat is not None else user
        return self.emu.find("sendMessage", lambda c: c.chat_id == target, since=mark)

    async def last(self, text: str, user: int, chat: int | None = None) -> Call:
        sent = await self.send(text, user, chat)
        assert sent, f"no reply to {text!r}"
        return sent[-1]

    async def click(self, message: Call, label: str, user: int) -> tuple[str | None, list[Call]]:
        """Press the button labelled ``label``: (the callback answer's text, the messages it caused)."""
        mark = self.emu.mark()
        update = self.emu.user_clicks(message, label, user=user)
        await self.runner.processed(update, timeout=60)
        answers = self.emu.find("answerCallbackQuery", since=mark)
        assert len(answers) == 1
        return answers[0].params.get("text"), self.emu.find("sendMessage", since=mark)

    async def press(self, message: Call, data: str, user: int) -> tuple[str | None, list[Call]]:
        """Send a (possibly forged) callback with arbitrary data."""
        mark = self.emu.mark()
        update = self.emu.user_presses(message, data, user=user)
        await self.runner.processed(update, timeout=60)
        answers = self.emu.find("answerCallbackQuery", since=mark)
        assert len(answers) == 1
        return answers[0].params.get("text"), self.emu.find("sendMessage", since=mark)

    async def step(self, message: Call, label: str, user: int) -> Call:
        """Press ``label`` and return the one message it brought."""
        text, sent = await self.click(message, label, user)
        assert text is None and sent, (label, text)
        return sent[-1]

    def sql(self) -> Session:
        return Session(self.runner.app.bot_data["runtime"].sql)


def labels(call: Call) -> list[str]:
    markup = call.result.get("reply_markup") or {}
    return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]


def data_of(call: Call, label: str) -> str:
    markup = call.result.get("reply_markup") or {}
    return next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == label)


@pytest.fixture
async def bot(emu: TelegramEmulator, tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[P]:
    try:
        sample = request.getfixturevalue("sample_settings")
    except pytest.FixtureLookupError:
        pytest.skip("tests/conftest.py provides no sample_settings")
    base = make_settings(emu, tmp_path / "unused", allowed_users=[ALICE, BOB, CAROL, DAVE, GHOST])
    telegram = base.model_dump(
        include={"telegram_token", "telegram_api_url", "admins", "allowed_users", "rate_limit_per_minute"}
    )
    settings = copy_home(sample, tmp_path / "home", **telegram)
    emu.user(ALICE, "Bakyt", username="Bakyt_GIS")  # the register says @bakyt_gis
    emu.user(DAVE, "Nurlan", username="NURLAN_SEC")  # … @nurlan_sec
    runner = await BotRunner(settings, Services()).start()
    try:
        yield P(emu, runner)
    finally:
        await runner.stop()


async def test_users_are_linked_by_username_or_by_an_admin(bot: P) -> None:
    """A user whose Telegram username is a register's telegram handle is linked on first /profile (any case,
    the register's @ ignored); a user without one is told how to get linked; admins /link by e-mail (an
    unknown e-mail is named) and /unlink; non-admins cannot; /profile in a group points to the private chat."""
    card = await bot.last("/profile", ALICE)
    assert card.text.startswith("I recognised you by your Telegram username as Bakyt Osmonov.")
    assert "Profile — Bakyt Osmonov" in card.text
    assert "• GIS / remote sensing — expert (register; project KGZ-DIG-004 (lead))" in card.text
    assert {"➕ Add area", "➖ Remove area", "✅ All correct"} <= set(labels(card))
    with bot.sql() as s:
        assert [(x.user_id, x.person_key, x.linked_by) for x in s.exec(select(PersonLink))] == [
            (ALICE, "bakyt.osmonov@undp.org", None)
        ]
    again = await bot.last("/profile", ALICE)
    assert again.text.startswith("Profile — Bakyt Osmonov")  # linked once: no greeting the second time

    unlinked = await bot.last("/profile", BOB)
    assert "I don't know yet which staff member you are" in unlinked.text and f"/link {BOB} " in unlinked.text
    assert (await bot.last(f"/link {BOB} olga.kim@undp.org", ALICE)).text == (
        "This command is only for administrators."
    )
    unknown = await bot.last(f"/link {BOB} nobody@undp.org", ADMIN)
    assert unknown.text.startswith("No active staff member has the e-mail nobody@undp.org.")
    assert (await bot.last("/link olga", ADMIN)).text.startswith("Usage: /link TELEGRAM_ID EMAIL")
    linked = await bot.last(f"/link {BOB} Olga.Kim@undp.org", ADMIN)
    assert linked.text == f"User {BOB} is now linked to Olga Kim (olga.kim@undp.org)."
    assert "Profile — Olga Kim" in (await bot.last("/profile", BOB)).text
    assert (
        await bot.last(f"/unlink {BOB}", ADMIN)
    ).text == f"User {BOB} is no longer linked to a staff member."
    assert (await bot.last(f"/unlink {BOB}", ADMIN)).text == f"User {BOB} was not linked to anyone."
    assert "I don't know yet which staff member you are" in (await bot.last("/profile", BOB)).text

    mention = f"/profile@{bot.emu.bot_username}"
    in_group = await bot.last(mention, ALICE, chat=GROUP)
    assert in_group.text == "Please use /profile in a private chat with me."


async def test_profile_is_edited_with_buttons_and_short_text(bot: P) -> None:
    """Add an area from the vocabulary with a level, remove a register area, type a Russian area (offered
    as the office's English area or kept as typed), type a new area, add a learning interest, set the
    languages — each shown at once with its provenance and date — then delete everything declared. Typed
    answers are never taken as questions."""
    card = await bot.last("/profile", ALICE)
    picker = await bot.step(card, "➕ Add area", ALICE)
    assert picker.text == "Choose an area, or type a new one:"
    offered = [x for x in labels(picker) if not x.startswith(("✏️", "More", "◀", "Cancel"))]
    assert offered and "GIS / remote sensing" not in offered  # already on the profile
    area = next(x for x in offered if not x.endswith("…"))
    level = await bot.step(picker, area, ALICE)
    assert level.text == f"Your level in “{area}”?"
    assert labels(level) == ["basic", "intermediate", "advanced", "expert", "Cancel"]
    card = await bot.step(level, "advanced", ALICE)
    assert card.text.startswith(f"Added: {area} (advanced).")
    assert f"• {area} — advanced (self-declared, {TODAY})" in card.text

    remove = await bot.step(card, "➖ Remove area", ALICE)
    card = await bot.step(remove, "early warning systems", ALICE)
    assert "• early warning systems" not in card.text
    assert "Removed by you: early warning systems" in card.text

    prompt = await bot.step(await bot.step(card, "➕ Add area", ALICE), "✏️ Type a new area", ALICE)
    assert prompt.text.startswith("Type the area in a few words")
    choice = await bot.last("кибербезопасность", ALICE)
    assert (
        choice.text
        == "“кибербезопасность” looks like the office's area “cybersecurity”. Which one do you mean?"
    )
    assert labels(choice) == ["Use “cybersecurity”", "Keep “кибербезопасность”", "Cancel"]
    card = await bot.step(await bot.step(choice, "Keep “кибербезопасность”", ALICE), "basic", ALICE)
    assert f"• кибербезопасность — basic (self-declared, {TODAY})" in card.text
    await bot.step(await bot.step(card, "➕ Add area", ALICE), "✏️ Type a new area", ALICE)
    level = await bot.last("quantum  sensing", ALICE)  # nothing like it in the office: straight to the level
    assert level.text == "Your level in “quantum sensing”?"
    card = await bot.step(level, "expert", ALICE)
    assert f"• quantum sensing — expert (self-declared, {TODAY})" in card.text

    await bot.step(card, "📚 Add learning interest", ALICE)
    card = await bot.last("drone photogrammetry", ALICE)
    assert card.text.startswith("Added to what you want to learn: drone photogrammetry.")
    assert f"drone photogrammetry (self-declared, {TODAY})" in card.text
    await bot.step(card, "🌐 Languages", ALICE)
    card = await bot.last("en, русский, uz", ALICE)
    assert f"Languages: English, Russian, Uzbek (set by you, {TODAY})" in card.text

    with bot.sql() as s:
        entries = s.exec(
            select(ProfileEntry).where(ProfileEntry.person_key == "bakyt.osmonov@undp.org")
        ).all()
        assert {(e.kind, e.value, e.level, e.removed) for e in entries} == {
            ("expertise", area, "advanced", False),
            ("expertise", "early warning systems", None, True),
            ("expertise", "кибербезопасность", "basic", False),
            ("expertise", "quantum sensing", "expert", False),
            ("learning", "drone photogrammetry", None, False),
            ("language", "English", None, False),
            ("language", "Russian", None, False),
            ("language", "Uzbek", None, False),
        }
        assert {e.declared_by for e in entries} == {ALICE}
        assert s.exec(select(BotExchange)).all() == []  # no typed answer went to the engine

    confirm = await bot.step(card, "🧹 Delete what I declared", ALICE)
    assert confirm.text.startswith("Delete everything you declared (8 entries)?")
    card = await bot.step(confirm, "Yes, delete", ALICE)
    assert card.text.startswith("Deleted 8 entries you declared")
    assert "• early warning systems — advanced (register" in card.text and "quantum" not in card.text


async def test_forged_foreign_and_old_buttons_expire_and_others_profiles_are_refused(bot: P) -> None:
    """A press from another user, in another chat, of an older menu, with an unknown token or junk gets
    "this button has expired" and changes nothing; a user cannot open someone else's profile; an admin can,
    and edits it (recorded as the admin's declaration); a group chat never shows a profile."""
    await bot.last(f"/link {BOB} olga.kim@undp.org", ADMIN)
    old = await bot.last("/profile", ALICE)
    card = await bot.last("/profile", ALICE)  # a new menu: the old one's buttons are dead
    bob_card = await bot.last("/profile", BOB)
    cases = [
        (old, data_of(old, "➕ Add area"), ALICE),
        (bob_card, data_of(card, "➕ Add area"), BOB),  # Alice's live button pressed by Bob in his chat
        (card, data_of(bob_card, "🌐 Languages"), ALICE),  # Bob's button pressed by Alice
        (card, "pf:" + "A" * 22, ALICE),
        (card, "pf:", ALICE),
        (card, "pf:" + data_of(card, "➕ Add area")[3:][:10], ALICE),  # a truncated token
    ]
    for message, data, user in cases:
        text, sent = await bot.press(message, data, user)
        assert text == EXPIRED and sent == [], (data, user)
    text, sent = await bot.click(card, "➕ Add area", ALICE)  # the live button still works
    assert text is None and sent[-1].text == "Choose an area, or type a new one:"

    refused = await bot.last("/profile bakyt.osmonov@undp.org", BOB)
    assert refused.text == "You can only see and change your own profile."
    admin_card = await bot.last("/profile bakyt.osmonov@undp.org", ADMIN)
    assert "Profile — Bakyt Osmonov" in admin_card.text and "✅ All correct" not in labels(admin_card)
    await bot.step(admin_card, "📚 Add learning interest", ADMIN)
    done = await bot.last("satellite radar", ADMIN)
    assert "satellite radar (self-declared" in done.text
    unknown = await bot.last("/profile nobody@undp.org", ADMIN)
    assert unknown.text == "I don't know an active staff member with the e-mail nobody@undp.org."
    with bot.sql() as s:
        entries = s.exec(select(ProfileEntry)).all()
        assert [(e.person_key, e.value, e.declared_by) for e in entries] == [
            ("bakyt.osmonov@undp.org", "satellite radar", ADMIN)
        ]


async def test_survey_asks_each_linked_user_once_and_reports_the_response_rate(bot: P) -> None:
    """/survey (admins) sends one message with a profile button to every linked user who started the bot
    (linking by username first), counts those Telegram refuses, and /survey status reports how many of
    those asked then confirmed or changed their profile."""
    for user in (ALICE, BOB, CAROL, DAVE):
        await bot.send("/help", user)
    await bot.last(f"/link {BOB} olga.kim@undp.org", ADMIN)
    await bot.last(f"/link {GHOST} elena.petrova@undp.org", ADMIN)
    rt = bot.runner.app.bot_data["runtime"]
    bot_crud.touch_user(rt.sql, GHOST, username=None, first_name="Ghost")  # started once; chat now gone
    assert (await bot.last("/survey", ALICE)).text == "This command is only for administrators."
    assert (await bot.last("/survey status", ADMIN)).text == "No survey has been sent yet."

    mark = bot.emu.mark()
    report = await bot.last("/survey", ADMIN)
    assert report.text.startswith("Survey sent to 3 of 4 linked users (1 could not be reached).")
    asked = bot.emu.find("sendMessage", lambda c: "keeps a map of who knows what" in c.text, since=mark)
    assert sorted(c.chat_id for c in asked) == [ALICE, BOB, DAVE]  # CAROL is linked to nobody
    assert all(labels(c) == ["Review my profile"] for c in asked)
    with bot.sql() as s:
        sends = {(x.user_id, x.ok) for x in s.exec(select(ProfileSurveySend))}
        assert sends == {(ALICE, True), (BOB, True), (DAVE, True), (GHOST, False)}
        assert (DAVE, "nurlan.abdykalykov@undp.org") in {
            (x.user_id, x.person_key) for x in s.exec(select(PersonLink))
        }
    status = await bot.last("/survey status", ADMIN)
    assert "3 asked, 0 changed or confirmed their profile (0%); 1 could not be reached." in status.text

    by_chat = {c.chat_id: c for c in asked}
    card = await bot.step(by_chat[ALICE], "Review my profile", ALICE)
    assert "Profile — Bakyt Osmonov" in card.text
    text, sent = await bot.click(card, "✅ All correct", ALICE)
    assert text is None and sent[-1].text == "Thank you — your profile is confirmed."
    card = await bot.step(by_chat[DAVE], "Review my profile", DAVE)
    await bot.step(card, "📚 Add learning interest", DAVE)
    await bot.last("zero trust networks", DAVE)
    text, _ = await bot.click(by_chat[BOB], "Review my profile", ALICE)  # not Alice's message
    assert text == EXPIRED
    status = await bot.last("/survey status", ADMIN)
    assert "3 asked, 2 changed or confirmed their profile (67%); 1 could not be reached." in status.text


async def test_experts_answer_shows_self_declared_evidence(bot: P) -> None:
    """An area a person declared through /profile makes them an expert on it in /experts answers, shown as
    "(self-declared, <date>)" evidence."""
    await bot.last(f"/link {BOB} olga.kim@undp.org", ADMIN)
    card = await bot.last("/profile", BOB)
    await bot.step(await bot.step(card, "➕ Add area", BOB), "✏️ Type a new area", BOB)
    level = await bot.last("quantum gravimetry", BOB)
    await bot.step(level, "expert", BOB)
    answer = await bot.last("/experts quantum gravimetry", BOB)
    assert "1. Olga Kim" in answer.text
    assert f"Expertise “quantum gravimetry” (expert) (self-declared, {TODAY})" in answer.text
    assert "Self-declared profile — Olga Kim" in answer.text  # the cited source, with its date
