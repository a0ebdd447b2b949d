"""The webhook server of ``dtbot serve`` (webhook mode): Telegram's updates plus ``/healthz`` and ``/readyz``.

PTB's ``run_webhook`` runs a tornado server with one route; this is the same kind of server (tornado, which
PTB's ``webhooks`` extra installs) with three:

- ``POST /<path of DTBOT_WEBHOOK_URL>``: a JSON update with the right ``X-Telegram-Bot-Api-Secret-Token``
  (else 403). It is put on ``Application.update_queue`` — the durable inbox's queue (bot/inbox.py), whose
  ``put`` stores the update — and only then answered 200, so an acknowledged update is never lost.
- ``GET /healthz``: 200 "ok" while the process serves (liveness).
- ``GET /readyz``: 200 when the database, Chroma, the LLM endpoint (if configured) and the lexical index
  answer, else 503; the JSON body names what failed (ops/health.py; never a secret).

It listens on ``DTBOT_WEBHOOK_LISTEN``:``DTBOT_WEBHOOK_PORT`` (``0.0.0.0`` inside a container).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application, ExtBot
from tornado.httpserver import HTTPServer

from bot.runtime import Runtime
from config.settings import Settings
from ops.health import check_readiness

log = logging.getLogger("bot.webhook")

MAX_BODY_BYTES = 1 << 20  # an update is a few KB; Telegram's largest are far below 1 MB


class _Quiet(tornado.web.RequestHandler):
    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:  # our logging, without request bodies
        if not isinstance(value, tornado.web.HTTPError):
            log.error("webhook request failed: %s", type(value).__name__)


class _TelegramHandler(_Quiet):
    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, app: Application, secret: str) -> None:  # type: ignore[type-arg]
        self.app = app
        self.secret = secret

    async def post(self) -> None:
        token = self.request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(token.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        media = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        try:
            update = Update.de_json(json.loads(self.request.body), self.app.bot)
        except Exception:
            log.warning("webhook: a request with the right secret carried no valid update")
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if update is None:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST)
        if isinstance(self.app.bot, ExtBot):
            self.app.bot.insert_callback_data(update)
        # stored in the inbox by the queue's put: only then is Telegram told it arrived (an exception here
        # answers 500, and Telegram delivers the update again)
        await self.app.update_queue.put(update)
        self.set_status(HTTPStatus.OK)


class _Healthz(_Quiet):
    SUPPORTED_METHODS = ("GET", "HEAD")  # type: ignore[assignment]

    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("ok")

    head = get


class _Readyz(_Quiet):
    SUPPORTED_METHODS = ("GET",)  # type: ignore[assignment]

    def initialize(self, rt: Runtime) -> None:
        self.rt = rt

    async def get(self) -> None:
        result = await check_readiness(self.rt.settings, sql=self.rt.sql, engine=self.rt.get_engine)
        if not result.ok:
            log.warning(
                "not ready: %s", ", ".join(f"{c.name} ({c.detail})" for c in result.checks if not c.ok)
            )
        self.set_status(HTTPStatus.OK if result.ok else HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(result.to_json()))


class WebhookServer:
    """The tornado server of one bot: start it after ``post_init``, stop it before ``Application.stop``."""

    def __init__(self, app: Application, settings: Settings, *, port: int | None = None) -> None:  # type: ignore[type-arg]
        from bot.app import webhook_params

        self.app = app
        self.params = webhook_params(settings)
        self.listen = self.params["listen"]
        self.port = self.params["port"] if port is None else port
        routes: list[Any] = [
            (r"/healthz", _Healthz),
            (r"/readyz", _Readyz, {"rt": app.bot_data["runtime"]}),
            (
                rf"/{self.params['url_path']}/?",
                _TelegramHandler,
                {"app": app, "secret": self.params["secret_token"]},
            ),
        ]
        self._server = HTTPServer(
            tornado.web.Application(routes, log_function=lambda handler: None),
            max_body_size=MAX_BODY_BYTES,
        )
        self.running = False

    async def start(self) -> None:
        """Listen, then register the webhook with Telegram (so the first delivery finds us listening)."""
        self._server.listen(self.port, address=self.listen)
        self.running = True
        log.info(
            "webhook server listening on %s:%s (/%s, /healthz, /readyz)",
            self.listen,
            self.port,
            self.params["url_path"],
        )
        await self.app.bot.set_webhook(
            url=self.params["webhook_url"],
            secret_token=self.params["secret_token"],
            allowed_updates=self.params["allowed_updates"],
        )

    async def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        self._server.stop()
        await self._server.close_all_connections()


async def serve_webhook(app: Application, settings: Settings) -> None:  # type: ignore[type-arg]
    """Run the bot in webhook mode until SIGINT/SIGTERM: PTB's start-up and shutdown sequence (as in
    ``Application.run_webhook``) around :class:`WebhookServer`."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    server = WebhookServer(app, settings)
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await server.start()
        await app.start()
        await stop.wait()
        log.info("stopping (signal received)")
    finally:
        await server.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
