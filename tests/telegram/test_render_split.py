"""Entity-safe splitting of escaped HTML: long texts full of ``&<>`` are cut only between entities and
tags (open tags closed and reopened), so Telegram — the emulator parses HTML like tdlib — accepts every
part, and nothing is lost."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from bot.render import clip_html, esc, split_html
from bot.runtime import Services
from core.types import Answer, Citation
from records import bot_crud
from tests.telegram.emulator import TelegramEmulator
from tests.telegram.harness import ADMIN, ALICE, BotRunner, StandInEngine, make_settings
from tests.telegram.test_bot import Ctx
from tests.telegram.tg_html import parse_html

HOSTILE = "a&b <c> \"d\" 'e' &amp; "


def _squash(text: str) -> str:
    return "".join(text.split())


def test_split_html_never_breaks_an_entity_or_a_tag() -> None:
    """Random escaped text inside <b>, <i> and <a href> at many limits: every part parses as Telegram HTML,
    is at most the limit long after parsing, and the parts together show exactly the original text."""
    rng = random.Random(7)
    for _ in range(200):
        blocks = []
        for _ in range(rng.randint(1, 30)):
            words = esc("".join(rng.choice("ab &<>\"'\n") for _ in range(rng.randint(1, 300))))
            blocks.append(
                rng.choice(
                    [
                        words,
                        f"<b>{words}</b>",
                        f'<a href="https://x.org/?a=1&amp;b=2">{words}</a>',
                        f"<i>{words}</i>",
                    ]
                )
            )
        text = rng.choice(["\n\n", "\n", " "]).join(blocks)
        limit = rng.choice([4096, 300, 40, 7])
        parts = split_html(text, limit)
        shown = [parse_html(p)[0] for p in parts]
        assert all(len(s.strip()) > 0 and len(s) <= limit for s in shown)
        assert _squash("".join(shown)) == _squash(parse_html(text)[0])
        clipped = parse_html(clip_html(text, limit))[0]
        assert len(clipped) <= limit


def test_cut_before_an_entity_at_the_limit() -> None:
    """An entity straddling the limit moves whole to the next part (``esc(text)[:4096]`` cut it)."""
    text = esc("x" * 4094 + "&&&&")
    assert esc("x" * 4094 + "&&&&")[:4096].endswith("&a")  # what the old code sent: rejected
    first, second = split_html(text)
    assert parse_html(first)[0] == "x" * 4094 + "&&" and parse_html(second)[0] == "&&"


async def _run(emu: TelegramEmulator, tmp_path: Any, **services: Any) -> tuple[BotRunner, StandInEngine]:
    engine = StandInEngine()
    runner = await BotRunner(
        make_settings(emu, tmp_path), Services(engine_factory=lambda s: engine, **services)
    ).start()
    return runner, engine


async def test_admin_reindex_and_users_with_hostile_text_near_the_limit(
    emu: TelegramEmulator, tmp_path
) -> None:
    """The /reindex result (a summary full of & < > longer than a message) and /users (users whose names
    are full of & < >) arrive as accepted messages of ≤ 4096 characters that together hold all of it."""
    summary = (HOSTILE * 400)[:6000]

    async def reindex(settings: Any) -> str:
        return summary

    runner, engine = await _run(emu, tmp_path, reindex=reindex)
    ctx = Ctx(emu, runner, engine)
    try:
        mark = emu.mark()
        await ctx.ask("/reindex", user=ADMIN)
        await emu.wait_for("sendMessage", lambda c: c.text.startswith("Re-indexing finished"), since=mark)
        await asyncio.wait_for(runner.app.bot_data["runtime"].reindex_task, 10)
        sent = emu.find("sendMessage", lambda c: c.chat_id == ADMIN, since=mark)
        assert not emu.find(None, ok=False)
        assert len(sent) >= 3 and all(len(c.text) <= 4096 for c in sent)
        assert _squash(summary) in _squash("".join(c.text for c in sent[1:]))

        rt = runner.app.bot_data["runtime"]
        for i in range(60):
            await rt.db(bot_crud.touch_user, 20_000 + i, username=None, first_name=(HOSTILE * 3) + str(i))
        mark = emu.mark()
        update = emu.user_sends("/users", user=ADMIN)
        await runner.processed(update)
        users = emu.find("sendMessage", lambda c: c.chat_id == ADMIN, since=mark)
        assert users and not emu.find(None, ok=False, since=mark)
        assert all(len(c.text) <= 4096 for c in users)
        assert sum(c.text.count(HOSTILE.strip()) for c in users) >= 50 * 3
    finally:
        await runner.stop()


async def test_long_answer_with_a_long_note_and_streaming_of_hostile_text(
    emu: TelegramEmulator, tmp_path
) -> None:
    """An answer whose italic note alone is longer than a message is split inside the <i> (closed and
    reopened); a streamed partial longer than a message is clipped safely; Telegram rejects nothing."""
    runner, engine = await _run(emu, tmp_path)
    try:
        note = HOSTILE * 300
        engine.next(
            Answer("Body & <more> " * 200, [Citation(1, "Doc & <co>", "d.md")], note=note),
            partials=["& <" * 2000],
        )
        mark = emu.mark()
        update = emu.user_sends("long please", user=ALICE)
        await runner.processed(update)
        sent = emu.find(
            None, lambda c: c.chat_id == ALICE and c.method in ("sendMessage", "editMessageText"), since=mark
        )
        assert not emu.find(None, ok=False)
        assert len(sent) >= 4 and all(len(c.text) <= 4096 for c in sent)
        assert sent[0].text.endswith("…") and set(sent[0].text[:-1]) <= set("& <")  # the clipped partial
        italics = [c for c in sent if any(e["type"] == "italic" for e in c.result.get("entities", []))]
        assert len(italics) >= 2  # the note spans messages and is italic in each
        final = "".join(c.text for c in sent[1:])
        assert _squash(note) in _squash(final) and "Doc & <co>" in final
    finally:
        await runner.stop()
