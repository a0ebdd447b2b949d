"""The composition root of the Telegram bot: :func:`build_application` and :func:`run`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot import access, handlers, reindex_schedule
from bot.inbox import Inbox, InboxQueue
from bot.runtime import Runtime, Services, protect_secret
from config.settings import Settings
from core.errors import BackendUnavailableError, ConfigError
from ingest.lock import serving_lock

log = logging.getLogger("bot")

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
_COMMANDS_RU = {
    "start": "Что я знаю и как спрашивать",
    "help": "Команды",
    "ask": "Задать вопрос",
    "experts": "Кто разбирается в теме",
    "projects": "Проекты по теме",
    "align": "Соответствие проекта стратегиям",
    "sources": "Источники последнего ответа",
    "new": "Новый разговор",
    "lang": "Язык интерфейса: en, ru, ky",
    "profile": "Ваш профиль экспертизы",
    "onboard": "Знакомство для новых коллег",
}
_COMMANDS_KY = {
    "start": "Мен эмнени билем жана кантип суроо керек",
    "help": "Буйруктар",
    "ask": "Суроо берүү",
    "experts": "Темада ким тажрыйбалуу",
    "projects": "Тема боюнча долбоорлор",
    "align": "Долбоордун стратегияларга шайкештиги",
    "sources": "Акыркы жооптун булактары",
    "new": "Жаңы маек",
    "lang": "Интерфейс тили: en, ru, ky",
    "profile": "Тажрыйба профилиңиз",
    "onboard": "Жаңы кесиптештер үчүн таанышуу",
}


class DtbotApplication(Application):  # type: ignore[type-arg]
    """PTB's Application plus the durable inbox (bot/inbox.py) around every update, and an optional
    per-update completion hook (tests, metrics)."""

    def __init__(
        self, *, on_update_done: Callable[[object, float], None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._on_update_done = on_update_done
        self._errors: dict[int, BaseException] = {}  # update id → what a handler raised

    async def process_update(self, update: object) -> None:
        started = time.perf_counter()
        box = self.bot_data.get("inbox")
        try:
            if not isinstance(update, Update) or not isinstance(box, Inbox):
                await super().process_update(update)
            elif await box.claim(update):
                try:
                    await super().process_update(update)
                except asyncio.CancelledError:
                    raise  # stopped mid-answer: the row stays "working" and is answered after a restart
                except BaseException as exc:
                    await box.finish(update, exc)
                    raise
                await box.finish(update, self._errors.pop(update.update_id, None))
        finally:
            if isinstance(update, Update):
                self._errors.pop(update.update_id, None)
            if self._on_update_done is not None:
                self._on_update_done(update, time.perf_counter() - started)

    async def process_error(self, update: object | None, error: Exception, *args: Any, **kwargs: Any) -> bool:
        if isinstance(update, Update):
            self._errors[update.update_id] = error
        return await super().process_error(update, error, *args, **kwargs)


def _token(settings: Settings) -> str:
    token = settings.telegram_token.get_secret_value().strip() if settings.telegram_token else ""
    if not token:
        raise ConfigError(
            "DTBOT_TELEGRAM_TOKEN is not set — create a bot with @BotFather and put its token in "
            "DTBOT_TELEGRAM_TOKEN (environment or .env)."
        )
    return token


def _api_urls(settings: Settings) -> dict[str, str]:
    """``base_url``/``base_file_url`` of a self-hosted Bot API server (or the emulator); empty for Telegram."""
    if not settings.telegram_api_url:
        return {}
    api = settings.telegram_api_url.rstrip("/")
    return {"base_url": f"{api}/bot", "base_file_url": f"{api}/file/bot"}


_REJECTED = (
    "Telegram rejected DTBOT_TELEGRAM_TOKEN: check it with @BotFather (the token may be revoked or mistyped)."
)


async def _preflight(settings: Settings) -> None:
    """One getMe before starting, so the commonest deployment mistakes end in one clear line.

    PTB's own start-up reports a rejected token with a traceback that quotes the whole token.
    """
    from telegram import Bot
    from telegram.error import NetworkError

    urls = _api_urls(settings)
    bot = (
        Bot(_token(settings), base_url=urls["base_url"], base_file_url=urls["base_file_url"])
        if urls
        else Bot(_token(settings))
    )
    try:
        async with bot:
            await bot.get_me()
    except InvalidToken:
        raise ConfigError(_REJECTED) from None
    except NetworkError as exc:
        where = settings.telegram_api_url or "api.telegram.org"
        raise BackendUnavailableError(
            f"cannot reach the Telegram Bot API at {where} ({type(exc).__name__}); check the network "
            "or DTBOT_TELEGRAM_API_URL."
        ) from None


def build_application(settings: Settings, services: Services | None = None) -> Application:  # type: ignore[type-arg]
    """Wire settings, services, gates and handlers into a PTB Application (no network I/O here)."""
    services = services or Services()
    token = _token(settings)
    protect_secret(token)
    if settings.webhook_secret:
        protect_secret(settings.webhook_secret.get_secret_value())
    limiter = (
        AIORateLimiter(max_retries=services.rate_limit_retries)
        if services.telegram_flood_limits
        else AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=services.rate_limit_retries)
    )
    queue = InboxQueue()
    builder = (
        ApplicationBuilder()
        .application_class(DtbotApplication, kwargs={"on_update_done": services.on_update_done})
        .update_queue(queue)
        .token(token)
        .rate_limiter(limiter)
        .concurrent_updates(services.concurrent_updates)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    urls = _api_urls(settings)
    if urls:
        builder = builder.base_url(urls["base_url"]).base_file_url(urls["base_file_url"])
    app = builder.build()
    rt = Runtime(settings=settings, services=services)
    app.bot_data["runtime"] = rt
    app.bot_data["inbox"] = Inbox(rt, queue)
    access.install(app)
    handlers.install(app)
    return app


async def _post_init(app: Application) -> None:  # type: ignore[type-arg]
    rt: Runtime = app.bot_data["runtime"]
    await rt.open()
    await app.bot_data["inbox"].start(app)  # what a killed predecessor left unanswered comes first
    reindex_schedule.start(app)  # DTBOT_REINDEX_INTERVAL (off by default)
    commands = [BotCommand(name, text) for name, text in handlers.COMMANDS]
    try:
        await app.bot.set_my_commands(commands)
        await app.bot.set_my_commands(
            [BotCommand(c, _COMMANDS_RU[c]) for c, _ in handlers.COMMANDS], language_code="ru"
        )
        await app.bot.set_my_commands(
            [BotCommand(c, _COMMANDS_KY[c]) for c, _ in handlers.COMMANDS], language_code="ky"
        )
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", type(exc).__name__)


async def _post_shutdown(app: Application) -> None:  # type: ignore[type-arg]
    rt: Runtime = app.bot_data["runtime"]
    await reindex_schedule.stop(app)
    await app.bot_data["inbox"].stop()
    await rt.close()


def webhook_params(settings: Settings) -> dict[str, Any]:
    """Arguments of ``run_webhook`` / ``Updater.start_webhook`` for ``settings``."""
    if not settings.webhook_url:
        raise ConfigError("DTBOT_WEBHOOK_URL is not set.")
    if not settings.webhook_secret or not settings.webhook_secret.get_secret_value():
        raise ConfigError(
            "DTBOT_WEBHOOK_SECRET is required when DTBOT_WEBHOOK_URL is set "
            "(1-256 characters A-Z a-z 0-9 _ -); "
            "Telegram sends it with every update so the bot can reject forged requests."
        )
    path = urlparse(settings.webhook_url).path.strip("/") or "telegram"
    if path in ("healthz", "readyz"):
        raise ConfigError(
            f"DTBOT_WEBHOOK_URL's path /{path} is the webhook server's health route; pick another."
        )
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": path,
        "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret.get_secret_value(),
        "allowed_updates": ALLOWED_UPDATES,
    }


def configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("httpx", "httpcore", "hpack", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)


def run(settings: Settings) -> None:
    """Run the bot until interrupted: long polling, or a webhook server when ``webhook_url`` is set."""
    _token(settings)
    params = webhook_params(settings) if settings.webhook_url else None
    configure_logging()
    protect_secret(_token(settings))
    asyncio.run(_preflight(settings))
    app = build_application(settings)
    try:
        # embedded Chroma: no other process may ingest into this home while the bot serves it
        with serving_lock(settings):
            if params is not None:
                from bot.webhook import serve_webhook  # our tornado server: the webhook + /healthz + /readyz

                asyncio.run(serve_webhook(app, settings))
            else:
                log.info("starting long polling")
                app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        # PTB's message quotes the whole token: replace it, and drop the chained traceback
        raise ConfigError(_REJECTED) from None
