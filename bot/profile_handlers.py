"""/profile, /link, /unlink and /survey — thin: parse the update → call ``profiles.service`` → render.

Who may edit what: a user edits the profile of the person they are linked to (by their Telegram username
matching the register's ``telegram`` column, or by an admin's /link); admins edit anyone's (/profile EMAIL).
Buttons carry only a random token (``pf:<token>``) stored with the user, chat, profile and action it was
shown for (``records.profile_models.ProfileButton``): a forged, foreign or old press gets "this button has
expired". What a dialogue waits for ("type the area") is stored in the database (``ProfilePending``).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine as SqlEngine
from sqlmodel import Session
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.access import is_allowed, viewer_for
from bot.render import esc
from bot.runtime import Runtime, runtime
from core.access import Viewer
from core.errors import BackendUnavailableError
from core.messages import t
from profiles import service, store
from profiles.service import Profile, ProfileError
from profiles.vocabulary import Vocabulary, vocabulary
from records import bot_crud
from records.models import Person
from records.profile_models import LEVELS, ProfileButton

log = logging.getLogger("bot.profile")
T = TypeVar("T")

BUTTON_TTL_S = 86400.0  # a profile menu older than a day has expired (a new menu expires it at once)
PENDING_TTL_S = 900.0  # "type the area": the next message within 15 minutes is the answer
PAGE_SIZE = 8  # areas per page of the area picker
LABEL_CHARS = 40  # longest button label shown (the full value stays in the database)
PREFIX = "pf:"


# database helpers ------------------------------------------------------------------------------------
def _tx(engine: SqlEngine, fn: Callable[..., T], /, **kwargs: Any) -> T:
    with Session(engine, expire_on_commit=False) as s:
        out = fn(s, **kwargs)
        s.commit()
        return out


async def bot_db(rt: Runtime, fn: Callable[..., T], **kwargs: Any) -> T:
    """``fn(session, **kwargs)`` on the bot's database (buttons, pending input, surveys), committed."""
    return await rt.db(_tx, fn, **kwargs)


async def records_db(rt: Runtime, fn: Callable[..., T], **kwargs: Any) -> T:
    """``fn(session, **kwargs)`` on the records database (people, links, declared entries), committed."""
    engine = await rt.get_engine()
    try:
        return await asyncio.to_thread(_tx, engine.kb.sql, fn, **kwargs)
    except Exception as exc:
        if type(exc).__module__.startswith("sqlalchemy"):
            raise BackendUnavailableError(f"database error: {type(exc).__name__}") from exc
        raise


async def _vocabulary(rt: Runtime) -> Vocabulary:
    engine = await rt.get_engine()
    return await asyncio.to_thread(vocabulary, engine.kb)


async def _lang(rt: Runtime, update: Update) -> str:
    from bot.handlers import _lang as lang_of

    user = update.effective_user
    assert user is not None
    return (await lang_of(rt, user))[0]


async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, html: str, **kwargs: Any) -> None:
    from bot.handlers import send

    await send(update, context, html, **kwargs)


async def _say(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, **fmt: Any) -> None:
    lang = await _lang(runtime(context), update)
    await _send(update, context, esc(t(lang, key, **fmt)))


def _args(update: Update) -> list[str]:
    from bot.handlers import command_text

    message = update.effective_message
    return command_text(message).split() if message is not None else []


# who edits whom ---------------------------------------------------------------------------------------
@dataclass
class Target:
    person: Person
    own: bool  # the user's own profile (else an admin editing someone else's)
    linked_now: bool = False  # linked by username just now


async def _own_person(rt: Runtime, update: Update, viewer: Viewer) -> tuple[Person | None, bool]:
    """The person the user is linked to; linked by Telegram username on first use (staff only)."""
    user = update.effective_user
    assert user is not None
    person = await records_db(rt, service.person_for_user, user_id=user.id)
    if person is not None or not viewer.staff or not user.username:
        return person, False
    person = await records_db(rt, service.link_by_username, user_id=user.id, username=user.username)
    return person, person is not None


async def _may_edit(rt: Runtime, user_id: int, person_key: str) -> bool:
    """Admins edit anyone's profile; everybody else only the profile of the person they are linked to."""
    if rt.is_admin(user_id) and await is_allowed(rt, user_id):
        return True
    person = await records_db(rt, service.person_for_user, user_id=user_id)
    return person is not None and person.key == person_key


# rendering --------------------------------------------------------------------------------------------
def _source_text(lang: str, source: service.Source) -> str:
    if source.kind == "declared":
        return t(lang, "src_declared", date=source.date or "?")
    if source.kind == "project":
        return t(lang, "src_project", detail=source.detail)
    if source.kind == "document":
        return t(lang, "src_document", detail=source.detail)
    return t(lang, "src_register")


def _level(lang: str, level: str | None) -> str:
    return t(lang, f"level_{level}") if level in LEVELS else ""


def render_profile(profile: Profile, lang: str) -> str:
    """The profile card as Telegram HTML (everything escaped: declared text is data, never markup)."""
    p = profile.person
    head = ", ".join(x for x in (p.title, p.unit) if x)
    lines = [f"<b>{esc(t(lang, 'profile_title', name=p.name))}</b>" + (f"\n{esc(head)}" if head else "")]
    lines.append(f"\n<b>{esc(t(lang, 'profile_areas'))}</b>")
    for area in profile.areas:
        level = _level(lang, area.level)
        sources = "; ".join(dict.fromkeys(_source_text(lang, s) for s in area.sources))
        lines.append(
            f"• {esc(area.area)}" + (f" — {esc(level)}" if level else "") + f" <i>({esc(sources)})</i>"
        )
    if not profile.areas:
        lines.append(esc(t(lang, "profile_empty")))
    if profile.projects:
        lines.append(f"\n<b>{esc(t(lang, 'profile_projects'))}</b>")
        lines += [f"• {esc(r.code)} {esc(r.title)} — {esc(r.role)}" for r in profile.projects]
    if profile.documents:
        lines.append(f"\n<b>{esc(t(lang, 'profile_pages'))}</b>: " + esc("; ".join(profile.documents)))
    languages = ", ".join(profile.languages) or t(lang, "profile_empty")
    when = f" <i>({esc(t(lang, 'languages_by_you', date=profile.languages_declared))})</i>"
    lines.append(
        f"\n<b>{esc(t(lang, 'profile_languages'))}</b>: {esc(languages)}"
        + (when if profile.languages_declared else "")
    )
    learning = [
        esc(item.value)
        + f" <i>({esc(t(lang, 'src_declared', date=item.date) if item.source == 'declared' else t(lang, 'src_register'))})</i>"
        for item in profile.learning
    ]
    lines.append(
        f"<b>{esc(t(lang, 'profile_learning'))}</b>: "
        + ("; ".join(learning) or esc(t(lang, "profile_empty")))
    )
    if profile.hidden:
        lines.append(f"<b>{esc(t(lang, 'profile_hidden'))}</b>: " + esc("; ".join(profile.hidden)))
    if profile.declared:
        lines.append(f"\n<i>{esc(t(lang, 'profile_declared_count', n=len(profile.declared)))}</i>")
    lines.append(esc(t(lang, "profile_hint")))
    return "\n".join(lines)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


class Keyboard:
    """Buttons whose callback data is a fresh random token; :meth:`save` stores them (and expires the
    user's earlier profile buttons in this chat)."""

    def __init__(self, user_id: int, chat_id: int, person_key: str) -> None:
        self.user_id, self.chat_id, self.person_key = user_id, chat_id, person_key
        self.rows: list[list[InlineKeyboardButton]] = []
        self.buttons: list[ProfileButton] = []

    def button(self, label: str, action: str, value: str | None = None) -> InlineKeyboardButton:
        token = secrets.token_urlsafe(16)
        self.buttons.append(
            ProfileButton(
                token=token,
                user_id=self.user_id,
                chat_id=self.chat_id,
                person_key=self.person_key,
                action=action,
                value=value,
            )
        )
        return InlineKeyboardButton(_short(label), callback_data=PREFIX + token)

    def row(self, *buttons: InlineKeyboardButton) -> None:
        if buttons:
            self.rows.append(list(buttons))

    async def save(self, rt: Runtime) -> InlineKeyboardMarkup:
        await bot_db(rt, store.clear_buttons, user_id=self.user_id, chat_id=self.chat_id)
        await bot_db(rt, store.add_buttons, buttons=self.buttons)
        return InlineKeyboardMarkup(self.rows)


def _chat_ids(update: Update) -> tuple[int, int]:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    return user.id, chat.id


async def show_profile(
    update: Update, context: ContextTypes.DEFAULT_TYPE, person_key: str, *, own: bool, note: str | None = None
) -> None:
    """Send the profile card with its menu."""
    rt = runtime(context)
    lang = await _lang(rt, update)
    viewer = await viewer_for(rt, update)
    vocab = await _vocabulary(rt)
    profile = await records_db(
        rt, service.get_profile, person_key=person_key, vocabulary=vocab, viewer=viewer
    )
    if profile is None:
        await _say(update, context, "profile_unknown_person", who=person_key)
        return
    user_id, chat_id = _chat_ids(update)
    await bot_db(rt, store.clear_pending, user_id=user_id, chat_id=chat_id)
    kb = Keyboard(user_id, chat_id, person_key)
    kb.row(
        kb.button(t(lang, "btn_add_area"), "add_area"), kb.button(t(lang, "btn_remove_area"), "remove_menu")
    )
    learn = [kb.button(t(lang, "btn_add_learning"), "learn_add")]
    if profile.learning:
        learn.append(kb.button(t(lang, "btn_remove_learning"), "learn_remove_menu"))
    kb.row(*learn)
    last = [kb.button(t(lang, "btn_languages"), "languages")]
    if own:
        last.append(kb.button(t(lang, "btn_confirm"), "confirm"))
    kb.row(*last)
    if profile.declared:
        kb.row(kb.button(t(lang, "btn_delete_declared"), "delete_all"))
    html = render_profile(profile, lang)
    if note:
        html = f"<i>{esc(note)}</i>\n\n{html}"
    await _send(update, context, html, reply_markup=await kb.save(rt))


# commands ---------------------------------------------------------------------------------------------
async def cmd_profile(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/profile (own) or /profile EMAIL (admins; or the user's own e-mail)."""
    rt = runtime(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    if chat.type != ChatType.PRIVATE:
        await _say(update, context, "profile_private")
        return
    lang = await _lang(rt, update)
    viewer = await viewer_for(rt, update)
    args = _args(update)
    own, linked_now = await _own_person(rt, update, viewer)
    note = t(lang, "profile_linked_now", name=own.name) if linked_now and own is not None else None
    if args:
        wanted = args[0].strip().lower().removeprefix("mailto:")
        if own is not None and wanted == own.key:
            await show_profile(update, context, own.key, own=True, note=note)
            return
        if not rt.is_admin(user.id):
            await _say(update, context, "profile_not_yours")
            return
        person = await records_db(rt, service.find_person, email=wanted)
        if person is None:
            await _say(update, context, "profile_unknown_person", who=wanted)
            return
        await show_profile(update, context, person.key, own=False)
        return
    if own is None:
        await _say(update, context, "profile_unlinked", user_id=user.id)
        return
    await show_profile(update, context, own.key, own=True, note=note)


async def _admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    if user is None or not runtime(context).is_admin(user.id):
        await _say(update, context, "admin_only")
        return False
    return True


async def cmd_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/link TELEGRAM_ID EMAIL (admins)."""
    if not await _admin(update, context):
        return
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    args = _args(update)
    if len(args) != 2 or not args[0].lstrip("-").isdigit():
        await _say(update, context, "usage_link")
        return
    target = int(args[0])
    try:
        person = await records_db(rt, service.link_user, user_id=target, email=args[1], by=user.id)
    except ProfileError as exc:
        await _say(update, context, exc.key, **exc.fmt)
        return
    await _say(update, context, "linked", user_id=target, name=person.name, email=person.email or person.key)


async def cmd_unlink(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/unlink TELEGRAM_ID (admins)."""
    if not await _admin(update, context):
        return
    rt = runtime(context)
    args = _args(update)
    if len(args) != 1 or not args[0].lstrip("-").isdigit():
        await _say(update, context, "usage_unlink")
        return
    target = int(args[0])
    done = await records_db(rt, service.unlink_user, user_id=target)
    await _say(update, context, "unlinked" if done else "not_linked", user_id=target)


# buttons ----------------------------------------------------------------------------------------------
async def on_profile_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A press of a ``pf:<token>`` button: the token must have been shown to this user in this chat, be
    fresh and not replaced by a newer menu, and the user must still be allowed to edit that profile."""
    rt = runtime(context)
    query = update.callback_query
    assert query is not None
    user_id, chat_id = _chat_ids(update)
    lang = await _lang(rt, update)
    token = (query.data or "").removeprefix(PREFIX)
    button = None
    if len(token) >= 16:
        button = await bot_db(
            rt, store.take_button, token=token, user_id=user_id, chat_id=chat_id, max_age_s=BUTTON_TTL_S
        )
    if button is None or not await _may_edit(rt, user_id, button.person_key):
        log.info("expired or foreign profile button pressed by %s", user_id)
        await query.answer(t(lang, "expired"))
        return
    await query.answer()
    try:
        await _act(update, context, button, lang)
    except ProfileError as exc:
        await _say(update, context, exc.key, **exc.fmt)


async def _own(rt: Runtime, user_id: int, person_key: str) -> bool:
    person = await records_db(rt, service.person_for_user, user_id=user_id)
    return person is not None and person.key == person_key


async def _changed(update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, note: str) -> None:
    """After a change: the person reviewed their profile (a survey response), and the new card."""
    rt = runtime(context)
    user_id, _ = _chat_ids(update)
    own = await _own(rt, user_id, key)
    if own:
        await bot_db(rt, store.mark_responded, user_id=user_id)
    await show_profile(update, context, key, own=own, note=note)


async def _act(update: Update, context: ContextTypes.DEFAULT_TYPE, button: ProfileButton, lang: str) -> None:
    rt = runtime(context)
    user_id, chat_id = _chat_ids(update)
    key, action, value = button.person_key, button.action, button.value or ""
    if action == "show":
        await show_profile(update, context, key, own=await _own(rt, user_id, key))
    elif action == "add_area":
        await _area_picker(update, context, key, lang, page=0)
    elif action == "area_page":
        await _area_picker(update, context, key, lang, page=int(value or 0))
    elif action == "type_area":
        await _prompt(update, context, key, lang, "type_area")
    elif action == "pick_area":
        await _level_picker(update, context, key, lang, value)
    elif action == "level":
        level, _, area = value.partition("\n")
        entry = await records_db(
            rt, service.add_expertise, person_key=key, area=area, level=level, by=user_id
        )
        await _changed(
            update, context, key, t(lang, "area_added", area=entry.value, level=_level(lang, level))
        )
    elif action == "remove_menu":
        await _remove_picker(update, context, key, lang, learning=False)
    elif action == "remove_area":
        await records_db(rt, service.remove_expertise, person_key=key, area=value, by=user_id)
        await _changed(update, context, key, t(lang, "area_removed", area=value))
    elif action == "learn_add":
        await _prompt(update, context, key, lang, "type_learning")
    elif action == "learn_pick":
        entry = await records_db(rt, service.add_learning, person_key=key, value=value, by=user_id)
        await _changed(update, context, key, t(lang, "learning_added", value=entry.value))
    elif action == "learn_remove_menu":
        await _remove_picker(update, context, key, lang, learning=True)
    elif action == "learn_remove":
        await records_db(rt, service.remove_learning, person_key=key, value=value, by=user_id)
        await _changed(update, context, key, t(lang, "learning_removed", value=value))
    elif action == "languages":
        await _prompt(update, context, key, lang, "type_languages")
    elif action == "confirm":
        if await _own(rt, user_id, key):
            await bot_db(rt, store.mark_responded, user_id=user_id)
            await _say(update, context, "profile_confirmed")
    elif action == "delete_all":
        entries = await records_db(rt, store.list_entries, person_keys=[key])
        if not entries:
            await _say(update, context, "nothing_to_remove")
            return
        kb = Keyboard(user_id, chat_id, key)
        kb.row(
            kb.button(t(lang, "btn_yes_delete"), "delete_all_yes"), kb.button(t(lang, "btn_cancel"), "show")
        )
        text = esc(t(lang, "confirm_delete", n=len(entries)))
        await _send(update, context, text, reply_markup=await kb.save(rt))
    elif action == "delete_all_yes":
        n = await records_db(rt, service.delete_declared, person_key=key)
        await _changed(update, context, key, t(lang, "declared_deleted", n=n))
    else:  # an action this version does not know (an older release's button)
        await _say(update, context, "expired")


async def _prompt(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, lang: str, text_key: str
) -> None:
    user_id, chat_id = _chat_ids(update)
    kb = Keyboard(user_id, chat_id, key)
    kb.row(kb.button(t(lang, "btn_cancel"), "show"))
    rt = runtime(context)
    markup = await kb.save(rt)
    await bot_db(
        rt, store.set_pending, user_id=user_id, chat_id=chat_id, person_key=key, action=_PROMPTS[text_key]
    )
    await _send(update, context, esc(t(lang, text_key)), reply_markup=markup)


_PROMPTS = {"type_area": "area", "type_learning": "learning", "type_languages": "languages"}


async def _area_picker(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, lang: str, page: int
) -> None:
    """The office's areas (those the user may see, not yet on the profile), PAGE_SIZE per page."""
    rt = runtime(context)
    user_id, chat_id = _chat_ids(update)
    viewer = await viewer_for(rt, update)
    vocab = await _vocabulary(rt)
    profile = await records_db(rt, service.get_profile, person_key=key, vocabulary=vocab, viewer=viewer)
    have = {vocab.area_of(a.area) or a.area for a in profile.areas} if profile is not None else set()
    choices = [a for a in vocab.areas(viewer) if a not in have]
    pages = max(1, -(-len(choices) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    shown = choices[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    kb = Keyboard(user_id, chat_id, key)
    for i in range(0, len(shown), 2):
        kb.row(*(kb.button(area, "pick_area", area) for area in shown[i : i + 2]))
    nav = []
    if page > 0:
        nav.append(kb.button(t(lang, "btn_back"), "area_page", str(page - 1)))
    if page + 1 < pages:
        nav.append(kb.button(t(lang, "btn_more"), "area_page", str(page + 1)))
    kb.row(*nav)
    kb.row(kb.button(t(lang, "btn_type_area"), "type_area"), kb.button(t(lang, "btn_cancel"), "show"))
    await _send(update, context, esc(t(lang, "pick_area")), reply_markup=await kb.save(rt))


async def _level_picker(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, lang: str, area: str
) -> None:
    rt = runtime(context)
    user_id, chat_id = _chat_ids(update)
    kb = Keyboard(user_id, chat_id, key)
    levels = [kb.button(_level(lang, level), "level", f"{level}\n{area}") for level in LEVELS]
    kb.row(*levels[:2])
    kb.row(*levels[2:])
    kb.row(kb.button(t(lang, "btn_cancel"), "show"))
    await _send(update, context, esc(t(lang, "pick_level", area=area)), reply_markup=await kb.save(rt))


async def _remove_picker(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, lang: str, *, learning: bool
) -> None:
    rt = runtime(context)
    user_id, chat_id = _chat_ids(update)
    viewer = await viewer_for(rt, update)
    vocab = await _vocabulary(rt)
    profile = await records_db(rt, service.get_profile, person_key=key, vocabulary=vocab, viewer=viewer)
    values = (
        ([i.value for i in profile.learning] if learning else [a.area for a in profile.areas])
        if profile is not None
        else []
    )
    if not values:
        await _say(update, context, "nothing_to_remove")
        return
    kb = Keyboard(user_id, chat_id, key)
    action = "learn_remove" if learning else "remove_area"
    for i in range(0, min(len(values), 30), 2):
        kb.row(*(kb.button(v, action, v) for v in values[i : i + 2]))
    kb.row(kb.button(t(lang, "btn_cancel"), "show"))
    prompt = "pick_remove_learning" if learning else "pick_remove_area"
    await _send(update, context, esc(t(lang, prompt)), reply_markup=await kb.save(rt))


# typed input ------------------------------------------------------------------------------------------
async def take_pending_input(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """A private message answering a /profile prompt ("type the area"); False when none is awaited.
    Called by ``bot.handlers.on_private_text`` before the text is taken as a question."""
    rt = runtime(context)
    user_id, chat_id = _chat_ids(update)
    try:
        pending = await bot_db(
            rt, store.pop_pending, user_id=user_id, chat_id=chat_id, max_age_s=PENDING_TTL_S
        )
    except BackendUnavailableError:
        return False
    if pending is None:
        return False
    lang = await _lang(rt, update)
    key = pending.person_key
    if not await _may_edit(rt, user_id, key):
        await _say(update, context, "profile_not_yours")
        return True
    try:
        if pending.action == "languages":
            languages = await records_db(
                rt, service.set_languages, person_key=key, languages=service.parse_languages(text), by=user_id
            )
            await _changed(update, context, key, t(lang, "languages_done", languages=", ".join(languages)))
            return True
        value = service.clean_value(text)
        viewer = await viewer_for(rt, update)
        vocab = await _vocabulary(rt)
        area = await asyncio.to_thread(vocab.match, value, viewer)
        if area is None or area.casefold() == value.casefold():  # a new area, or exactly a known one
            chosen = area or value
            if pending.action == "area":
                await _level_picker(update, context, key, lang, chosen)
                return True
            entry = await records_db(rt, service.add_learning, person_key=key, value=chosen, by=user_id)
            await _changed(update, context, key, t(lang, "learning_added", value=entry.value))
            return True
        kb = Keyboard(user_id, chat_id, key)  # "ГИС" looks like "GIS / remote sensing": which one?
        action = "pick_area" if pending.action == "area" else "learn_pick"
        kb.row(kb.button(t(lang, "btn_use", area=_short(area)), action, area))
        kb.row(kb.button(t(lang, "btn_keep", text=_short(value)), action, value))
        kb.row(kb.button(t(lang, "btn_cancel"), "show"))
        html = esc(t(lang, "did_you_mean", text=value, area=area))
        await _send(update, context, html, reply_markup=await kb.save(rt))
    except ProfileError as exc:
        await bot_db(
            rt, store.set_pending, user_id=user_id, chat_id=chat_id, person_key=key, action=pending.action
        )
        await _say(update, context, exc.key, **exc.fmt)
    return True


# the survey -------------------------------------------------------------------------------------------
async def cmd_survey(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/survey (admins): ask every linked user who has started the bot to review their profile, one message
    each, sent one after the other (the application's AIORateLimiter keeps within Telegram's limits);
    /survey status: the response rate of the latest survey."""
    if not await _admin(update, context):
        return
    rt = runtime(context)
    user = update.effective_user
    assert user is not None
    if _args(update)[:1] in (["status"], ["results"]):
        await _survey_status(update, context)
        return
    users = await rt.db(bot_crud.list_users)
    engine = await rt.get_engine()

    def targets() -> list[tuple[int, str]]:
        with engine.kb.session() as s:
            for row in users:  # the automatic username link, for everyone who has started the bot
                if row.username and store.get_link(s, user_id=row.user_id) is None:
                    service.link_by_username(s, user_id=row.user_id, username=row.username)
            s.commit()
            out = []
            for row in users:
                person = service.person_for_user(s, user_id=row.user_id)
                if person is not None:
                    out.append((row.user_id, person.key))
            return out

    linked = [(uid, key) for uid, key in await asyncio.to_thread(targets) if await is_allowed(rt, uid)]
    if not linked:
        await _say(update, context, "survey_nobody")
        return
    survey = await bot_db(rt, store.start_survey, update_id=update.update_id, started_by=user.id)
    assert survey.id is not None
    done = {s.user_id for s in await bot_db(rt, store.survey_sends, survey_id=survey.id)}
    languages = {row.user_id: row.language for row in users}
    for uid, key in sorted(linked):
        if uid in done:  # a re-processed /survey resumes: nobody is asked twice
            continue
        lang = languages.get(uid) or "en"
        kb = Keyboard(uid, uid, key)
        kb.row(kb.button(t(lang, "btn_open_profile"), "show"))
        ok, error = True, None
        try:
            markup = await kb.save(rt)
            await context.bot.send_message(
                uid, esc(t(lang, "survey_message")), parse_mode="HTML", reply_markup=markup
            )
        except TelegramError as exc:  # blocked the bot, chat not found…: counted, never fatal
            ok, error = False, type(exc).__name__
            log.info("survey message to %s failed: %s", uid, error)
        await bot_db(
            rt, store.record_send, survey_id=survey.id, user_id=uid, person_key=key, ok=ok, error=error
        )
    await bot_db(rt, store.finish_survey, survey_id=survey.id)
    sends = await bot_db(rt, store.survey_sends, survey_id=survey.id)
    sent = sum(1 for s in sends if s.ok)
    await _say(update, context, "survey_done", sent=sent, asked=len(sends), failed=len(sends) - sent)


async def _survey_status(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime(context)
    survey = await bot_db(rt, store.latest_survey)
    if survey is None or survey.id is None:
        await _say(update, context, "survey_none")
        return
    sends = await bot_db(rt, store.survey_sends, survey_id=survey.id)
    sent = [s for s in sends if s.ok]
    responded = sum(1 for s in sent if s.responded_at is not None)
    rate = round(100 * responded / len(sent)) if sent else 0
    await _say(
        update,
        context,
        "survey_status",
        date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(survey.started_at)),
        sent=len(sent),
        responded=responded,
        rate=rate,
        failed=len(sends) - len(sent),
    )


def install(app: Application) -> None:  # type: ignore[type-arg]
    """Register the commands and the ``pf:`` buttons (before the answer buttons' catch-all handler)."""
    only_new = filters.UpdateType.MESSAGE
    for name, fn in (
        ("profile", cmd_profile),
        ("link", cmd_link),
        ("unlink", cmd_unlink),
        ("survey", cmd_survey),
    ):
        app.add_handler(CommandHandler(name, fn, filters=only_new))
    app.add_handler(CallbackQueryHandler(on_profile_button, pattern=f"^{PREFIX}"))
