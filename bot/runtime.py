"""State shared by the bot's handlers: settings, services, the answering engine and the SQL engine.

Nothing here is created at import time; :func:`bot.app.build_application` makes one :class:`Runtime`
and ``post_init`` opens the clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine as SqlEngine
from sqlmodel import Session
from telegram.ext import ContextTypes

from bot.presence import Presence
from config.settings import Settings
from core.errors import BackendUnavailableError
from records import shared_crud

log = logging.getLogger("bot")
T = TypeVar("T")


def _open_engine(settings: Settings) -> Any:
    from retrieval.engine import open_engine

    return open_engine(settings)


async def _reindex(settings: Settings) -> str:
    from dtbot.services import reindex

    return await reindex(settings)


def _make_sql(url: str) -> SqlEngine:
    from records.db import make_engine

    return make_engine(url)


@dataclass
class Services:
    """Factories the bot uses; tests and the benchmark pass their own (or the real ones)."""

    engine_factory: Callable[[Settings], Any] = _open_engine
    reindex: Callable[[Settings], Awaitable[str]] = _reindex
    sql_factory: Callable[[str], SqlEngine] = _make_sql
    # called with (update, seconds) after every update has been processed (tests, metrics)
    on_update_done: Callable[[object, float], None] | None = None
    # the durable inbox (bot/inbox.py): how often done rows are pruned and stale pending rows retried
    inbox_sweep_s: float = 300.0
    inbox_retry_after_s: float = 60.0
    inbox_keep_done_s: float = 7 * 86400.0
    # AIORateLimiter: Telegram's documented flood limits (30 msg/s overall, 20/min per group)
    telegram_flood_limits: bool = True
    rate_limit_retries: int = 3
    concurrent_updates: int = 64


@dataclass
class Runtime:
    settings: Settings
    services: Services
    engine: Any = None
    sql: SqlEngine | None = None
    reindex_task: asyncio.Task[None] | None = None
    presence: Presence | None = None  # this replica, as the others see it (bot/presence.py)
    _engine_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    # Per-process only what concerns one update in this process or merely saves writes; everything
    # replicas must agree on (rate limits, refusal throttling, conversations, access) is in the database.
    # updates that leave no trace (strangers, chatter not for the bot): their inbox row is deleted
    _forgotten: set[int] = field(default_factory=set)
    _touched: dict[int, float] = field(default_factory=dict)  # user id → last `last_seen` write

    # clients ------------------------------------------------------------------------
    async def open(self) -> None:
        """Open the SQL engine (required) and the answering engine (retried lazily if down)."""
        self.sql = await asyncio.to_thread(self.services.sql_factory, self.settings.sql_url)
        from records import bot_crud

        self.presence = Presence(self.sql.url.render_as_string(hide_password=False))
        await asyncio.to_thread(self.presence.open)
        await asyncio.to_thread(bot_crud.prune_updates, self.sql)
        try:
            await self.get_engine()
        except BackendUnavailableError as exc:
            log.warning("answering engine unavailable at start-up (%s); will retry on demand", exc)

    async def get_engine(self) -> Any:
        if self.engine is not None:
            return self.engine
        async with self._engine_lock:
            if self.engine is None:
                try:
                    self.engine = await asyncio.to_thread(self.services.engine_factory, self.settings)
                except BackendUnavailableError:
                    raise
                except Exception as exc:
                    raise BackendUnavailableError(
                        f"cannot open the knowledge base: {type(exc).__name__}"
                    ) from exc
            return self.engine

    async def reopen_engine(self) -> None:
        """Swap in a fresh engine (after a re-index)."""
        old, self.engine = self.engine, None
        try:
            await self.get_engine()
        finally:
            if old is not None:
                await asyncio.to_thread(old.close)

    async def close(self) -> None:
        if self.reindex_task is not None and not self.reindex_task.done():
            self.reindex_task.cancel()
        if self.engine is not None:
            engine, self.engine = self.engine, None
            await asyncio.to_thread(engine.close)
        if self.presence is not None:
            await asyncio.to_thread(self.presence.close)
            self.presence = None
        if self.sql is not None:
            self.sql.dispose()
            self.sql = None

    async def db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a sync ``records.bot_crud`` function in a worker thread."""
        if self.sql is None:
            raise BackendUnavailableError("the database is not open")
        try:
            return await asyncio.to_thread(fn, self.sql, *args, **kwargs)
        except BackendUnavailableError:
            raise
        except Exception as exc:
            if type(exc).__module__.startswith("sqlalchemy"):
                raise BackendUnavailableError(f"database error: {type(exc).__name__}") from exc
            raise

    # access -------------------------------------------------------------------------
    def is_admin(self, user_id: int) -> bool:
        return user_id in self.settings.admins

    async def should_refuse_notice(
        self, user_id: int, every_s: float = 3600.0, *, scope: str = "private"
    ) -> bool:
        """True at most once per ``every_s`` per stranger (counted separately per ``scope``), across every
        replica; False when the database cannot say (no refusal rather than one per message)."""
        return await self._take_slot(f"refusal:{scope}", user_id, 1, every_s, unavailable=False)

    async def forget_notice(self, user_id: int) -> None:
        """After /allow or /deny: the user's refusal throttle starts afresh."""
        with contextlib.suppress(BackendUnavailableError):
            await self.db(
                _in_session, shared_crud.forget_slots, subject=self._subject(user_id), kind_prefix="refusal:"
            )

    def forget_update(self, update_id: int) -> None:
        """Keep nothing of this update: the inbox deletes its row once it was processed."""
        self._forgotten.add(update_id)

    def take_forgotten(self, update_id: int) -> bool:
        if update_id in self._forgotten:
            self._forgotten.discard(update_id)
            return True
        return False

    def needs_touch(self, user_id: int, every_s: float = 60.0) -> bool:
        now = time.monotonic()
        if now - self._touched.get(user_id, -every_s) >= every_s:
            self._touched[user_id] = now
            return True
        return False

    # rate limit ---------------------------------------------------------------------
    async def allow_question(self, user_id: int) -> bool:
        """Sliding one-minute window of ``rate_limit_per_minute`` questions per user, shared by every
        replica (table ``bot_throttle``); allowed when the database cannot say (the answer needs it and
        reports the outage itself)."""
        limit = self.settings.rate_limit_per_minute
        if limit <= 0:
            return True
        return await self._take_slot("question", user_id, limit, 60.0, unavailable=True)

    async def should_send_limit_notice(self, user_id: int) -> bool:
        """True at most once a minute per user (the "too many questions" reply), across every replica."""
        return await self._take_slot("limit_notice", user_id, 1, 60.0, unavailable=False)

    async def prune_throttle(self) -> int:
        """Delete expired throttle rows (the inbox sweeper calls this)."""
        return await self.db(_in_session, shared_crud.prune_slots)

    def _subject(self, user_id: int) -> str:
        """A keyed hash of a user id (the bot token is the key): what the throttle table stores."""
        token = self.settings.telegram_token
        key = token.get_secret_value().encode() if token is not None else b"dtbot"
        return hmac.new(key, f"telegram-user:{user_id}".encode(), hashlib.sha256).hexdigest()[:32]

    async def _take_slot(
        self, kind: str, user_id: int, limit: int, window_s: float, *, unavailable: bool
    ) -> bool:
        try:
            return await self.db(
                _in_session,
                shared_crud.take_slot,
                kind=kind,
                subject=self._subject(user_id),
                limit=limit,
                window_s=window_s,
            )
        except BackendUnavailableError as exc:
            log.warning("throttle %s unavailable: %s", kind, exc)
            return unavailable


def _in_session(engine: SqlEngine, fn: Callable[..., T], **kwargs: Any) -> T:
    """Run a session-taking crud function (``fn(session, **kwargs)``) on ``engine``."""
    with Session(engine) as session:
        return fn(session, **kwargs)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]  # type: ignore[no-any-return]


# logging ----------------------------------------------------------------------------------
_SECRETS: set[str] = set()
_factory_installed = False


def protect_secret(secret: str | None) -> None:
    """Redact ``secret`` from every log record created from now on (any logger, any handler)."""
    global _factory_installed
    if not secret:
        return
    _SECRETS.add(secret)
    for name in ("httpx", "httpcore", "hpack"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if _factory_installed:
        return
    base = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base(*args, **kwargs)
        with contextlib.suppress(Exception):  # never break logging
            _redact(record)
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def redact(text: str) -> str:
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, "<redacted>")
    return text


def _redact(record: logging.LogRecord) -> None:
    if not _SECRETS:
        return
    message = record.getMessage()
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and record.exc_info[0] is not None:
        text = logging.Formatter().formatException(record.exc_info)
        record.exc_text = redact(text)
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class RedactingFilter(logging.Filter):
    """The same redaction as a handler filter (for handlers configured elsewhere)."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact(record)
        return True
