"""/onboard — the onboarding tour, one card per message with "next" and "ask a question" buttons.

Thin: parse → ``onboarding.tours`` (composed through ``Engine.view(viewer)``, cached per language and
access level for the corpus version) → render. The buttons carry a random token stored with the user and
chat the tour was shown to (``records.onboard_models.OnboardButton``) and the card to show; a press by
anyone else, in another chat, with an unknown, old or malformed token, or for a card the tour does not
have gets "this button has expired" and nothing else. The viewer is read afresh on every press, so a
revoked reader never sees the next card at their old level.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import secrets
from dataclasses import replace

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.access import viewer_for
from bot.handlers import _lang, send
from bot.render import esc, render_sources
from bot.runtime import Runtime, runtime
from core.errors import BackendUnavailableError, DtbotError
from core.messages import t
from onboarding.model import Card, Tour
from onboarding.tours import tours
from records import onboard_crud

log = logging.getLogger("bot.onboard")

PREFIX = "onb:"
BUTTON_TTL_S = 7 * 86400.0  # a tour's buttons work for a week
_DATA = re.compile(r"^onb:(?:n:(?P<card>\d{1,2})|(?P<ask>q)):(?P<token>[A-Za-z0-9_-]{16,64})$")


def render_card(card: Card, index: int, total: int, lang: str) -> str:
    """One card as HTML: "Onboarding tour · i/n", the title, the text and its numbered sources."""
    blocks = [
        f"<i>{esc(t(lang, 'onb_heading', i=index + 1, n=total))}</i>\n<b>{esc(card.title)}</b>",
        esc(card.text),
    ]
    if card.citations:
        blocks.append(render_sources(card.citations, lang))
    if index == total - 1:
        blocks.append(f"<i>{esc(t(lang, 'onb_end'))}</i>")
    return "\n\n".join(blocks)


def tour_keyboard(token: str, index: int, total: int, lang: str) -> InlineKeyboardMarkup:
    """ "Next ▶" (not on the last card) and "Ask a question"; data ``onb:n:<card>:<token>`` / ``onb:q:<token>``."""
    rows = []
    if index + 1 < total:
        rows.append(
            [InlineKeyboardButton(t(lang, "onb_btn_next"), callback_data=f"{PREFIX}n:{index + 1}:{token}")]
        )
    rows.append([InlineKeyboardButton(t(lang, "onb_btn_ask"), callback_data=f"{PREFIX}q:{token}")])
    return InlineKeyboardMarkup(rows)


async def _tour(rt: Runtime, update: Update, lang: str) -> Tour | None:
    """The tour for this update's reader (None when the knowledge base is unavailable), with only the
    sources this reader (in this chat) may read — whatever the cache held."""
    viewer = await viewer_for(rt, update)
    try:
        engine = await rt.get_engine()
        tour = await asyncio.to_thread(tours.get, engine, viewer=viewer, language=lang)
    except Exception as exc:  # BackendUnavailableError or anything unexpected: the fixed reply
        user = update.effective_user
        log.log(
            logging.WARNING if isinstance(exc, DtbotError) else logging.ERROR,
            "onboarding tour for %s failed: %s",
            user.id if user else None,
            type(exc).__name__,
            exc_info=not isinstance(exc, DtbotError),
        )
        return None
    cards = [replace(c, citations=[x for x in c.citations if viewer.may_read(x.access)]) for c in tour.cards]
    return replace(tour, cards=cards)  # a copy: the cached tour is shared


async def _show(
    update: Update, context: ContextTypes.DEFAULT_TYPE, tour: Tour, index: int, token: str | None
) -> None:
    card = tour.cards[index]
    markup = tour_keyboard(token, index, len(tour.cards), tour.language) if token else None
    await send(update, context, render_card(card, index, len(tour.cards), tour.language), reply_markup=markup)


async def cmd_onboard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    lang, _ = await _lang(rt, user)
    tour = await _tour(rt, update, lang)
    if tour is None:
        await send(update, context, esc(t(lang, "unavailable")))
        return
    token: str | None = secrets.token_urlsafe(16)
    try:
        await rt.db(onboard_crud.add_tour_button, token=token, user_id=user.id, chat_id=chat.id)
        await rt.db(onboard_crud.prune_tour_buttons, older_than_s=BUTTON_TTL_S)
    except BackendUnavailableError:
        log.warning("could not store the tour buttons of user %s", user.id)
        token = None  # the first card without buttons rather than buttons that cannot work
    await _show(update, context, tour, 0, token)


async def on_onboard_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Next" shows the card its data names; "Ask a question" invites a question (a reply to the prompt
    is a question in groups too). Anything not issued to this user in this chat has expired."""
    rt = runtime(context)
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    assert query is not None and user is not None
    lang, _ = await _lang(rt, user)
    m = _DATA.match(query.data or "")
    valid = False
    if m is not None and chat is not None:
        with contextlib.suppress(BackendUnavailableError):
            valid = await rt.db(
                onboard_crud.tour_button_valid,
                token=m.group("token"),
                user_id=user.id,
                chat_id=chat.id,
                max_age_s=BUTTON_TTL_S,
            )
    if m is None or not valid:
        log.info("expired or foreign tour button pressed by %s", user.id)
        await query.answer(t(lang, "expired"))
        return
    if m.group("ask"):
        await query.answer()
        tour = await _tour(rt, update, lang)
        prompt = (
            t(lang, "onb_ask_example", term=tour.example_term)
            if tour and tour.example_term
            else t(lang, "onb_ask")
        )
        await send(update, context, esc(prompt), reply_markup=ForceReply(selective=True))
        return
    tour = await _tour(rt, update, lang)
    index = int(m.group("card"))
    if tour is None:
        await query.answer()
        await send(update, context, esc(t(lang, "unavailable")))
        return
    if not 0 < index < len(tour.cards):
        await query.answer(t(lang, "expired"))
        return
    await query.answer()
    with contextlib.suppress(TelegramError):  # the pressed card keeps its text, loses its buttons
        await query.edit_message_reply_markup(reply_markup=None)
    await _show(update, context, tour, index, m.group("token"))


def install(app: Application) -> None:  # type: ignore[type-arg]
    """Register /onboard and the ``onb:`` buttons (before the answer buttons' catch-all handler)."""
    app.add_handler(CommandHandler("onboard", cmd_onboard, filters=filters.UpdateType.MESSAGE))
    app.add_handler(CallbackQueryHandler(on_onboard_button, pattern=f"^{PREFIX}"))
