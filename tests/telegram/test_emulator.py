"""The Bot API emulator, exercised with PTB's real ``telegram.Bot`` over HTTP."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import ClientSession, web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, EndPointNotFound, InvalidToken, RetryAfter

from tests.telegram.emulator import TelegramEmulator
from tests.telegram.tg_html import HtmlParseError, parse_html


@pytest.fixture
async def bot(emu: TelegramEmulator):
    async with Bot(emu.token, base_url=emu.bot_base_url) as b:
        yield b


def last_error(emu: TelegramEmulator) -> str:
    failed = [c for c in emu.calls if not c.ok]
    assert failed, "expected a failed call"
    assert failed[-1].error is not None
    return failed[-1].error["description"]


async def test_get_me(emu: TelegramEmulator, bot: Bot) -> None:
    """getMe (called by Bot.initialize) returns the emulated bot's identity."""
    assert bot.username == emu.bot_username
    assert bot.id == emu.bot_id
    assert emu.find("getMe")


async def test_wrong_token_is_unauthorized(emu: TelegramEmulator) -> None:
    """A request with another token gets 401 Unauthorized (PTB: InvalidToken)."""
    with pytest.raises(InvalidToken):
        async with Bot("999:other", base_url=emu.bot_base_url):
            pass


async def test_send_message_html_entities(emu: TelegramEmulator, bot: Bot) -> None:
    """HTML is parsed into plain text + entities; link preview options are kept."""
    emu.user_sends("/start", user=5)
    msg = await bot.send_message(
        5,
        '<b>Bold</b> &amp; <a href="https://undp.org/?a=1&amp;b=2">link</a> 😀 <i>x</i>',
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
    assert msg.text == "Bold & link 😀 x"
    kinds = [(e.type, e.offset, e.length) for e in msg.entities]
    assert kinds == [("bold", 0, 4), ("text_link", 7, 4), ("italic", 15, 1)]  # 😀 is 2 UTF-16 units
    assert msg.entities[1].url == "https://undp.org/?a=1&b=2"
    call = await emu.wait_for("sendMessage")
    assert call.params["link_preview_options"] == {"is_disabled": True}


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("ab <b>unclosed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
async def test_bad_html_rejected_like_telegram(
    emu: TelegramEmulator, bot: Bot, text: str, description: str
) -> None:
    """Malformed HTML is rejected with the real server's 400 wording."""
    emu.user_sends("/start", user=5)
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(5, text, parse_mode=ParseMode.HTML)
    assert last_error(emu) == f"Bad Request: can't parse entities: {description}"


def test_html_parser_accepts_every_allowed_tag() -> None:
    """All tags Telegram allows parse; byte offsets count UTF-8 bytes."""
    text, ents = parse_html(
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>"
        '<del>d</del><a href="https://x.org">a</a><code>c</code><pre>p</pre><tg-spoiler>t</tg-spoiler>'
        '<span class="tg-spoiler">z</span><blockquote>q</blockquote>'
        '<pre><code class="language-py">y</code></pre>'
    )
    assert text == "bsieunskdacptzqy"
    assert len(ents) == 17
    with pytest.raises(HtmlParseError, match="byte offset 3"):
        parse_html("ё <x>")  # "ё" is 2 bytes + 1 space


async def test_text_length_limits(emu: TelegramEmulator, bot: Bot) -> None:
    """Text must be 1-4096 characters after entity parsing."""
    emu.user_sends("/start", user=5)
    await bot.send_message(5, "<b>" + "x" * 4096 + "</b>", parse_mode=ParseMode.HTML)  # markup not counted
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(5, "x" * 4097)
    assert last_error(emu) == "Bad Request: message is too long"
    with pytest.raises(BadRequest, match="empty"):
        await bot.send_message(5, "<b> </b>", parse_mode=ParseMode.HTML)
    assert last_error(emu) == "Bad Request: message text is empty"


async def test_unknown_chat(emu: TelegramEmulator, bot: Bot) -> None:
    """Sending to a chat that never talked to the bot fails with 'chat not found'."""
    with pytest.raises(BadRequest, match="not found"):
        await bot.send_message(4242, "hi")


async def test_callback_data_limit(emu: TelegramEmulator, bot: Bot) -> None:
    """callback_data longer than 64 bytes is BUTTON_DATA_INVALID."""
    emu.user_sends("/start", user=5)
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="x" * 64)]])
    await bot.send_message(5, "fine", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="é" * 33)]])
    with pytest.raises(BadRequest):
        await bot.send_message(5, "bad", reply_markup=too_long)
    assert last_error(emu) == "Bad Request: BUTTON_DATA_INVALID"


async def test_edit_not_modified(emu: TelegramEmulator, bot: Bot) -> None:
    """Editing a message to identical text fails with 'message is not modified'."""
    emu.user_sends("/start", user=5)
    msg = await bot.send_message(5, "one")
    edited = await bot.edit_message_text("two", chat_id=5, message_id=msg.message_id)
    assert edited.text == "two"
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("two", chat_id=5, message_id=msg.message_id)
    assert last_error(emu).startswith("Bad Request: message is not modified")
    with pytest.raises(BadRequest, match="not found"):
        await bot.edit_message_text("x", chat_id=5, message_id=999)


async def test_get_updates_offset_and_long_poll(emu: TelegramEmulator, bot: Bot) -> None:
    """getUpdates keeps updates until confirmed by offset; long poll returns when one arrives."""
    first = emu.user_sends("hello", user=7)
    got = await bot.get_updates(timeout=0)
    assert [u.update_id for u in got] == [first["update_id"]]
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [first["update_id"]]  # not confirmed yet
    assert await bot.get_updates(offset=first["update_id"] + 1, timeout=0) == ()

    poll = asyncio.create_task(bot.get_updates(offset=first["update_id"] + 1, timeout=30))
    await asyncio.sleep(0)  # let the request start; the answer below is event driven
    second = emu.user_sends("second", user=7)
    got = await asyncio.wait_for(poll, 5)
    assert [u.update_id for u in got] == [second["update_id"]]
    assert got[0].message.text == "second"


async def test_long_poll_times_out_empty(emu: TelegramEmulator, bot: Bot) -> None:
    """With nothing queued, getUpdates(timeout=1) returns an empty list after the timeout."""
    assert await bot.get_updates(timeout=1) == ()


async def test_flood_429(emu: TelegramEmulator, bot: Bot) -> None:
    """The flood policy answers 429 with retry_after; later calls succeed."""
    emu.user_sends("/start", user=5)
    emu.flood("sendMessage", after=1, retry_after=3)
    await bot.send_message(5, "first")
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(5, "second")
    assert info.value._retry_after.total_seconds() == 3
    failed = emu.find("sendMessage", ok=False)[0]
    assert failed.error == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    await bot.send_message(5, "third")


async def test_unknown_method_is_404_and_recorded(emu: TelegramEmulator, bot: Bot) -> None:
    """Unknown methods answer 404 Not Found and are recorded for the test to fail on."""
    with pytest.raises(EndPointNotFound):  # PTB's name for a 404 from do_api_request
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})
    assert emu.unknown_methods == ["sendTelepathy"]
    emu.unknown_methods.clear()


async def test_privacy_mode_in_groups(emu: TelegramEmulator, bot: Bot) -> None:
    """In groups only commands, mentions and replies to the bot reach the bot."""
    group = -100500
    emu.user_sends("just chatting", user=8, chat=group)
    emu.user_sends("/other@some_other_bot", user=8, chat=group)
    cmd = emu.user_sends("/ask@dtbot_test_bot what?", user=8, chat=group)
    mention = emu.user_sends(f"hey @{emu.bot_username} what?", user=8, chat=group)
    mine = await bot.send_message(group, "bot says")
    reply = emu.user_sends("thanks", user=8, chat=group, reply_to=mine.to_dict())
    got = await bot.get_updates(timeout=0)
    assert [u.update_id for u in got] == [cmd["update_id"], mention["update_id"], reply["update_id"]]
    assert len(emu.withheld) == 2
    ents = got[1].message.entities
    assert [(e.type, e.offset, e.length) for e in ents] == [("mention", 4, 15)]
    assert got[0].message.text.startswith("/ask")
    assert got[0].message.entities[0].type == "bot_command"
    assert got[2].message.reply_to_message.from_user.id == emu.bot_id


async def test_entities_use_utf16(emu: TelegramEmulator, bot: Bot) -> None:
    """Entity offsets of incoming messages are UTF-16 code units."""
    emu.user_sends("🎉🎉 /help", user=9)
    (update,) = await bot.get_updates(timeout=0)
    (ent,) = update.message.entities
    assert (ent.type, ent.offset, ent.length) == ("bot_command", 5, 5)
    assert update.message.parse_entity(ent) == "/help"


async def test_edit_and_click(emu: TelegramEmulator, bot: Bot) -> None:
    """user_edits and user_clicks build edited_message / callback_query updates; queries answer once."""
    sent = emu.user_sends("typo", user=10)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("👍", callback_data="fb:+:1")]])
    msg = await bot.send_message(10, "answer", reply_markup=markup)
    emu.user_edits(sent, "fixed")
    emu.user_clicks(msg.to_dict(), "👍")
    updates = await bot.get_updates(timeout=0)
    assert updates[1].edited_message.text == "fixed"
    query = updates[2].callback_query
    assert query.data == "fb:+:1" and query.message.message_id == msg.message_id
    assert await bot.answer_callback_query(query.id, text="thanks")
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(query.id)


async def test_commands_chat_action_and_wait_for(emu: TelegramEmulator, bot: Bot) -> None:
    """setMyCommands is validated and stored; wait_for wakes on a matching call."""
    emu.user_sends("/start", user=11)
    waiter = asyncio.create_task(emu.wait_for("sendChatAction", lambda c: c.chat_id == 11))
    await bot.send_chat_action(11, "typing")
    call = await asyncio.wait_for(waiter, 5)
    assert call.params["action"] == "typing"
    await bot.set_my_commands([("help", "Show help")])
    assert emu.commands["default:"] == [{"command": "help", "description": "Show help"}]
    with pytest.raises(BadRequest):
        await bot.set_my_commands([("Bad-Cmd", "x")])


async def test_json_and_multipart_bodies(emu: TelegramEmulator) -> None:
    """JSON and multipart bodies are accepted as well as form-encoded ones."""
    emu.user_sends("/start", user=12)
    async with ClientSession() as http:
        url = f"{emu.bot_base_url}{emu.token}/sendMessage"
        async with http.post(url, json={"chat_id": 12, "text": "<i>json</i>", "parse_mode": "HTML"}) as r:
            body = await r.json()
            assert body["ok"] and body["result"]["text"] == "json"
        from aiohttp import FormData

        form = FormData()
        form.add_field("chat_id", "12")
        form.add_field("text", "multi")
        form.add_field(
            "reply_markup", json.dumps({"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]})
        )
        form.add_field("doc", b"bytes", filename="x.bin")
        async with http.post(url, data=form) as r:
            body = await r.json()
            assert body["ok"] and body["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"
        async with http.post(url, json={"chat_id": 12, "text": ""}) as r:
            assert r.status == 400
            assert await r.json() == {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message text is empty",
            }


async def test_webhook_push_with_secret(emu: TelegramEmulator, bot: Bot) -> None:
    """After setWebhook, updates are POSTed with the secret header; getUpdates conflicts."""
    received: asyncio.Queue[tuple[str | None, dict]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        await received.put((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        info = await bot.get_webhook_info()
        assert info.url.endswith("/hook")
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        update = emu.user_sends("via webhook", user=13)
        secret, body = await asyncio.wait_for(received.get(), 5)
        assert secret == "s3cret"
        assert body == update
        assert await emu.wait_webhook_delivery(update["update_id"]) == 200
        await bot.delete_webhook()
        assert (await bot.get_webhook_info()).url == ""
    finally:
        await runner.cleanup()


async def test_redeliver(emu: TelegramEmulator, bot: Bot) -> None:
    """redeliver() hands out an already-confirmed update again with the same update_id."""
    upd = emu.user_sends("once", user=14)
    (got,) = await bot.get_updates(timeout=0)
    assert await bot.get_updates(offset=got.update_id + 1, timeout=0) == ()
    emu.redeliver(upd)
    (again,) = await bot.get_updates(offset=got.update_id + 1, timeout=0)
    assert again.update_id == upd["update_id"]
    assert await bot.get_updates(offset=got.update_id + 1, timeout=0) == ()
