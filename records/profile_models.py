"""SQLModel tables of self-service profiles: who a Telegram user is, and what people declared themselves.

Self-declared entries live apart from the register-derived ``Person`` fields, keyed by the person's stable
``Person.key`` (lower-cased email), so a register re-ingest never overwrites them. Timestamps are epoch
seconds, as in ``records.bot_models``.

Also here: the bot's state of the ``/profile`` dialogue (button tokens, the pending typed input) and the
``/survey`` sends, and :func:`merge_expertise`, the one rule that combines a register's expertise with what
the person declared (used by expert finding, the profile view and the export alike).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from records.bot_models import TelegramId

LEVELS = ("basic", "intermediate", "advanced", "expert")  # the registers' expertise levels, lowest first
KINDS = ("expertise", "learning", "language")


class PersonLink(SQLModel, table=True):
    """A Telegram user linked to their ``Person`` record (by username match or by an admin's /link)."""

    __tablename__ = "person_link"
    user_id: int = Field(primary_key=True, sa_type=TelegramId, sa_column_kwargs={"autoincrement": False})
    person_key: str = Field(index=True)
    linked_by: int | None = Field(default=None, sa_type=TelegramId)  # None: by username
    created_at: float = Field(default_factory=time.time)


class ProfileEntry(SQLModel, table=True):
    """One thing a person declared about themselves: an expertise area with a level, a learning interest,
    or a working language. Removing a register-derived area (or learning interest) is a ``removed=True``
    entry for that value."""

    __tablename__ = "profile_entry"
    __table_args__ = (UniqueConstraint("person_key", "kind", "value"),)
    id: int | None = Field(default=None, primary_key=True)
    person_key: str = Field(index=True)
    kind: str = Field(index=True)  # one of KINDS
    value: str  # the area (vocabulary label or typed text), the learning interest or the language
    level: str | None = None  # expertise only: one of LEVELS
    removed: bool = False  # "I no longer do this" (hides the register's entry of the same value)
    declared_by: int | None = Field(default=None, sa_type=TelegramId)
    declared_at: float = Field(default_factory=time.time, index=True)


class ProfileButton(SQLModel, table=True):
    """The unguessable token in a /profile button's callback data, bound to the user and chat it was shown
    to, the profile it edits and what it does (the data itself never travels through Telegram)."""

    __tablename__ = "profile_button"
    token: str = Field(primary_key=True)
    user_id: int = Field(sa_type=TelegramId, index=True)
    chat_id: int = Field(sa_type=TelegramId)
    person_key: str
    action: str
    value: str | None = None
    created_at: float = Field(default_factory=time.time)


class ProfilePending(SQLModel, table=True):
    """What the next text message of a user in a chat is (an area, a learning interest, languages) while a
    /profile dialogue waits for it; kept in the database so a restart does not lose it."""

    __tablename__ = "profile_pending"
    user_id: int = Field(primary_key=True, sa_type=TelegramId, sa_column_kwargs={"autoincrement": False})
    chat_id: int = Field(primary_key=True, sa_type=TelegramId, sa_column_kwargs={"autoincrement": False})
    person_key: str
    action: str  # area | learning | languages
    created_at: float = Field(default_factory=time.time)


class ProfileSurvey(SQLModel, table=True):
    """One /survey run; ``update_id`` is the Telegram update that started it, so a re-processed update
    resumes the same survey instead of asking everybody twice."""

    __tablename__ = "profile_survey"
    id: int | None = Field(default=None, primary_key=True)
    update_id: int | None = Field(default=None, sa_type=TelegramId, unique=True)
    started_by: int | None = Field(default=None, sa_type=TelegramId)
    started_at: float = Field(default_factory=time.time)
    finished_at: float | None = None


class ProfileSurveySend(SQLModel, table=True):
    """One user asked by a survey; ``responded_at`` is set when they changed or confirmed their profile."""

    __tablename__ = "profile_survey_send"
    survey_id: int = Field(foreign_key="profile_survey.id", primary_key=True)
    user_id: int = Field(primary_key=True, sa_type=TelegramId, sa_column_kwargs={"autoincrement": False})
    person_key: str
    sent_at: float = Field(default_factory=time.time)
    ok: bool = True  # False: Telegram refused the message (blocked the bot, chat gone)
    error: str | None = None
    responded_at: float | None = Field(default=None, index=True)


def area_key(value: str) -> str:
    """Two spellings of one value compare equal: case and spacing are ignored."""
    return " ".join(str(value).split()).casefold()


def merge_expertise(
    register: dict[str, Any] | None, entries: Iterable[ProfileEntry]
) -> dict[str, tuple[str | None, str, float | None]]:
    """A person's expertise: tag → (level, "register" | "declared", declared_at).

    The register's tags, minus those the person removed, plus what they declared (a declared level wins
    over the register's for the same tag; spelling differences of case and spacing do not matter).
    """
    declared: dict[str, ProfileEntry] = {}
    for e in entries:
        if e.kind == "expertise":
            declared[area_key(e.value)] = e
    out: dict[str, tuple[str | None, str, float | None]] = {}
    for tag, level in (register or {}).items():
        if area_key(tag) in declared:
            continue  # removed, or re-declared (then added below with the declared level)
        out[str(tag)] = (str(level).lower() if level else None, "register", None)
    for e in declared.values():
        if not e.removed:
            out[e.value] = (e.level, "declared", e.declared_at)
    return out
