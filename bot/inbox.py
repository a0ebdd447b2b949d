"""The durable inbox: each update is answered exactly once, even when the bot is killed mid-answer.

Telegram forgets an update once it was acknowledged — by the next ``getUpdates`` (polling) or by the
webhook's HTTP 200 — and both happen right after PTB put the update on ``Application.update_queue``.
:class:`InboxQueue` therefore stores the update (its JSON, table ``bot_inbox``) inside ``put``, BEFORE the
acknowledgement; the application claims the row before handling it (``pending`` → ``working``, one more
attempt) and marks it ``done`` after every handler returned (the reply was sent, or the fixed
"unavailable" reply was). At start-up rows a killed process left ``pending``/``working`` are processed
first. A redelivered update whose row is done is dropped; a pending one is processed once (the claim is
one conditional UPDATE, so two copies in flight cannot both win). A row that failed on a transient
network error goes back to ``pending`` and is retried by the sweeper; after ``MAX_ATTEMPTS`` it is
``failed``. The sweeper also prunes done rows after ``Services.inbox_keep_done_s``.

Several replicas may serve one PostgreSQL database (webhook mode behind a load balancer): the claim is
atomic across them, each claimed row records its replica (``owner``), and a ``working`` row is handed back
to ``pending`` only when its owner is dead (bot/presence.py) — at start-up and in every sweep, so the
survivors finish what a crashed replica was answering. On SQLite one process serves the database
(Telegram allows one poller; ``dtbot serve`` holds the home's serving lock), so at start-up every
``working`` row is its predecessor's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import Application

from bot.runtime import Runtime
from core.errors import BackendUnavailableError
from records import bot_crud

log = logging.getLogger("bot.inbox")

MAX_ATTEMPTS = 3


class InboxQueue(asyncio.Queue):  # type: ignore[type-arg]
    """``Application.update_queue`` that stores each update in the inbox before it is queued."""

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None

    async def put(self, item: Any) -> None:
        if isinstance(item, Update) and self.inbox is not None and not await self.inbox.store(item):
            return
        await super().put(item)


class Inbox:
    def __init__(self, rt: Runtime, queue: InboxQueue) -> None:
        self.rt = rt
        self.queue = queue
        queue.inbox = self
        self._sweeper: asyncio.Task[None] | None = None

    # arrival ----------------------------------------------------------------------------
    async def store(self, update: Update) -> bool:
        """Store ``update`` as pending (False: it was answered already — drop the redelivery)."""
        if self.rt.sql is None:
            return True
        from bot.access import is_allowed

        user = update.effective_user
        if user is None or not await is_allowed(self.rt, user.id):
            return True  # strangers and channel posts are never stored; the gate refuses or ignores them
        try:
            status = await self.rt.db(
                bot_crud.inbox_add, update_id=update.update_id, payload=update.to_dict()
            )
        except BackendUnavailableError:
            log.warning("database unavailable; update %s is not in the inbox", update.update_id)
            return True  # better answer than drop; the question flow reports the outage
        if status in ("done", "failed"):
            log.info("dropping redelivered update %s (%s)", update.update_id, status)
            if self.rt.services.on_update_done is not None:  # it is finished with, as far as hooks go
                self.rt.services.on_update_done(update, 0.0)
            return False
        return True

    # processing -------------------------------------------------------------------------
    async def claim(self, update: Update) -> bool:
        """True when this copy of ``update`` is to be processed now (no other copy is or was)."""
        try:
            result = await self.rt.db(
                bot_crud.inbox_claim,
                update_id=update.update_id,
                max_attempts=MAX_ATTEMPTS,
                owner=self.rt.presence.id if self.rt.presence is not None else None,
            )
        except BackendUnavailableError:
            return True
        if result in ("claimed", "missing"):
            return True
        if result == "gave_up":
            log.error("update %s failed %d times; giving up", update.update_id, MAX_ATTEMPTS)
        else:
            log.info("dropping redelivered update %s (%s)", update.update_id, result)
        return False

    async def finish(self, update: Update, error: BaseException | None) -> None:
        if self.rt.take_forgotten(update.update_id):
            status = "forget"
        elif isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            status = "pending"  # Telegram unreachable while replying: the sweeper tries again
        else:
            status = "done"
        try:
            await self.rt.db(bot_crud.inbox_finish, update_id=update.update_id, status=status)
        except BackendUnavailableError:
            log.warning("could not mark update %s %s", update.update_id, status)

    # start-up and the sweeper -----------------------------------------------------------
    async def start(self, app: Application) -> None:  # type: ignore[type-arg]
        """Queue what a previous process left unanswered, then start the sweeper."""
        try:
            recovered = await self.recover()
            if recovered:
                log.warning(
                    "%d update(s) were being answered when the bot stopped; answering again", recovered
                )
            await self._requeue(app, older_than_s=0.0)
        except BackendUnavailableError as exc:
            log.warning("could not read the inbox at start-up: %s", exc)
        self._sweeper = asyncio.create_task(self._sweep(app), name="dtbot:inbox-sweeper")

    async def recover(self, *, at_start: bool = True) -> int:
        """``working`` rows of dead replicas back to ``pending``; returns how many."""
        presence = self.rt.presence
        if presence is None or not presence.shared:  # one process serves this database
            return await self.rt.db(bot_crud.inbox_recover) if at_start else 0
        owners = await self.rt.db(bot_crud.inbox_working_owners)
        dead = [o for o in owners if await asyncio.to_thread(presence.dead, o)]
        return await self.rt.db(bot_crud.inbox_release, owners=dead) if dead else 0

    async def _requeue(self, app: Application, *, older_than_s: float) -> int:  # type: ignore[type-arg]
        payloads = await self.rt.db(bot_crud.inbox_pending, older_than_s=older_than_s)
        for payload in payloads:
            await self.queue.put(Update.de_json(payload, app.bot))
        return len(payloads)

    async def _sweep(self, app: Application) -> None:  # type: ignore[type-arg]
        services = self.rt.services
        while True:
            await asyncio.sleep(services.inbox_sweep_s)
            try:
                pruned = await self.rt.db(bot_crud.inbox_prune, older_than_s=services.inbox_keep_done_s)
                await self.rt.db(bot_crud.prune_updates)
                await self.rt.prune_throttle()
                orphaned = await self.recover(at_start=False)
                if orphaned:
                    log.warning("%d update(s) were being answered by a replica that stopped", orphaned)
                retried = await self._requeue(app, older_than_s=services.inbox_retry_after_s)
                if pruned or retried:
                    log.info("inbox: pruned %d answered update(s), retrying %d", pruned, retried)
            except BackendUnavailableError as exc:
                log.warning("inbox sweep failed: %s", exc)
            except Exception:  # never let the sweeper die
                log.exception("inbox sweep failed")

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None
