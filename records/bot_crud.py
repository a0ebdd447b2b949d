"""Queries of the bot's tables (sync; the bot runs them in a worker thread)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from records.bot_models import BotExchange, BotFeedback, BotSession, BotUpdate, BotUser


def mark_update(engine: Engine, update_id: int) -> bool:
    """Record ``update_id``; False when it was seen before (a redelivery)."""
    with Session(engine) as s:
        s.add(BotUpdate(update_id=update_id))
        try:
            s.commit()
        except IntegrityError:
            s.rollback()
            return False
    return True


def prune_updates(engine: Engine, older_than_s: float = 7 * 86400) -> None:
    with Session(engine) as s:
        for row in s.exec(select(BotUpdate).where(BotUpdate.received_at < time.time() - older_than_s)):
            s.delete(row)
        s.commit()


def get_user(engine: Engine, user_id: int) -> BotUser | None:
    with Session(engine) as s:
        return s.get(BotUser, user_id)


def touch_user(engine: Engine, user_id: int, *, username: str | None, first_name: str | None) -> BotUser:
    with Session(engine) as s:
        user = s.get(BotUser, user_id) or BotUser(user_id=user_id)
        user.username, user.first_name, user.last_seen = username, first_name, time.time()
        s.add(user)
        s.commit()
        s.refresh(user)
        return user


def set_access(engine: Engine, user_id: int, access: str | None, *, by: int) -> None:
    with Session(engine) as s:
        user = s.get(BotUser, user_id) or BotUser(user_id=user_id)
        user.access, user.changed_by = access, by
        s.add(user)
        s.commit()


def set_language(engine: Engine, user_id: int, language: str) -> None:
    with Session(engine) as s:
        user = s.get(BotUser, user_id) or BotUser(user_id=user_id)
        user.language = language
        s.add(user)
        s.commit()


def list_users(engine: Engine) -> list[BotUser]:
    with Session(engine) as s:
        return list(s.exec(select(BotUser).order_by(col(BotUser.last_seen).desc())))


def get_session(engine: Engine, user_id: int, chat_id: int) -> BotSession:
    with Session(engine) as s:
        row = s.get(BotSession, (user_id, chat_id))
        if row is None:
            row = BotSession(user_id=user_id, chat_id=chat_id)
            s.add(row)
            try:
                s.commit()
            except IntegrityError:  # created concurrently
                s.rollback()
                row = s.get(BotSession, (user_id, chat_id))
                assert row is not None
            else:
                s.refresh(row)
        return row


def new_session(engine: Engine, user_id: int, chat_id: int) -> None:
    get_session(engine, user_id, chat_id)
    with Session(engine) as s:
        row = s.get(BotSession, (user_id, chat_id))
        assert row is not None
        row.generation += 1
        row.awaiting_comment_qa = None
        row.updated_at = time.time()
        s.add(row)
        s.commit()


def set_awaiting_comment(engine: Engine, user_id: int, chat_id: int, exchange_id: int | None) -> None:
    get_session(engine, user_id, chat_id)
    with Session(engine) as s:
        row = s.get(BotSession, (user_id, chat_id))
        assert row is not None
        row.awaiting_comment_qa = exchange_id
        s.add(row)
        s.commit()


def pop_awaiting_comment(engine: Engine, user_id: int, chat_id: int) -> int | None:
    with Session(engine) as s:
        row = s.get(BotSession, (user_id, chat_id))
        if row is None or row.awaiting_comment_qa is None:
            return None
        qa, row.awaiting_comment_qa = row.awaiting_comment_qa, None
        s.add(row)
        s.commit()
        return qa


def history(engine: Engine, user_id: int, chat_id: int, generation: int, turns: int) -> list[tuple[str, str]]:
    """The last ``turns`` successful exchanges of this conversation, oldest first."""
    if turns <= 0:
        return []
    with Session(engine) as s:
        rows = s.exec(
            select(BotExchange)
            .where(
                BotExchange.user_id == user_id,
                BotExchange.chat_id == chat_id,
                BotExchange.generation == generation,
                col(BotExchange.error).is_(None),
            )
            .order_by(col(BotExchange.id).desc())
            .limit(turns)
        ).all()
    return [(r.question, r.answer) for r in reversed(rows)]


def log_exchange(engine: Engine, **fields: Any) -> int:
    with Session(engine) as s:
        row = BotExchange(**fields)
        s.add(row)
        s.commit()
        s.refresh(row)
        assert row.id is not None
        return row.id


def get_exchange(engine: Engine, exchange_id: int) -> BotExchange | None:
    with Session(engine) as s:
        return s.get(BotExchange, exchange_id)


def last_exchange(engine: Engine, user_id: int, chat_id: int) -> BotExchange | None:
    with Session(engine) as s:
        return s.exec(
            select(BotExchange)
            .where(
                BotExchange.user_id == user_id,
                BotExchange.chat_id == chat_id,
                col(BotExchange.error).is_(None),
            )
            .order_by(col(BotExchange.id).desc())
            .limit(1)
        ).first()


def record_feedback(engine: Engine, exchange_id: int, user_id: int, value: int) -> None:
    """Store (or change) a user's 👍/👎 on an exchange."""
    with Session(engine) as s:
        row = s.exec(
            select(BotFeedback).where(BotFeedback.exchange_id == exchange_id, BotFeedback.user_id == user_id)
        ).first() or BotFeedback(exchange_id=exchange_id, user_id=user_id, value=value)
        row.value, row.created_at = value, time.time()
        s.add(row)
        s.commit()


def add_comment(engine: Engine, exchange_id: int, user_id: int, comment: str) -> None:
    with Session(engine) as s:
        row = s.exec(
            select(BotFeedback).where(BotFeedback.exchange_id == exchange_id, BotFeedback.user_id == user_id)
        ).first() or BotFeedback(exchange_id=exchange_id, user_id=user_id, value=-1)
        row.comment = comment
        s.add(row)
        s.commit()


def feedback_for(engine: Engine, exchange_id: int) -> list[BotFeedback]:
    with Session(engine) as s:
        return list(s.exec(select(BotFeedback).where(BotFeedback.exchange_id == exchange_id)))


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:

        def n(stmt: Any) -> int:
            return int(s.exec(stmt).one())

        return {
            "questions": n(select(func.count()).select_from(BotExchange)),
            "failed": n(
                select(func.count()).select_from(BotExchange).where(col(BotExchange.error).is_not(None))
            ),
            "users": n(select(func.count(func.distinct(BotExchange.user_id)))),
            "thumbs_up": n(select(func.count()).select_from(BotFeedback).where(BotFeedback.value > 0)),
            "thumbs_down": n(select(func.count()).select_from(BotFeedback).where(BotFeedback.value < 0)),
        }
