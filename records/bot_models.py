"""SQLModel tables of the Telegram bot: users and access, processed updates, Q&A log, feedback.

Timestamps are epoch seconds (floats): portable across SQLite/Postgres and free of timezone pitfalls.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Integer
from sqlmodel import Field, SQLModel

# Telegram user, chat and update ids need 64 bits (group chat ids look like -1001234567890): BIGINT on
# PostgreSQL; on SQLite every INTEGER is already 64-bit and a single INTEGER primary key must stay INTEGER
# (the rowid alias), so the SQLite schema is unchanged (migration 0004 alters only PostgreSQL).
TelegramId = BigInteger().with_variant(Integer(), "sqlite")


def tg_key() -> Any:
    """A Telegram id that is (part of) the primary key: never auto-generated."""
    return Field(primary_key=True, sa_type=TelegramId, sa_column_kwargs={"autoincrement": False})


def tg_id(*, index: bool = False) -> Any:
    """A required Telegram id column."""
    return Field(sa_type=TelegramId, index=index)


def tg_ref() -> Any:
    """An optional Telegram id (who changed or granted something)."""
    return Field(default=None, sa_type=TelegramId)


class BotUser(SQLModel, table=True):
    __tablename__ = "bot_user"
    user_id: int = tg_key()
    access: str | None = None  # "allow" | "deny" | None (falls back to settings)
    changed_by: int | None = tg_ref()
    language: str | None = None  # chosen with /lang; None → Telegram's language_code
    username: str | None = None
    first_name: str | None = None
    first_seen: float = Field(default_factory=time.time)
    last_seen: float = Field(default_factory=time.time)


class BotUpdate(SQLModel, table=True):
    """One row per Telegram update_id seen: a redelivered update is dropped."""

    __tablename__ = "bot_update"
    update_id: int = tg_key()
    received_at: float = Field(default_factory=time.time, index=True)


class BotSession(SQLModel, table=True):
    """Conversation state of one user in one chat (a group holds one per member)."""

    __tablename__ = "bot_session"
    user_id: int = tg_key()
    chat_id: int = tg_key()
    generation: int = 0  # /new increments it; history only spans the current generation
    awaiting_comment_qa: int | None = None  # after 👎 the next message is stored as a comment
    updated_at: float = Field(default_factory=time.time)


class BotExchange(SQLModel, table=True):
    """A question and the answer given, with the sources used and how it was produced."""

    __tablename__ = "bot_exchange"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = tg_id(index=True)
    chat_id: int = tg_id(index=True)
    chat_type: str = "private"
    generation: int = 0
    command: str = "ask"  # ask | experts | projects | align
    question: str
    answer: str = ""
    mode: str | None = None  # llm | extractive
    intent: str | None = None
    language: str | None = None
    note: str | None = None
    error: str | None = None  # set when no answer could be produced
    answerable: bool | None = None  # False: the reply was "I don't know" (None: failed or logged before)
    sources: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    contacts: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON))
    elapsed_ms: int | None = None
    created_at: float = Field(default_factory=time.time, index=True)


class BotFeedback(SQLModel, table=True):
    __tablename__ = "bot_feedback"
    id: int | None = Field(default=None, primary_key=True)
    exchange_id: int = Field(foreign_key="bot_exchange.id", index=True)
    user_id: int = tg_id()
    value: int  # +1 / -1
    comment: str | None = None
    created_at: float = Field(default_factory=time.time)


class BotConversation(SQLModel, table=True):
    """What a follow-up of one user in one chat may borrow (core.types.ConversationState as JSON).

    A table of its own (create_all adds it to existing databases); expiry is decided by the engine from
    ``state["updated_at"]`` and settings.retrieval.conversation_ttl_minutes; /new deletes the row.
    """

    __tablename__ = "bot_conversation"
    user_id: int = tg_key()
    chat_id: int = tg_key()
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    updated_at: float = Field(default_factory=time.time)


class BotGroupGrant(SQLModel, table=True):
    """A named group of the access policy (core/access.py) granted to a user with /grant."""

    __tablename__ = "bot_group_grant"
    user_id: int = tg_key()
    group: str = Field(primary_key=True)  # the name without "group:"
    granted_by: int | None = tg_ref()
    created_at: float = Field(default_factory=time.time)


class BotChatLevel(SQLModel, table=True):
    """The level a group chat was set to with /chatlevel (public | staff | group:NAME); absent → public."""

    __tablename__ = "bot_chat_level"
    chat_id: int = tg_key()
    level: str
    set_by: int | None = tg_ref()
    updated_at: float = Field(default_factory=time.time)


class BotButton(SQLModel, table=True):
    """The unguessable token in an answer's callback data, bound to the exchange, its user and its chat."""

    __tablename__ = "bot_button"
    token: str = Field(primary_key=True)
    exchange_id: int = Field(foreign_key="bot_exchange.id", index=True)
    user_id: int = tg_id()
    chat_id: int = tg_id()
    created_at: float = Field(default_factory=time.time)


class BotInbox(SQLModel, table=True):
    """The durable inbox: every update is stored (as JSON) before Telegram is told it arrived.

    ``pending`` → ``working`` (claimed, ``attempts`` + 1) → ``done`` after its reply was sent, or
    ``failed`` when it kept failing; a pending or working row is processed again after a restart.
    """

    __tablename__ = "bot_inbox"
    update_id: int = tg_key()
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    status: str = Field(default="pending", index=True)  # pending | working | done | failed
    attempts: int = 0
    received_at: float = Field(default_factory=time.time)
    updated_at: float = Field(default_factory=time.time, index=True)
    # the replica working on it (bot/presence.py): a dead owner's ``working`` rows are retried by the others
    owner: str | None = None
