"""Who may use the bot and what they may read: the gate run before every handler, and the
:class:`~core.access.Viewer` of each update.

The gate is a ``TypeHandler(Update, …)`` in a negative group, so it sees EVERY update type (messages,
edited messages, callback queries, commands) and stops processing with ``ApplicationHandlerStop``.
Nothing is cached across updates: an /allow, /deny, /grant, /revoke or /chatlevel applies to the next one.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Message, ReplyParameters, Update
from telegram.constants import ChatType, MessageEntityType, ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.render import clip_html, esc
from bot.runtime import Runtime, runtime
from core import messages
from core.access import Viewer, parse_chat_level
from core.errors import BackendUnavailableError
from records import bot_crud

log = logging.getLogger("bot.access")

ACCESS_GROUP = -1
GROUP_REFUSAL_EVERY_S = 86400.0  # a stranger addressing the bot in a group: one refusal per day
PRIVATE_REFUSAL_EVERY_S = 3600.0


async def is_allowed(rt: Runtime, user_id: int) -> bool:
    """Admins always; then a DB deny/allow; then the settings allowlist; then ``open_access``."""
    if rt.is_admin(user_id):
        return True
    try:
        row = await rt.db(bot_crud.get_user, user_id)
    except BackendUnavailableError:
        row = None
    if row is not None and row.access == "deny":
        return False
    if row is not None and row.access == "allow":
        return True
    return user_id in rt.settings.allowed_users or rt.settings.open_access


async def viewer_for(rt: Runtime, update: Update) -> Viewer:
    """The reader of this update, read afresh from settings and the database (nothing cached).

    * admin — ``DTBOT_ADMINS``;
    * staff — an admin, a user allowed with /allow or listed in ``DTBOT_ALLOWED_USERS`` and not denied
      (``DTBOT_OPEN_ACCESS`` lets anyone talk to the bot but makes nobody staff);
    * groups — ``DTBOT_GROUPS`` plus the groups granted with /grant (for staff only: core/access.py);
    * chat_level — None in a private chat; in a group chat the level set with /chatlevel, else ``public``.

    When the database is unreachable it fails closed: no DB allow, no DB group, a group chat is public.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None:
        return Viewer(chat_level="public")
    admin = rt.is_admin(user.id)
    try:
        row = await rt.db(bot_crud.get_user, user.id)
        granted = await rt.db(bot_crud.user_groups, user_id=user.id)
    except BackendUnavailableError:
        row, granted = None, []
    denied = row is not None and row.access == "deny" and not admin
    staff = not denied and (
        admin or (row is not None and row.access == "allow") or user.id in rt.settings.allowed_users
    )
    groups = {name for name, ids in rt.settings.groups.items() if user.id in ids} | set(granted)
    level: str | None = None
    if chat is not None and chat.type != ChatType.PRIVATE:
        try:
            stored = await rt.db(bot_crud.get_chat_level, chat_id=chat.id)
        except BackendUnavailableError:
            stored = None
        level = (parse_chat_level(stored) if stored else None) or "public"
    return Viewer(
        user_id=user.id,
        admin=admin and not denied,
        staff=staff,
        groups=frozenset(groups) if not denied else frozenset(),
        chat_level=level,
    )


def addresses_bot(message: Message | None, bot_id: int, bot_username: str) -> bool:
    """A group message meant for the bot: a command (for us or for every bot), a mention, or a reply."""
    if message is None:
        return False
    me = bot_username.lower()
    for ent in message.entities:
        token = message.parse_entity(ent).lower()
        if ent.type == MessageEntityType.BOT_COMMAND:
            _, _, target = token.partition("@")
            if not target or target == me:
                return True
        if ent.type == MessageEntityType.MENTION and token == f"@{me}":
            return True
    reply = message.reply_to_message
    return bool(reply is not None and reply.from_user is not None and reply.from_user.id == bot_id)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let known users through. A stranger gets a polite refusal with their id — in a private chat at most
    once an hour; in a group only when they address the bot (command, mention, reply, button), at most
    once a day, and otherwise nothing at all. A stranger's update leaves no row behind."""
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    if user is None:  # channel posts and the like: nothing to answer
        rt.forget_update(update.update_id)
        raise ApplicationHandlerStop
    if await is_allowed(rt, user.id):
        if rt.needs_touch(user.id):
            with contextlib.suppress(BackendUnavailableError):
                await rt.db(bot_crud.touch_user, user.id, username=user.username, first_name=user.first_name)
        return
    rt.forget_update(update.update_id)
    in_group = chat is not None and chat.type != ChatType.PRIVATE
    if (
        in_group
        and update.callback_query is None
        and not addresses_bot(update.effective_message, context.bot.id, context.bot.username)
    ):
        raise ApplicationHandlerStop  # group chatter of a non-member: silently ignored
    log.info("refused update %s from unknown user %s", update.update_id, user.id)
    every = GROUP_REFUSAL_EVERY_S if in_group else PRIVATE_REFUSAL_EVERY_S
    if await rt.should_refuse_notice(user.id, every, scope="group" if in_group else "private"):
        text = messages.t(messages.normalize(user.language_code), "refused", user_id=user.id)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(text[:200], show_alert=True)
            elif chat is not None:
                msg = update.effective_message
                reply = (
                    ReplyParameters(msg.message_id, allow_sending_without_reply=True)
                    if in_group and msg is not None
                    else None
                )
                await context.bot.send_message(
                    chat.id, clip_html(esc(text)), parse_mode=ParseMode.HTML, reply_parameters=reply
                )
        except TelegramError as exc:
            log.info("could not send the refusal to %s: %s", user.id, type(exc).__name__)
    elif update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    raise ApplicationHandlerStop


def install(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(TypeHandler(Update, gate), group=ACCESS_GROUP)
