"""Telegram handlers — thin: parse the update → call the engine → render → send.

Everything sent is HTML built by :mod:`bot.render` (escaped); failures become a fixed
"temporarily unavailable" reply, never a stack trace.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Message, ReplyParameters, Update, User
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import reindex_schedule
from bot.access import viewer_for
from bot.render import (
    NO_PREVIEW,
    answer_keyboard,
    esc,
    plain,
    render_answer,
    render_contacts,
    render_sources,
    split_html,
)
from bot.runtime import Runtime, runtime
from core import messages
from core.access import GROUP_PREFIX, Viewer, parse_chat_level
from core.errors import BackendUnavailableError, DtbotError
from core.messages import t
from core.types import Answer, Citation, Contact, Turn
from records import bot_crud

log = logging.getLogger("bot.handlers")

STREAM_EDIT_INTERVAL = 1.0  # seconds between streamed edits (Telegram tolerates ~1 edit/s per chat)
TYPING_EVERY = 4.5  # a chat action lasts 5 s
COMMANDS: list[tuple[str, str]] = [
    ("start", "What I know and how to ask"),
    ("help", "Commands"),
    ("ask", "Ask a question"),
    ("experts", "Who knows about a topic"),
    ("projects", "Projects on a topic"),
    ("align", "How a project aligns with the strategies"),
    ("sources", "Sources of the last answer"),
    ("new", "Start a new conversation"),
    ("lang", "Interface language: en, ru, ky"),
    ("profile", "Your expertise profile"),
    ("onboard", "A tour for new colleagues"),
]
ONLY_NEW = filters.UpdateType.MESSAGE
Handler = Callable[
    [Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]
]  # commands and questions are not re-run on edits


# helpers ---------------------------------------------------------------------------------
async def _lang(rt: Runtime, user: User) -> tuple[str, str | None]:
    """(interface language, language explicitly chosen with /lang or None)."""
    try:
        row = await rt.db(bot_crud.get_user, user.id)
    except BackendUnavailableError:
        row = None
    chosen = row.language if row is not None else None
    return chosen or messages.normalize(user.language_code), chosen


async def send(update: Update, context: ContextTypes.DEFAULT_TYPE, html_text: str, **kwargs: Any) -> Message:
    """Send HTML to the update's chat; in groups as a reply to the triggering message.

    Every message the handlers send goes through here: text longer than one message is split by
    :func:`bot.render.split_html` (never inside an entity or a tag), the reply markup on the last part.
    """
    chat = update.effective_chat
    assert chat is not None
    msg = update.effective_message
    if chat.type != ChatType.PRIVATE and msg is not None and "reply_parameters" not in kwargs:
        kwargs["reply_parameters"] = ReplyParameters(msg.message_id, allow_sending_without_reply=True)
    parts = split_html(html_text) or ["…"]
    markup = kwargs.pop("reply_markup", None)
    sent: Message | None = None
    for i, part in enumerate(parts):
        extra = {"reply_markup": markup} if i == len(parts) - 1 and markup is not None else {}
        sent = await context.bot.send_message(
            chat.id, part, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, **kwargs, **extra
        )
    assert sent is not None
    return sent


async def say(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **fmt: Any) -> None:
    user = update.effective_user
    assert user is not None
    lang, _ = await _lang(runtime(context), user)
    await send(update, context, esc(t(lang, key, **fmt)))


def command_text(message: Message) -> str:
    """The text after the leading ``/command[@bot]`` (keeps newlines, unlike ``context.args``)."""
    text = message.text or ""
    for ent in message.entities:
        if ent.type == MessageEntityType.BOT_COMMAND and ent.offset == 0:
            return text[len(message.parse_entity(ent)) :].strip()
    return text.strip()


def addressed_text(message: Message, bot_username: str) -> str | None:
    """In a group: the question if the bot was mentioned or replied to, else None."""
    text = message.text or ""
    mention = f"@{bot_username}".lower()
    mentioned = any(
        ent.type == MessageEntityType.MENTION and message.parse_entity(ent).lower() == mention
        for ent in message.entities
    )
    replied = bool(
        message.reply_to_message
        and message.reply_to_message.from_user
        and message.reply_to_message.from_user.username
        and message.reply_to_message.from_user.username.lower() == bot_username.lower()
    )
    if not (mentioned or replied):
        return None
    for ent in message.entities:
        if ent.type == MessageEntityType.MENTION and message.parse_entity(ent).lower() == mention:
            text = text.replace(message.parse_entity(ent), " ")
    return " ".join(text.split())


class Streamer:
    """Shows a streamed answer: first message, then at most ~1 edit/second, then the final text."""

    def __init__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        self.update, self.context = update, context
        self.message: Message | None = None
        self.shown = ""
        self.last_edit = 0.0
        self.broken = False

    async def on_partial(self, text: str) -> None:
        if self.broken or not text.strip():
            return
        body = plain(text)
        now = time.monotonic()
        try:
            if self.message is None:
                self.message = await send(self.update, self.context, body)
            elif now - self.last_edit >= STREAM_EDIT_INTERVAL and body != self.shown:
                await self.message.edit_text(body, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)
            else:
                return
        except TelegramError as exc:  # never let a display problem abort the answer
            log.info("streaming display stopped: %s", type(exc).__name__)
            self.broken = True
            return
        self.shown, self.last_edit = body, now

    async def finish(self, parts: list[str], markup: Any) -> Message:
        """Replace the streamed text by the rendered answer (extra parts as new messages)."""
        last: Message | None = None
        for i, part in enumerate(parts):
            kb = markup if i == len(parts) - 1 else None
            if i == 0 and self.message is not None and not self.broken:
                try:
                    edited = await self.message.edit_text(
                        part, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, reply_markup=kb
                    )
                    last = edited if isinstance(edited, Message) else self.message
                    continue
                except BadRequest as exc:
                    if "not modified" not in str(exc).lower():
                        raise
                    last = self.message
                    continue
            last = await send(self.update, self.context, part, reply_markup=kb)
        assert last is not None
        return last


async def _keep_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    with contextlib.suppress(TelegramError):
        while True:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)


def _citations_json(citations: list[Citation]) -> list[dict[str, Any]]:
    return [
        {"n": c.n, "title": c.title, "source": c.source, "date": c.date, "url": c.url, "access": c.access}
        for c in citations
    ]


def _contacts_json(contacts: list[Contact]) -> list[dict[str, Any]]:
    return [
        {"name": c.name, "email": c.email, "telegram": c.telegram, "title": c.title, "unit": c.unit}
        for c in contacts
    ]


# the question flow -----------------------------------------------------------------------
async def answer_question(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, command: str = "ask"
) -> None:
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    lang, chosen = await _lang(rt, user)
    question = question.strip()
    if not question:
        await send(update, context, esc(t(lang, f"usage_{command}")))
        return
    if len(question) > rt.settings.max_question_chars:
        await send(
            update,
            context,
            esc(t(lang, "too_long", length=len(question), limit=rt.settings.max_question_chars)),
        )
        return
    if not await rt.allow_question(user.id):
        if await rt.should_send_limit_notice(user.id):
            await send(update, context, esc(t(lang, "rate_limited", limit=rt.settings.rate_limit_per_minute)))
        return

    viewer = await viewer_for(rt, update)  # afresh for every question: a /revoke applies at once
    started = time.perf_counter()
    typing = asyncio.create_task(_keep_typing(context, chat.id))
    streamer = Streamer(update, context)
    generation = 0
    try:
        session = await rt.db(bot_crud.get_session, user.id, chat.id)
        generation = session.generation
        engine = await rt.get_engine()
        answer: Answer
        if command == "ask":
            past = await rt.db(bot_crud.history, user.id, chat.id, generation, rt.settings.history_turns)
            state = await rt.db(bot_crud.get_conversation, user_id=user.id, chat_id=chat.id)
            answer = await engine.ask(
                question,
                history=[Turn(q, a) for q, a in past],
                state=state,  # the engine ignores it once older than the TTL
                language=chosen,
                on_partial=streamer.on_partial,
                viewer=viewer,
            )
        elif command == "experts":
            answer = await engine.experts(question, k=5, viewer=viewer)
        elif command == "projects":
            answer = await engine.projects(question, k=5, viewer=viewer)
        else:
            answer = await engine.align(question, viewer=viewer)
    except Exception as exc:  # BackendUnavailableError or anything unexpected: same fixed reply
        typing.cancel()
        level = logging.WARNING if isinstance(exc, DtbotError) else logging.ERROR
        log.log(
            level,
            "question from %s failed: %s",
            user.id,
            type(exc).__name__,
            exc_info=not isinstance(exc, DtbotError),
        )
        await _log_failure(rt, update, question, command, generation, exc, started)
        text = esc(t(lang, "unavailable"))
        if streamer.message is not None:
            with contextlib.suppress(TelegramError):
                await streamer.message.edit_text(text, parse_mode=ParseMode.HTML)
                return
        await send(update, context, text)
        return
    finally:
        typing.cancel()

    # never list a source this reader (in this chat) may not read, whatever the engine returned
    answer.citations = [c for c in answer.citations if viewer.may_read(c.access)]
    if answer.state is not None:  # commands set it too: "and who leads it?" after /align resolves
        try:
            await rt.db(bot_crud.save_conversation, user_id=user.id, chat_id=chat.id, state=answer.state)
        except BackendUnavailableError:
            log.warning("could not store the conversation state of user %s", user.id)
    exchange_id: int | None = None
    try:
        exchange_id = await rt.db(
            bot_crud.log_exchange,
            **_exchange(update, question, command, generation, started),
            answer=answer.text,
            mode=answer.mode,
            intent=answer.intent,
            language=answer.language,
            note=answer.note,
            answerable=answer.answerable,
            sources=_citations_json(answer.citations),
            contacts=_contacts_json(answer.contacts),
        )
    except BackendUnavailableError:
        log.warning("could not store the exchange of user %s", user.id)
    markup = None
    if exchange_id is not None:
        token = secrets.token_urlsafe(16)  # the buttons carry this, never the sequential exchange id
        try:
            await rt.db(
                bot_crud.add_button, token=token, exchange_id=exchange_id, user_id=user.id, chat_id=chat.id
            )
            markup = answer_keyboard(token, answer, lang)
        except BackendUnavailableError:
            log.warning("could not store the buttons of exchange %s", exchange_id)
    parts = render_answer(answer, lang)
    await streamer.finish(parts, markup)


async def _log_failure(
    rt: Runtime,
    update: Update,
    question: str,
    command: str,
    generation: int,
    exc: BaseException,
    started: float,
) -> None:
    with contextlib.suppress(Exception):
        await rt.db(
            bot_crud.log_exchange,
            **_exchange(update, question, command, generation, started),
            error=type(exc).__name__,
        )


def _exchange(update: Update, question: str, command: str, generation: int, started: float) -> dict[str, Any]:
    """The fields every stored exchange has, answered or failed."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    return {
        "user_id": user.id,
        "chat_id": chat.id,
        "chat_type": chat.type,
        "generation": generation,
        "command": command,
        "question": question,
        "elapsed_ms": int((time.perf_counter() - started) * 1000),
    }


# messages --------------------------------------------------------------------------------
async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if await _maybe_comment(update, context, message.text or ""):
        return
    from bot.profile_handlers import take_pending_input  # (imports this module)

    if await take_pending_input(update, context, message.text or ""):  # answers a /profile prompt
        return
    await answer_question(update, context, message.text or "")


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    question = addressed_text(message, context.bot.username)
    if question is None:
        runtime(context).forget_update(update.update_id)  # not for us (only seen when privacy mode is off)
        return
    if await _maybe_comment(update, context, question):
        return
    await answer_question(update, context, question)


async def _maybe_comment(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """After 👎 the user's next message is stored as a comment on that answer."""
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    try:
        exchange_id = await rt.db(bot_crud.pop_awaiting_comment, user.id, chat.id)
    except BackendUnavailableError:
        return False
    if exchange_id is None or not text.strip():
        return False
    await rt.db(bot_crud.add_comment, exchange_id, user.id, text.strip()[:2000])
    await say(update, context, "comment_saved")
    return True


# commands --------------------------------------------------------------------------------
async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    assert user is not None
    rt = runtime(context)
    lang, _ = await _lang(rt, user)
    text = t(lang, "start", name=user.first_name) + "\n\n" + t(lang, "help_onboard")
    if rt.is_admin(user.id):
        text += "\n\n" + t(lang, "help_admin") + "\n" + t(lang, "help_access")
    await send(update, context, esc(text))


async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    user = update.effective_user
    assert user is not None
    rt = runtime(context)
    lang, _ = await _lang(rt, user)
    text = t(lang, "help") + "\n" + t(lang, "help_profile") + "\n" + t(lang, "help_onboard")
    if rt.is_admin(user.id):
        text += "\n\n" + t(lang, "help_admin") + "\n" + t(lang, "help_access")
        text += "\n" + t(lang, "help_admin_profiles")
    await send(update, context, esc(text))


def _question_command(command: str) -> Handler:
    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        await answer_question(update, context, command_text(message), command)

    handler.__name__ = f"cmd_{command}"
    return handler


async def cmd_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    lang, _ = await _lang(rt, user)
    last = await rt.db(bot_crud.last_exchange, user.id, chat.id)
    await _send_sources(update, context, last.sources if last else [], lang, await viewer_for(rt, update))


async def _send_sources(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    sources: list[dict[str, Any]],
    lang: str,
    viewer: Viewer,
) -> None:
    """The stored sources of an answer, minus those the reader may no longer read (revoked since)."""
    citations = [c for c in (Citation(**s) for s in sources) if viewer.may_read(c.access)]
    await send(update, context, render_sources(citations, lang) if citations else esc(t(lang, "no_sources")))


async def cmd_new(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    await rt.db(bot_crud.new_session, user.id, chat.id)
    await rt.db(bot_crud.clear_conversation, user_id=user.id, chat_id=chat.id)
    await say(update, context, "new")


async def cmd_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    choice = command_text(message).lower()
    if choice not in messages.LANGUAGES:
        await say(update, context, "lang_usage")
        return
    await rt.db(bot_crud.set_language, user.id, choice)
    await send(update, context, esc(t(choice, "lang_set")))


# admin -----------------------------------------------------------------------------------
def admin_only(
    fn: Handler,
) -> Handler:
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is None or not runtime(context).is_admin(user.id):
            await say(update, context, "admin_only")
            return
        await fn(update, context)

    wrapper.__name__ = fn.__name__
    return wrapper


@admin_only
async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    lang, _ = await _lang(rt, user)
    lines = [f"<b>{esc(t(lang, 'stats'))}</b>"]
    try:
        engine = await rt.get_engine()
        stats = await engine.stats()
    except Exception as exc:
        log.warning("stats unavailable: %s", type(exc).__name__)
        stats = {"knowledge base": t(lang, "unavailable")}
    for key, value in {**stats, **await rt.db(bot_crud.counts)}.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        lines.append(f"{esc(key)}: {esc(value)}")
    schedule = await reindex_schedule.stats_line(rt, lang)  # DTBOT_REINDEX_INTERVAL's last round
    if schedule:
        lines.append(esc(schedule))
    await send(update, context, "\n".join(lines))


@admin_only
async def cmd_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    lang, _ = await _lang(rt, user)
    if rt.reindex_task is not None and not rt.reindex_task.done():
        await send(update, context, esc(t(lang, "reindex_running")))
        return
    await send(update, context, esc(t(lang, "reindex_started")))

    async def job() -> None:
        try:
            summary = await rt.services.reindex(rt.settings)
            await rt.reopen_engine()
            text = t(lang, "reindex_done", summary=summary)
        except DtbotError as exc:
            log.warning("re-index failed: %s", exc)
            text = t(lang, "reindex_failed", error=str(exc))
        except Exception as exc:
            log.error("re-index failed: %s", type(exc).__name__, exc_info=True)
            text = t(lang, "reindex_failed", error=t(lang, "unavailable"))
        await send(update, context, esc(text))  # split safely however long the summary is

    rt.reindex_task = context.application.create_task(job(), update=update, name="dtbot:reindex")


def _target_id(message: Message) -> int | None:
    arg = command_text(message).split()
    return int(arg[0]) if arg and arg[0].lstrip("-").isdigit() else None


@admin_only
async def cmd_allow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_access(update, context, "allow")


@admin_only
async def cmd_deny(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _set_access(update, context, "deny")


async def _set_access(update: Update, context: ContextTypes.DEFAULT_TYPE, access: str) -> None:
    rt = runtime(context)
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    target = _target_id(message)
    if target is None:
        await say(update, context, f"usage_{access}")
        return
    await rt.db(bot_crud.set_access, target, access, by=user.id)
    await rt.forget_notice(target)
    await say(update, context, "allowed" if access == "allow" else "denied", user_id=target)


@admin_only
async def cmd_users(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    lang, _ = await _lang(rt, user)
    s = rt.settings
    lines = [
        f"<b>{esc(t(lang, 'users'))}</b>",
        f"admins: {esc(', '.join(map(str, s.admins)) or '—')}",
        f"allowlist: {esc(', '.join(map(str, s.allowed_users)) or '—')}",
        f"open_access: {s.open_access}",
    ]
    granted = await rt.db(bot_crud.all_group_grants)
    members: dict[str, set[int]] = {name: set(ids) for name, ids in s.groups.items()}
    for uid, names in granted.items():
        for name in names:
            members.setdefault(name, set()).add(uid)
    lines.append(f"{esc(t(lang, 'groups'))}:")
    for name in sorted(members):
        ids = ", ".join(str(i) for i in sorted(members[name]))
        lines.append(f"  {esc(name)}: {esc(ids or '—')}")
    if not members:
        lines.append("  —")
    for row in (await rt.db(bot_crud.list_users))[:50]:
        name = f"@{row.username}" if row.username else (row.first_name or "")
        seen = time.strftime("%Y-%m-%d %H:%M", time.gmtime(row.last_seen))
        groups = sorted(g for g, ids in members.items() if row.user_id in ids)
        in_groups = f", groups: {esc(', '.join(groups))}" if groups else ""
        lines.append(
            f"{row.user_id} {esc(name)} — {esc(row.access or 'default')}{in_groups}, seen {seen} UTC"
        )
    await send(update, context, "\n".join(lines))


def _group_arg(raw: str) -> str | None:
    """A group name as an admin types it (``taskforce`` or ``group:taskforce``), normalised; None if invalid."""
    raw = raw.strip()
    label = parse_chat_level(raw if raw.lower().startswith(GROUP_PREFIX) else GROUP_PREFIX + raw)
    return label[len(GROUP_PREFIX) :] if label and label.startswith(GROUP_PREFIX) else None


@admin_only
async def cmd_grant(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/grant ID GROUP: the user reads documents labelled group:GROUP (when they are staff)."""
    await _grant_or_revoke(update, context, grant=True)


@admin_only
async def cmd_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/revoke ID GROUP: from the user's next question on, group:GROUP documents are withheld."""
    await _grant_or_revoke(update, context, grant=False)


async def _grant_or_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE, *, grant: bool) -> None:
    rt = runtime(context)
    user, message = update.effective_user, update.effective_message
    assert user is not None and message is not None
    args = command_text(message).split()
    usage = "usage_grant" if grant else "usage_revoke"
    if len(args) != 2 or not args[0].lstrip("-").isdigit():
        await say(update, context, usage)
        return
    target, group = int(args[0]), _group_arg(args[1])
    if group is None:
        await say(update, context, "bad_group", group=args[1])
        return
    if grant:
        await rt.db(bot_crud.grant_group, user_id=target, group=group, by=user.id)
        await say(update, context, "granted", user_id=target, group=group)
        return
    await rt.db(bot_crud.revoke_group, user_id=target, group=group)
    if target in rt.settings.groups.get(group, []):
        await say(update, context, "revoke_in_settings", user_id=target, group=group)
        return
    await say(update, context, "revoked", user_id=target, group=group)


@admin_only
async def cmd_chatlevel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/chatlevel public|staff|group:NAME, sent in the group chat itself: what answers there may draw on."""
    rt = runtime(context)
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    assert user is not None and chat is not None and message is not None
    if chat.type == ChatType.PRIVATE:
        await say(update, context, "chatlevel_private")
        return
    level = parse_chat_level(command_text(message))
    if level is None:
        await say(update, context, "usage_chatlevel")
        return
    await rt.db(bot_crud.set_chat_level, chat_id=chat.id, level=level, by=user.id)
    await say(update, context, "chatlevel_set", level=level)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await say(update, context, "unknown_command")


# buttons ---------------------------------------------------------------------------------
async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """👍/👎/Sources/Contact under an answer. The callback data holds a random token bound to the
    exchange, its user and its chat: a press by anyone else, in another chat, with an unknown token or in
    the old ``kind:exchange_id`` format gets "this button has expired" and nothing else."""
    rt = runtime(context)
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None
    lang, _ = await _lang(rt, user)
    kind, _, rest = (query.data or "").partition(":")
    value, _, token = rest.rpartition(":")
    exchange = None
    if kind in ("fb", "src", "ct") and token and chat is not None and len(token) >= 16:
        exchange = await rt.db(bot_crud.button_exchange, token=token, user_id=user.id, chat_id=chat.id)
    if exchange is None or exchange.id is None or chat is None:
        log.info("expired or foreign button pressed by %s", user.id)
        await query.answer(t(lang, "expired"))
        return
    if kind == "fb":
        good = value == "+"
        await rt.db(bot_crud.record_feedback, exchange.id, user.id, 1 if good else -1)
        if not good:
            await rt.db(bot_crud.set_awaiting_comment, user.id, chat.id, exchange.id)
        await query.answer(t(lang, "thanks" if good else "ask_comment"), show_alert=not good)
    elif kind == "src":
        await query.answer()
        await _send_sources(update, context, exchange.sources, lang, await viewer_for(rt, update))
    else:
        await query.answer()
        await send(update, context, render_contacts([Contact(**c) for c in exchange.contacts], lang))


# errors ----------------------------------------------------------------------------------
async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log (the token is redacted by the log record factory) and reply with the fixed message."""
    exc = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s: %s", update_id, type(exc).__name__, exc_info=exc)
    if isinstance(update, Update) and update.effective_chat is not None and update.effective_user is not None:
        with contextlib.suppress(Exception):
            if update.callback_query is not None:
                await update.callback_query.answer()
            await say(update, context, "unavailable")


def install(app: Application) -> None:
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    simple = {
        "start": cmd_start,
        "help": cmd_help,
        "sources": cmd_sources,
        "new": cmd_new,
        "lang": cmd_lang,
        "stats": cmd_stats,
        "reindex": cmd_reindex,
        "allow": cmd_allow,
        "deny": cmd_deny,
        "users": cmd_users,
        "grant": cmd_grant,
        "revoke": cmd_revoke,
        "chatlevel": cmd_chatlevel,
    }
    for name, fn in simple.items():
        app.add_handler(CommandHandler(name, fn, filters=ONLY_NEW))
    for name in ("ask", "experts", "projects", "align"):
        app.add_handler(CommandHandler(name, _question_command(name), filters=ONLY_NEW))
    from bot.report_handlers import cmd_report  # /report NAME: admins and the settings.report_group

    app.add_handler(CommandHandler("report", cmd_report, filters=ONLY_NEW))
    from bot import profile_handlers  # /profile, /link, /unlink, /survey and their pf: buttons

    profile_handlers.install(app)
    from bot import onboard_handlers  # /onboard and its onb: buttons

    onboard_handlers.install(app)
    app.add_handler(CallbackQueryHandler(on_button))  # every press: unknown data gets "expired"
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private & ONLY_NEW, on_private_text))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & groups & ONLY_NEW, on_group_text))
    app.add_handler(MessageHandler(filters.COMMAND & private & ONLY_NEW, on_unknown_command))
    app.add_error_handler(on_error)
