"""Gates run before any handler: drop redelivered updates, then admit only known users.

Both are ``TypeHandler(Update, …)`` in negative groups, so they see EVERY update type (messages,
edited messages, callback queries, commands) and stop processing with ``ApplicationHandlerStop``.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.render import esc
from bot.runtime import Runtime, runtime
from core import messages
from core.errors import BackendUnavailableError
from records import bot_crud

log = logging.getLogger("bot.access")

DEDUP_GROUP = -2
ACCESS_GROUP = -1


async def drop_redelivered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record the update_id in SQL before handling; a second delivery of the same id is dropped."""
    rt = runtime(context)
    try:
        fresh = await rt.db(bot_crud.mark_update, update.update_id)
    except BackendUnavailableError:
        log.warning("database unavailable; cannot de-duplicate update %s", update.update_id)
        fresh = True  # better answer twice than not at all; the question flow reports the outage
    if not fresh:
        log.info("dropping redelivered update %s", update.update_id)
        raise ApplicationHandlerStop


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


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let known users through; an unknown user gets one polite refusal (with their id) per hour."""
    rt = runtime(context)
    user = update.effective_user
    if user is None:  # channel posts and the like: nothing to answer
        raise ApplicationHandlerStop
    if await is_allowed(rt, user.id):
        if rt.needs_touch(user.id):
            with contextlib.suppress(BackendUnavailableError):
                await rt.db(bot_crud.touch_user, user.id, username=user.username, first_name=user.first_name)
        return
    log.info("refused update %s from unknown user %s", update.update_id, user.id)
    if rt.should_refuse_notice(user.id):
        text = messages.t(messages.normalize(user.language_code), "refused", user_id=user.id)
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(text, show_alert=True)
            elif update.effective_chat is not None:
                await context.bot.send_message(update.effective_chat.id, esc(text), parse_mode=ParseMode.HTML)
        except TelegramError as exc:
            log.info("could not send the refusal to %s: %s", user.id, type(exc).__name__)
    raise ApplicationHandlerStop


def install(app: Application) -> None:
    app.add_handler(TypeHandler(Update, drop_redelivered), group=DEDUP_GROUP)
    app.add_handler(TypeHandler(Update, gate), group=ACCESS_GROUP)
