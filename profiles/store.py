"""Keyword-only access functions over the profile tables (``records/profile_models.py``).

Every function takes an open session (``f(session, *, …)``) and flushes; the caller commits. Values are
compared the way ``records.profile_models.area_key`` does (case and spacing ignored), so "GIS" declared
twice with different spellings stays one entry.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from records.models import Document, Statement
from records.profile_models import (
    KINDS,
    PersonLink,
    ProfileButton,
    ProfileEntry,
    ProfilePending,
    ProfileSurvey,
    ProfileSurveySend,
    area_key,
)

PAGE_KEYS = ("thematic_areas", "methods", "skills", "tools")  # the page tags that name areas of work

# links ------------------------------------------------------------------------------------------


def get_link(session: Session, *, user_id: int) -> PersonLink | None:
    return session.get(PersonLink, user_id)


def set_link(session: Session, *, user_id: int, person_key: str, linked_by: int | None) -> PersonLink:
    """Link ``user_id`` to ``person_key`` (replacing an earlier link of that user)."""
    link = session.get(PersonLink, user_id) or PersonLink(user_id=user_id, person_key=person_key)
    link.person_key, link.linked_by, link.created_at = person_key, linked_by, time.time()
    session.add(link)
    session.flush()
    return link


def remove_link(session: Session, *, user_id: int) -> bool:
    link = session.get(PersonLink, user_id)
    if link is None:
        return False
    session.delete(link)
    session.flush()
    return True


def list_links(session: Session) -> list[PersonLink]:
    return list(session.exec(select(PersonLink).order_by(col(PersonLink.user_id))))


def users_of(session: Session, *, person_key: str) -> list[int]:
    """Telegram users linked to ``person_key``."""
    return list(session.exec(select(PersonLink.user_id).where(PersonLink.person_key == person_key)))


# declared entries -------------------------------------------------------------------------------


def list_entries(
    session: Session, *, person_keys: Iterable[str] | None = None, kind: str | None = None
) -> list[ProfileEntry]:
    """Declared entries (of ``person_keys`` / of ``kind`` when given), oldest first."""
    stmt = select(ProfileEntry)
    if person_keys is not None:
        keys = sorted(set(person_keys))
        if not keys:
            return []
        stmt = stmt.where(col(ProfileEntry.person_key).in_(keys))
    if kind is not None:
        stmt = stmt.where(ProfileEntry.kind == kind)
    return list(session.exec(stmt.order_by(col(ProfileEntry.declared_at), col(ProfileEntry.id))))


def find_entry(session: Session, *, person_key: str, kind: str, value: str) -> ProfileEntry | None:
    wanted = area_key(value)
    for entry in list_entries(session, person_keys=[person_key], kind=kind):
        if area_key(entry.value) == wanted:
            return entry
    return None


def put_entry(
    session: Session,
    *,
    person_key: str,
    kind: str,
    value: str,
    level: str | None = None,
    removed: bool = False,
    declared_by: int | None,
) -> ProfileEntry:
    """Declare (or re-declare) one value; an existing entry of the same value is updated, not duplicated."""
    if kind not in KINDS:
        raise ValueError(f"unknown profile entry kind {kind!r}")
    entry = find_entry(session, person_key=person_key, kind=kind, value=value)
    if entry is None:
        entry = ProfileEntry(person_key=person_key, kind=kind, value=value)
    entry.value, entry.level, entry.removed = value, level, removed
    entry.declared_by, entry.declared_at = declared_by, time.time()
    session.add(entry)
    session.flush()
    return entry


def drop_entry(session: Session, *, person_key: str, kind: str, value: str) -> bool:
    """Forget one declared value (the register's, if any, shows again)."""
    entry = find_entry(session, person_key=person_key, kind=kind, value=value)
    if entry is None:
        return False
    session.delete(entry)
    session.flush()
    return True


def drop_entries(session: Session, *, person_key: str, kind: str | None = None) -> int:
    """Forget everything ``person_key`` declared (of ``kind``); returns how many entries were removed."""
    stmt = delete(ProfileEntry).where(col(ProfileEntry.person_key) == person_key)
    if kind is not None:
        stmt = stmt.where(col(ProfileEntry.kind) == kind)
    result = session.execute(stmt)
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def entries_version(session: Session) -> tuple[Any, ...]:
    """Changes whenever an entry is added, changed or removed (a cache key for derived data)."""
    row = session.exec(
        select(func.count(), func.max(ProfileEntry.declared_at), func.sum(ProfileEntry.id))
    ).one()
    return tuple(row)


# what the registers and pages state: the raw material of the vocabulary ---------------------------


def stated_terms(session: Session, *, page_keys: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """(text, kind, access label) of every area a source states: register expertise tags (``register``)
    and learning interests (``learning``), portfolio themes (``project``), page tags under ``page_keys``
    (``page``). The label is the row's own access label, else its document's."""
    out: list[tuple[str, str, str]] = []
    stmt = (
        sa_select(col(Statement.kind), col(Statement.data), col(Document.access))
        .join(Document, col(Document.id) == col(Statement.document_id))
        .where(col(Document.status) == "active", col(Statement.kind).in_(("person", "project")))
    )
    for kind, data, doc_access in session.connection().execute(stmt):
        data = data or {}
        label = str(data.get("access") or doc_access or "")
        if kind == "person":
            out += [(str(tag), "register", label) for tag in (data.get("expertise") or {})]
            out += [(str(text), "learning", label) for text in (data.get("learning_interests") or [])]
        else:
            out += [(str(text), "project", label) for text in (data.get("thematic_areas") or [])]
    docs = sa_select(col(Document.meta), col(Document.access)).where(col(Document.status) == "active")
    for meta, access in session.connection().execute(docs):
        for key in page_keys:
            value = (meta or {}).get(key)
            values = value if isinstance(value, list) else [value] if value else []
            out += [(str(v), "page", str(access or "")) for v in values if str(v).strip()]
    return [(text.strip(), kind, label) for text, kind, label in out if text.strip()]


# the /profile dialogue's buttons and awaited input ---------------------------------------------------


def add_buttons(session: Session, *, buttons: list[ProfileButton]) -> None:
    session.add_all(buttons)
    session.flush()


def take_button(
    session: Session, *, token: str, user_id: int, chat_id: int, max_age_s: float
) -> ProfileButton | None:
    """The button behind ``token`` — only for the user it was shown to, in that chat, while fresh."""
    button = session.get(ProfileButton, token)
    if button is None or button.user_id != user_id or button.chat_id != chat_id:
        return None
    if time.time() - button.created_at > max_age_s:
        return None
    return button


def clear_buttons(session: Session, *, user_id: int, chat_id: int, older_than_s: float = 0.0) -> int:
    """Expire the user's earlier profile buttons in this chat (a new menu replaces the old one)."""
    stmt = delete(ProfileButton).where(
        col(ProfileButton.user_id) == user_id,
        col(ProfileButton.chat_id) == chat_id,
        col(ProfileButton.created_at) <= time.time() - older_than_s,
    )
    result = session.execute(stmt)
    session.flush()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def set_pending(session: Session, *, user_id: int, chat_id: int, person_key: str, action: str) -> None:
    row = session.get(ProfilePending, (user_id, chat_id)) or ProfilePending(
        user_id=user_id, chat_id=chat_id, person_key=person_key, action=action
    )
    row.person_key, row.action, row.created_at = person_key, action, time.time()
    session.add(row)
    session.flush()


def pop_pending(session: Session, *, user_id: int, chat_id: int, max_age_s: float) -> ProfilePending | None:
    """The awaited input of this user in this chat (removed as it is taken); None when none or stale."""
    row = session.get(ProfilePending, (user_id, chat_id))
    if row is None:
        return None
    session.delete(row)
    session.flush()
    return row if time.time() - row.created_at <= max_age_s else None


def clear_pending(session: Session, *, user_id: int, chat_id: int) -> None:
    row = session.get(ProfilePending, (user_id, chat_id))
    if row is not None:
        session.delete(row)
        session.flush()


# surveys --------------------------------------------------------------------------------------------


def start_survey(session: Session, *, update_id: int | None, started_by: int | None) -> ProfileSurvey:
    """The survey started by ``update_id`` (created on first call: a re-processed update resumes it)."""
    if update_id is not None:
        found = session.exec(select(ProfileSurvey).where(ProfileSurvey.update_id == update_id)).first()
        if found is not None:
            return found
    survey = ProfileSurvey(update_id=update_id, started_by=started_by)
    session.add(survey)
    session.flush()
    return survey


def survey_sends(session: Session, *, survey_id: int) -> list[ProfileSurveySend]:
    stmt = select(ProfileSurveySend).where(ProfileSurveySend.survey_id == survey_id)
    return list(session.exec(stmt.order_by(col(ProfileSurveySend.sent_at))))


def record_send(
    session: Session, *, survey_id: int, user_id: int, person_key: str, ok: bool, error: str | None = None
) -> None:
    session.add(
        ProfileSurveySend(survey_id=survey_id, user_id=user_id, person_key=person_key, ok=ok, error=error)
    )
    session.flush()


def finish_survey(session: Session, *, survey_id: int) -> None:
    survey = session.get(ProfileSurvey, survey_id)
    if survey is not None:
        survey.finished_at = time.time()
        session.add(survey)
        session.flush()


def latest_survey(session: Session) -> ProfileSurvey | None:
    return session.exec(select(ProfileSurvey).order_by(col(ProfileSurvey.id).desc())).first()


def mark_responded(session: Session, *, user_id: int) -> int:
    """The user reviewed their profile: every delivered survey message to them not yet answered counts as
    answered now. Returns how many."""
    now = time.time()
    rows = session.exec(
        select(ProfileSurveySend).where(
            ProfileSurveySend.user_id == user_id,
            col(ProfileSurveySend.ok).is_(True),
            col(ProfileSurveySend.responded_at).is_(None),
            ProfileSurveySend.sent_at <= now,
        )
    ).all()
    for row in rows:
        row.responded_at = now
        session.add(row)
    session.flush()
    return len(rows)
