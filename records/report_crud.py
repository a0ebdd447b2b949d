"""Keyword-only reads the task-force reports need beyond ``records.crud``: links, self-declared profile
entries, and the bot's questions that went unanswered or got 👎."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from records.bot_models import BotExchange, BotFeedback
from records.models import PersonProject
from records.profile_models import ProfileEntry


def all_links(*, session: Session) -> list[PersonProject]:
    return list(session.exec(select(PersonProject)))


def profile_entries(*, session: Session, person_keys: Iterable[str]) -> list[ProfileEntry]:
    """Self-declared entries of these people (oldest first)."""
    keys = sorted(set(person_keys))
    out: list[ProfileEntry] = []
    for start in range(0, len(keys), 500):
        part = keys[start : start + 500]
        stmt = select(ProfileEntry).where(col(ProfileEntry.person_key).in_(part))
        out += list(session.exec(stmt.order_by(col(ProfileEntry.declared_at), col(ProfileEntry.id))))
    return out


@dataclass(frozen=True)
class LoggedQuestion:
    """One question the bot was asked, with what became of it."""

    question: str
    language: str | None
    answerable: bool | None  # None: not recorded (rows logged before migration 0003)
    answer: str
    feedback: int | None  # the most negative vote on it: -1 👎, 1 👍, None none
    created_at: float
    user_id: int


def logged_questions(*, session: Session) -> list[LoggedQuestion]:
    """Every answered (not failed) exchange with its feedback, oldest first."""
    ex = BotExchange
    cols = [col(ex.id), col(ex.question), col(ex.language), col(ex.answer), col(ex.created_at), col(ex.user_id),
            col(ex.answerable)]  # fmt: skip
    votes: dict[int, int] = {}
    for exchange_id, value in session.connection().execute(
        sa_select(col(BotFeedback.exchange_id), col(BotFeedback.value))
    ):
        votes[exchange_id] = min(votes.get(exchange_id, value), value)
    rows = session.connection().execute(
        sa_select(*cols).where(col(ex.error).is_(None)).order_by(col(ex.created_at), col(ex.id))
    )
    out = []
    for row in rows:
        data = row._mapping
        out.append(
            LoggedQuestion(
                question=str(data["question"]),
                language=data["language"],
                answerable=data.get("answerable"),
                answer=str(data["answer"] or ""),
                feedback=votes.get(int(data["id"])),
                created_at=float(data["created_at"]),
                user_id=int(data["user_id"]),
            )
        )
    return out
