"""Queries of the bot's tables (sync; the bot runs them in a worker thread)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, delete, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.types import ConversationState
from records.bot_models import (
    BotButton,
    BotChatLevel,
    BotConversation,
    BotExchange,
    BotFeedback,
    BotGroupGrant,
    BotInbox,
    BotSession,
    BotUpdate,
    BotUser,
)


def prune_updates(engine: Engine, older_than_s: float = 7 * 86400) -> None:
    """Empty the pre-inbox de-duplication table of older homes (superseded by ``bot_inbox``)."""
    with Session(engine) as s:
        for row in s.exec(select(BotUpdate).where(BotUpdate.received_at < time.time() - older_than_s)):
            s.delete(row)
        s.commit()


# the durable inbox -----------------------------------------------------------------------
def inbox_add(engine: Engine, *, update_id: int, payload: dict[str, Any]) -> str:
    """Store an arriving update as ``pending``; returns ``"new"`` or the status of the row already there."""
    with Session(engine) as s:
        s.add(BotInbox(update_id=update_id, payload=payload))
        try:
            s.commit()
            return "new"
        except IntegrityError:
            s.rollback()
        row = s.get(BotInbox, update_id)
        return row.status if row is not None else "new"


def inbox_claim(engine: Engine, *, update_id: int, max_attempts: int, owner: str | None = None) -> str:
    """Atomically move a ``pending`` row to ``working`` (one more attempt), recording the replica ``owner``.

    One conditional UPDATE whose row count says who won: of two replicas (or two copies in one) claiming
    the same update, PostgreSQL lets exactly one match ``status = 'pending'`` (the other waits for the
    row lock, then sees ``working``); SQLite runs writers one at a time.

    Returns ``"claimed"``; ``"missing"`` when no row exists (it could not be stored); ``"busy"`` when it
    is being processed, ``"done"``/``"failed"`` when it was; ``"gave_up"`` when it already had
    ``max_attempts`` attempts (then it is marked ``failed``).
    """
    now = time.time()
    with Session(engine) as s:
        result = s.execute(
            update(BotInbox)
            .where(
                col(BotInbox.update_id) == update_id,
                col(BotInbox.status) == "pending",
                col(BotInbox.attempts) < max_attempts,
            )
            .values(status="working", attempts=BotInbox.attempts + 1, updated_at=now, owner=owner)  # type: ignore[operator]
        )
        s.commit()
        if result.rowcount == 1:  # type: ignore[attr-defined]
            return "claimed"
        row = s.get(BotInbox, update_id)
        if row is None:
            return "missing"
        if row.status == "pending":  # attempts exhausted
            row.status, row.updated_at = "failed", now
            s.add(row)
            s.commit()
            return "gave_up"
        return "busy" if row.status == "working" else row.status


def inbox_finish(engine: Engine, *, update_id: int, status: str) -> None:
    """``done`` / ``failed`` / ``pending`` (try again later) / ``forget`` (delete the row: nothing to keep)."""
    with Session(engine) as s:
        row = s.get(BotInbox, update_id)
        if row is None:
            return
        if status == "forget":
            s.delete(row)
        else:
            row.status, row.updated_at = status, time.time()
            if status == "pending":
                row.owner = None
            s.add(row)
        s.commit()


def inbox_recover(engine: Engine) -> int:
    """At start-up of the one process serving a database: rows a killed predecessor left ``working``
    become ``pending`` again; returns how many."""
    with Session(engine) as s:
        result = s.execute(
            update(BotInbox).where(col(BotInbox.status) == "working").values(status="pending", owner=None)
        )
        s.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def inbox_working_owners(engine: Engine) -> set[str | None]:
    """The replicas that have ``working`` rows (None: rows from before owners were recorded)."""
    with Session(engine) as s:
        return set(s.exec(select(BotInbox.owner).where(col(BotInbox.status) == "working").distinct()).all())


def inbox_release(engine: Engine, *, owners: list[str | None]) -> int:
    """``working`` rows of these (dead) replicas become ``pending`` again; returns how many."""
    named = [o for o in owners if o is not None]
    clauses = []
    if named:
        clauses.append(col(BotInbox.owner).in_(named))
    if None in owners:
        clauses.append(col(BotInbox.owner).is_(None))
    if not clauses:
        return 0
    with Session(engine) as s:
        result = s.execute(
            update(BotInbox)
            .where(col(BotInbox.status) == "working", or_(*clauses))
            .values(status="pending", owner=None)
        )
        s.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def inbox_pending(engine: Engine, *, older_than_s: float = 0.0) -> list[dict[str, Any]]:
    """Payloads of the ``pending`` rows not touched for ``older_than_s`` seconds, oldest update first."""
    with Session(engine) as s:
        rows = s.exec(
            select(BotInbox)
            .where(col(BotInbox.status) == "pending", col(BotInbox.updated_at) <= time.time() - older_than_s)
            .order_by(col(BotInbox.update_id))
        ).all()
        return [dict(r.payload) for r in rows]


def inbox_prune(engine: Engine, *, older_than_s: float) -> int:
    """Delete ``done``/``failed`` rows older than ``older_than_s``; returns how many."""
    with Session(engine) as s:
        result = s.execute(
            delete(BotInbox).where(
                col(BotInbox.status).in_(("done", "failed")),
                col(BotInbox.updated_at) < time.time() - older_than_s,
            )
        )
        s.commit()
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


# group grants and chat levels ------------------------------------------------------------
def grant_group(engine: Engine, *, user_id: int, group: str, by: int | None) -> None:
    with Session(engine) as s:
        if s.get(BotGroupGrant, (user_id, group)) is None:
            s.add(BotGroupGrant(user_id=user_id, group=group, granted_by=by))
            try:
                s.commit()
            except IntegrityError:  # granted concurrently
                s.rollback()


def revoke_group(engine: Engine, *, user_id: int, group: str) -> bool:
    """Remove a grant; False when there was none."""
    with Session(engine) as s:
        row = s.get(BotGroupGrant, (user_id, group))
        if row is None:
            return False
        s.delete(row)
        s.commit()
        return True


def user_groups(engine: Engine, *, user_id: int) -> list[str]:
    with Session(engine) as s:
        return sorted(s.exec(select(BotGroupGrant.group).where(BotGroupGrant.user_id == user_id)).all())


def all_group_grants(engine: Engine) -> dict[int, list[str]]:
    """user id → the groups granted in the database."""
    out: dict[int, list[str]] = {}
    with Session(engine) as s:
        for row in s.exec(select(BotGroupGrant).order_by(col(BotGroupGrant.group))):
            out.setdefault(row.user_id, []).append(row.group)
    return out


def get_chat_level(engine: Engine, *, chat_id: int) -> str | None:
    with Session(engine) as s:
        row = s.get(BotChatLevel, chat_id)
        return row.level if row is not None else None


def set_chat_level(engine: Engine, *, chat_id: int, level: str, by: int | None) -> None:
    with Session(engine) as s:
        row = s.get(BotChatLevel, chat_id) or BotChatLevel(chat_id=chat_id, level=level)
        row.level, row.set_by, row.updated_at = level, by, time.time()
        s.add(row)
        s.commit()


# answer buttons --------------------------------------------------------------------------
def add_button(engine: Engine, *, token: str, exchange_id: int, user_id: int, chat_id: int) -> None:
    with Session(engine) as s:
        s.add(BotButton(token=token, exchange_id=exchange_id, user_id=user_id, chat_id=chat_id))
        s.commit()


def button_exchange(engine: Engine, *, token: str, user_id: int, chat_id: int) -> BotExchange | None:
    """The exchange behind a button token, only for the user who asked, in the chat it was asked in."""
    with Session(engine) as s:
        button = s.get(BotButton, token)
        if button is None or button.user_id != user_id or button.chat_id != chat_id:
            return None
        exchange = s.get(BotExchange, button.exchange_id)
        if exchange is None or exchange.user_id != user_id or exchange.chat_id != chat_id:
            return None
        return exchange


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


def get_conversation(engine: Engine, *, user_id: int, chat_id: int) -> ConversationState | None:
    """The stored conversation state of this user in this chat (None after /new or before any answer)."""
    with Session(engine) as s:
        row = s.get(BotConversation, (user_id, chat_id))
        return ConversationState.from_json(row.state) if row is not None and row.state else None


def save_conversation(engine: Engine, *, user_id: int, chat_id: int, state: ConversationState) -> None:
    with Session(engine) as s:
        row = s.get(BotConversation, (user_id, chat_id)) or BotConversation(user_id=user_id, chat_id=chat_id)
        row.state, row.updated_at = state.to_json(), state.updated_at
        s.add(row)
        try:
            s.commit()
        except IntegrityError:  # created concurrently: the other writer's state is as recent
            s.rollback()


def clear_conversation(engine: Engine, *, user_id: int, chat_id: int) -> None:
    with Session(engine) as s:
        row = s.get(BotConversation, (user_id, chat_id))
        if row is not None:
            s.delete(row)
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
