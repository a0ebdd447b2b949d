"""``/report NAME`` — the task-force reports sent as documents (the HTML with its charts, and the XLSX).

For administrators and members of the access-policy group ``settings.report_group``; everybody else gets
a refusal. Reports are built for the asker as a viewer (in a group chat: capped by the chat's level) and in
their interface language (/lang, else their Telegram language) in a worker thread, written to a temporary
folder and removed after sending.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
from pathlib import Path

from telegram import ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, MessageEntityType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.access import viewer_for
from bot.render import esc
from bot.runtime import Runtime, runtime
from core import messages
from core.access import Viewer
from core.errors import BackendUnavailableError, DtbotError, UnknownReportError
from core.messages import t
from records import bot_crud

log = logging.getLogger("bot.reports")
SENT_FORMATS = ("html", "xlsx")


def may_request(rt: Runtime, viewer: Viewer) -> bool:
    """Administrators, and staff in the report group (``DTBOT_GROUPS`` or /grant)."""
    return viewer.admin or (viewer.staff and rt.settings.report_group in viewer.groups)


async def _lang(rt: Runtime, update: Update) -> str:
    user = update.effective_user
    assert user is not None
    try:
        row = await rt.db(bot_crud.get_user, user.id)
    except BackendUnavailableError:
        row = None
    return (row.language if row is not None else None) or messages.normalize(user.language_code)


def _argument(update: Update) -> str:
    message = update.effective_message
    text = (message.text or "") if message is not None else ""
    if message is not None:
        for ent in message.entities:
            if ent.type == MessageEntityType.BOT_COMMAND and ent.offset == 0:
                return text[len(message.parse_entity(ent)) :].strip()
    return text.strip()


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    chat, msg = update.effective_chat, update.effective_message
    assert chat is not None
    reply = None
    if chat.type != ChatType.PRIVATE and msg is not None:
        reply = ReplyParameters(msg.message_id, allow_sending_without_reply=True)
    await context.bot.send_message(chat.id, esc(text), parse_mode=ParseMode.HTML, reply_parameters=reply)


def _build(engine: object, name: str, viewer: Viewer, folder: Path, lang: str) -> list[tuple[Path, str, str]]:
    """(file, report title, data date as the reader writes it) for every file to send, built in a worker
    thread in the reader's language."""
    from reports import i18n
    from reports.service import build_reports, write_report

    out = []
    for report in build_reports(engine, name, viewer=viewer, language=lang):  # type: ignore[arg-type]
        for path in write_report(report, folder):
            if path.suffix.lstrip(".") in SENT_FORMATS:
                out.append((path, report.title, i18n.date(report.as_of.date, lang)))
    return out


async def cmd_report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    chat, msg = update.effective_chat, update.effective_message
    assert chat is not None
    lang = await _lang(rt, update)
    viewer = await viewer_for(rt, update)  # afresh: a /revoke applies at once
    if not may_request(rt, viewer):
        await _reply(update, context, t(lang, "report_refused", group=rt.settings.report_group))
        return
    from reports.service import names_for

    name = _argument(update).lower()
    try:
        names_for(name)
    except UnknownReportError:
        await _reply(update, context, t(lang, "usage_report"))
        return
    user = update.effective_user
    assert user is not None
    if not await rt.allow_question(user.id):
        if await rt.should_send_limit_notice(user.id):
            await _reply(update, context, t(lang, "rate_limited", limit=rt.settings.rate_limit_per_minute))
        return
    await _reply(update, context, t(lang, "report_building", name=name))
    reply = None
    if chat.type != ChatType.PRIVATE and msg is not None:
        reply = ReplyParameters(msg.message_id, allow_sending_without_reply=True)
    with tempfile.TemporaryDirectory(prefix="dtbot-report-") as tmp:
        try:
            with contextlib.suppress(TelegramError):
                await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
            engine = await rt.get_engine()
            files = await asyncio.to_thread(_build, engine, name, viewer, Path(tmp), lang)
        except Exception as exc:  # a backend down or anything unexpected: the fixed reply, no trace
            level = logging.WARNING if isinstance(exc, DtbotError) else logging.ERROR
            log.log(level, "report %s for %s failed: %s", name, user.id, type(exc).__name__,
                    exc_info=not isinstance(exc, DtbotError))  # fmt: skip
            await _reply(update, context, t(lang, "unavailable"))
            return
        for path, title, date in files:
            await context.bot.send_document(
                chat.id,
                document=path.read_bytes(),
                filename=path.name,
                caption=t(lang, "report_caption", title=title, date=date or "—"),
                reply_parameters=reply,
            )
