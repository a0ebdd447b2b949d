"""A loopback Telegram Bot API server for tests: real HTTP, real error bodies, no network.

Runs an aiohttp server in the current event loop on 127.0.0.1 (ephemeral port) and answers
``/bot{token}/{method}`` like api.telegram.org does for the subset dtbot uses. Tests drive it with
``user_sends`` / ``user_edits`` / ``user_clicks`` and wait for the bot's calls with ``wait_for``
(event driven, no sleeps).

Behaviour modelled on the real server:

* ``getUpdates`` offset semantics (updates with id < offset are confirmed and dropped) and long
  polling (returns as soon as an update is queued, else after ``timeout`` seconds);
  409 while a webhook is set.
* ``setWebhook`` stores url + secret; queued updates are then POSTed to the bot with header
  ``X-Telegram-Bot-Api-Secret-Token`` (failed deliveries are retried a few times).
* Message text 1-4096 characters after entity parsing, HTML parse mode parsed like tdlib
  (see :mod:`tests.telegram.tg_html`), callback_data <= 64 bytes, "message is not modified",
  429 with ``retry_after`` under a configurable flood policy, 404 for unknown methods
  (recorded in :attr:`TelegramEmulator.unknown_methods`), 401 for a wrong token.
* ``sendDocument`` with a multipart upload (file name and type kept, 50 MB and 1024-character caption
  limits); every uploaded file is kept in :attr:`TelegramEmulator.documents`.
* Privacy mode: in groups only commands, replies to the bot and mentions reach the bot; the
  others are kept in :attr:`TelegramEmulator.withheld`.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from tests.telegram.tg_html import HtmlParseError, parse_html, utf16_len

log = logging.getLogger("tests.telegram.emulator")

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_UPLOAD = 50 * 1024 * 1024  # bots may upload files up to 50 MB
MAX_CALLBACK_DATA = 64
CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_JSON_FIELDS = {
    "reply_markup",
    "entities",
    "link_preview_options",
    "reply_parameters",
    "commands",
    "scope",
    "allowed_updates",
    "caption_entities",
}
_INT_FIELDS = {"chat_id", "message_id", "offset", "limit", "timeout", "user_id", "max_connections"}
_BOOL_FIELDS = {"drop_pending_updates", "show_alert", "disable_notification"}
_COMMAND_RE = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{4,32}")


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class Call:
    """One request the bot made."""

    seq: int
    method: str
    params: dict[str, Any]
    ok: bool
    result: Any = None
    error: dict[str, Any] | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if isinstance(value, int | str) and str(value).lstrip("-").isdigit() else None

    @property
    def text(self) -> str:
        """Plain text (after entity parsing) for sendMessage/editMessageText, else ''."""
        if isinstance(self.result, dict):
            return str(self.result.get("text", ""))
        return ""


@dataclass
class Upload:
    """A file the bot uploaded in a multipart request (``sendDocument``)."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class _Pending:
    update: dict[str, Any]
    sticky: bool = False  # a redelivered update: survives one offset confirmation
    delivered: bool = False


@dataclass
class Flood:
    after: int
    retry_after: int
    count: int
    seen: int = 0


class TelegramEmulator:
    """See the module docstring. Use as ``async with TelegramEmulator() as emu:``."""

    def __init__(
        self,
        token: str = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz",
        *,
        bot_username: str = "dtbot_test_bot",
        bot_name: str = "DT Bot",
        privacy_mode: bool = True,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.privacy_mode = privacy_mode
        self.calls: list[Call] = []
        self.documents: list[tuple[int, Upload]] = []  # (chat id, file) of every sendDocument
        self.unknown_methods: list[str] = []
        self.withheld: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {"url": "", "secret_token": None}
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self._floods: dict[str, Flood] = {}
        self._queue: list[_Pending] = []  # pending updates, ascending update_id
        self._query_chats: dict[str, int] = {}
        self._update_ids = itertools.count(100_001)
        self._msg_ids: dict[int, itertools.count[int]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._open_queries: set[str] = set()
        self._query_ids = itertools.count(7_000_000_001)
        self._seq = itertools.count(1)
        self.listeners: list[Callable[[Call], None]] = []  # called with every recorded call
        self._changed = asyncio.Condition()
        self._webhook_wakeup = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._session: ClientSession | None = None
        self.port = 0

    # ------------------------------------------------------------------ lifecycle
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_base_url(self) -> str:
        """What to pass as ``Bot(base_url=...)``."""
        return f"{self.url}/bot"

    async def start(self) -> TelegramEmulator:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[union-attr]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._session = ClientSession(timeout=ClientTimeout(total=30))
        self._webhook_task = asyncio.create_task(self._webhook_pusher())
        return self

    async def stop(self) -> None:
        if self._webhook_task:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> TelegramEmulator:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ configuration
    def flood(self, method: str, *, after: int = 0, retry_after: int = 1, count: int = 1) -> None:
        """After ``after`` successful calls of ``method``, answer the next ``count`` calls with 429."""
        self._floods[method] = Flood(after=after, retry_after=retry_after, count=count)

    # ------------------------------------------------------------------ users, chats, updates
    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> dict[str, Any]:
        """Register (or fetch) a user; returns the Telegram ``User`` dict."""
        if user_id not in self._users or first_name or username:
            u: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}"}
            if username:
                u["username"] = username
            if language_code:
                u["language_code"] = language_code
            self._users[user_id] = u
        return self._users[user_id]

    def group(self, chat_id: int, title: str = "Task Force", *, kind: str = "supergroup") -> dict[str, Any]:
        """Register (or fetch) a group chat (negative id)."""
        assert chat_id < 0, "group ids are negative"
        self._chats.setdefault(chat_id, {"id": chat_id, "type": kind, "title": title})
        return self._chats[chat_id]

    def _resolve_user(self, user: int | dict[str, Any]) -> dict[str, Any]:
        if isinstance(user, dict):
            self._users[user["id"]] = user
            return user
        return self.user(user)

    def _resolve_chat(self, chat: int | dict[str, Any] | None, user: dict[str, Any]) -> dict[str, Any]:
        if chat is None or chat == user["id"]:
            priv = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
            if "username" in user:
                priv["username"] = user["username"]
            self._chats[user["id"]] = priv
            return priv
        if isinstance(chat, dict):
            self._chats[chat["id"]] = chat
            return chat
        return self.group(chat)

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._msg_ids.setdefault(chat_id, itertools.count(1)))

    @staticmethod
    def _entities_for(text: str) -> list[dict[str, Any]]:
        ents: list[dict[str, Any]] = []
        for rx, kind in ((_COMMAND_RE, "bot_command"), (_MENTION_RE, "mention")):
            for m in rx.finditer(text):
                ents.append(
                    {"type": kind, "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
                )
        ents.sort(key=lambda e: e["offset"])
        return ents

    def user_sends(
        self,
        text: str,
        *,
        user: int | dict[str, Any] = 1001,
        chat: int | dict[str, Any] | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user sends ``text``; returns the Update dict (queued unless privacy mode withholds it)."""
        u = self._resolve_user(user)
        c = self._resolve_chat(chat, u)
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(c["id"]),
            "from": u,
            "chat": c,
            "date": int(time.time()),
            "text": text,
        }
        ents = self._entities_for(text)
        if ents:
            msg["entities"] = ents
        if reply_to is not None:
            msg["reply_to_message"] = self._messages.get((c["id"], reply_to["message_id"]), reply_to)
        self._messages[(c["id"], msg["message_id"])] = msg
        update = {"update_id": next(self._update_ids), "message": msg}
        if c["type"] != "private" and self.privacy_mode and not self._bot_may_see(msg):
            self.withheld.append(update)
            return update
        self._enqueue(update)
        return update

    def user_edits(self, update_or_message: dict[str, Any], new_text: str) -> dict[str, Any]:
        """The author edits an earlier message; returns the ``edited_message`` Update."""
        old = update_or_message.get("message", update_or_message)
        msg = dict(old)
        msg["text"] = new_text
        msg["edit_date"] = int(time.time())
        ents = self._entities_for(new_text)
        msg.pop("entities", None)
        if ents:
            msg["entities"] = ents
        self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
        update = {"update_id": next(self._update_ids), "edited_message": msg}
        if msg["chat"]["type"] != "private" and self.privacy_mode and not self._bot_may_see(msg):
            self.withheld.append(update)
            return update
        self._enqueue(update)
        return update

    def user_clicks(
        self, message: dict[str, Any] | Call, button_text: str, *, user: int | dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A user presses the inline button labelled ``button_text`` under a bot message."""
        if isinstance(message, Call):
            message = message.result
        stored = self._messages[(message["chat"]["id"], message["message_id"])]
        buttons = [b for row in stored.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
        matching = [b for b in buttons if b.get("text") == button_text]
        if not matching:
            raise AssertionError(f"no button {button_text!r}; buttons: {[b.get('text') for b in buttons]}")
        if user is None:
            user = stored["chat"]["id"] if stored["chat"]["type"] == "private" else 1001
        u = self._resolve_user(user)
        qid = str(next(self._query_ids))
        self._open_queries.add(qid)
        self._query_chats[qid] = stored["chat"]["id"]
        query = {
            "id": qid,
            "from": u,
            "message": stored,
            "chat_instance": str(abs(stored["chat"]["id"]) * 7 + 3),
            "data": matching[0].get("callback_data"),
        }
        update = {"update_id": next(self._update_ids), "callback_query": query}
        self._enqueue(update)
        return update

    def user_presses(
        self, message: dict[str, Any] | Call, data: str, *, user: int | dict[str, Any]
    ) -> dict[str, Any]:
        """A (possibly modified) client sends a callback query with arbitrary ``data`` for a bot message:
        forged or replayed button presses, which the real server passes on unchecked."""
        if isinstance(message, Call):
            message = message.result
        stored = self._messages.get((message["chat"]["id"], message["message_id"]), message)
        u = self._resolve_user(user)
        qid = str(next(self._query_ids))
        self._open_queries.add(qid)
        self._query_chats[qid] = stored["chat"]["id"]
        query = {
            "id": qid,
            "from": u,
            "message": stored,
            "chat_instance": str(abs(stored["chat"]["id"]) * 7 + 3),
            "data": data,
        }
        update = {"update_id": next(self._update_ids), "callback_query": query}
        self._enqueue(update)
        return update

    def redeliver(self, update: dict[str, Any]) -> None:
        """Deliver an update again with the same ``update_id`` (a lost confirmation / webhook retry)."""
        self._queue.append(_Pending(update, sticky=True))
        self._queue.sort(key=lambda pending: pending.update["update_id"])
        self._wake()

    def _bot_may_see(self, msg: dict[str, Any]) -> bool:
        text = msg.get("text", "")
        me = self.bot_username.lower()
        for ent in msg.get("entities", []):
            token = _utf16_slice(text, ent["offset"], ent["length"])
            if ent["type"] == "bot_command":
                _, _, target = token.partition("@")
                if not target or target.lower() == me:
                    return True
            if ent["type"] == "mention" and token[1:].lower() == me:
                return True
        reply = msg.get("reply_to_message")
        return bool(reply and reply.get("from", {}).get("id") == self.bot_id)

    def _enqueue(self, update: dict[str, Any]) -> None:
        self._queue.append(_Pending(update))
        self._wake()

    def _wake(self) -> None:
        self._webhook_wakeup.set()
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # ------------------------------------------------------------------ inspection
    def mark(self) -> int:
        """Index into :attr:`calls`; pass as ``since=`` to only look at later calls."""
        return len(self.calls)

    def find(
        self,
        method: str | None = None,
        predicate: Callable[[Call], bool] | None = None,
        *,
        since: int = 0,
        ok: bool | None = True,
    ) -> list[Call]:
        return [
            c
            for c in self.calls[since:]
            if (method is None or c.method == method)
            and (ok is None or c.ok is ok)
            and (predicate is None or predicate(c))
        ]

    def outgoing(self, chat_id: int | None = None, *, since: int = 0) -> list[Call]:
        """Calls that would be visible to a user (everything but polling/setup), optionally per chat."""
        quiet = {
            "getUpdates",
            "getMe",
            "deleteWebhook",
            "setWebhook",
            "getWebhookInfo",
            "setMyCommands",
            "close",
            "logOut",
        }
        return [
            c
            for c in self.calls[since:]
            if c.method not in quiet
            and (chat_id is None or c.chat_id == chat_id or _query_chat(self, c) == chat_id)
        ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        timeout: float = 10.0,
        since: int = 0,
        ok: bool | None = True,
        count: int = 1,
    ) -> Call:
        """Wait (event driven) until ``count`` matching calls exist; return the last of them."""

        def ready() -> bool:
            return len(self.find(method, predicate, since=since, ok=ok)) >= count

        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(ready), timeout)
            except TimeoutError:
                seen = [(c.method, c.ok, c.params.get("text", "")[:60]) for c in self.calls[since:]]
                raise AssertionError(f"timed out waiting for {method} (x{count}); calls: {seen}") from None
        return self.find(method, predicate, since=since, ok=ok)[count - 1]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """Current state of a stored message (after edits)."""
        return self._messages[(chat_id, message_id)]

    # ------------------------------------------------------------------ HTTP
    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        if token != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        try:
            params = await self._params(request)
        except ValueError as exc:
            return web.json_response(bad(str(exc)).body(), status=400)
        handler = getattr(self, f"_api_{method.lower()}", None)
        call = Call(seq=next(self._seq), method=method, params=params, ok=False)
        try:
            if handler is None:
                self.unknown_methods.append(method)
                log.error("emulator: unknown Bot API method %r called", method)
                raise ApiError(404, "Not Found")
            self._check_flood(method)
            result = await handler(params)
            call.ok, call.result = True, result
            body: dict[str, Any] = {"ok": True, "result": result}
            status = 200
        except ApiError as err:
            call.error = err.body()
            body, status = err.body(), err.code
        if method != "getUpdates" or call.result or not call.ok:
            self.calls.append(call)
            for listener in self.listeners:
                listener(call)
            await self._notify()
        return web.json_response(body, status=status)

    async def _params(self, request: web.Request) -> dict[str, Any]:
        raw: dict[str, Any] = dict(request.query)
        ctype = request.content_type
        if request.can_read_body:
            if ctype == "application/json":
                raw.update(await request.json())
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, str):
                        raw[key] = value
                    else:  # a file part: keep its name and type, as the real server does
                        raw[key] = Upload(value.filename, value.content_type, value.file.read())
        params: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, str) and key in _JSON_FIELDS:
                try:
                    value = json.loads(value)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"can't parse {key} JSON object") from exc
            elif isinstance(value, str) and key in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
                value = int(value)
            elif isinstance(value, str) and key in _BOOL_FIELDS:
                value = value.lower() in ("true", "1")
            params[key] = value
        return params

    def _check_flood(self, method: str) -> None:
        flood = self._floods.get(method)
        if flood is None:
            return
        flood.seen += 1
        if flood.seen > flood.after and flood.count > 0:
            flood.count -= 1
            raise ApiError(
                429,
                f"Too Many Requests: retry after {flood.retry_after}",
                {"retry_after": flood.retry_after},
            )

    # ------------------------------------------------------------------ methods
    def _me(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": self.bot_name, "username": self.bot_username}

    async def _api_getme(self, p: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._me(),
            "can_join_groups": True,
            "can_read_all_group_messages": not self.privacy_mode,
            "supports_inline_queries": False,
        }

    async def _api_getupdates(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook["url"]:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(p.get("offset", 0) or 0)
        limit = max(1, min(100, int(p.get("limit", 100) or 100)))
        timeout = max(0, int(p.get("timeout", 0) or 0))
        allowed = p.get("allowed_updates") or None

        def confirm() -> None:
            if offset:
                self._queue = [
                    q
                    for q in self._queue
                    if q.update["update_id"] >= offset or (q.sticky and not q.delivered)
                ]

        def available() -> list[_Pending]:
            confirm()
            out = [q for q in self._queue if not allowed or any(k in q.update for k in allowed)]
            return out[:limit]

        found = available()
        if not found and timeout:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(available())), timeout)
            found = available()
        for q in found:
            q.delivered = True
        return [q.update for q in found]

    def _known_chat(self, chat_id: Any) -> dict[str, Any]:
        try:
            cid = int(chat_id)
        except (TypeError, ValueError):
            raise bad("chat not found") from None
        chat = self._chats.get(cid)
        if chat is None:
            raise bad("chat not found")
        return chat

    def _parse_text(self, p: dict[str, Any], key: str = "text") -> tuple[str, list[dict[str, Any]]]:
        text = p.get(key)
        if text is None:
            raise bad("message text is empty")
        text = str(text)
        mode = (p.get("parse_mode") or "").lower()
        if mode == "html":
            try:
                text, ents = parse_html(text)
            except HtmlParseError as exc:
                raise bad(f"can't parse entities: {exc}") from None
        elif mode in ("markdown", "markdownv2"):
            raise ApiError(400, "Bad Request: emulator supports only HTML parse mode")
        else:
            ents = list(p.get("entities") or [])
        if not text.strip():
            raise bad("message text is empty")
        if len(text) > MAX_TEXT:
            raise bad("message is too long")
        return text, ents

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        if not markup:
            return None
        if not isinstance(markup, dict):
            raise bad("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise bad("BUTTON_TEXT_EMPTY")
                data = button.get("callback_data")
                if data is not None and not (1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA):
                    raise bad("BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://", str(button["url"])):
                    raise bad("BUTTON_URL_INVALID")
        return markup

    async def _api_sendmessage(self, p: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(p.get("chat_id"))
        text, ents = self._parse_text(p)
        markup = self._check_markup(p.get("reply_markup"))
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self._me(),
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }
        if ents:
            msg["entities"] = ents
        if markup and "inline_keyboard" in markup:  # a Message carries inline keyboards only (not ForceReply)
            msg["reply_markup"] = markup
        if p.get("link_preview_options"):
            msg["link_preview_options"] = p["link_preview_options"]
        reply = p.get("reply_parameters") or {}
        if reply.get("message_id"):
            target = self._messages.get((chat["id"], int(reply["message_id"])))
            if target is None and not reply.get("allow_sending_without_reply"):
                raise bad("message to be replied not found")
            if target is not None:
                msg["reply_to_message"] = target
        self._messages[(chat["id"], msg["message_id"])] = msg
        return msg

    def _stored(self, p: dict[str, Any], what: str = "edit") -> dict[str, Any]:
        if p.get("inline_message_id"):
            raise bad("emulator does not support inline messages")
        chat = self._known_chat(p.get("chat_id"))
        msg = self._messages.get((chat["id"], int(p.get("message_id") or 0)))
        if msg is None:
            raise bad(f"message to {what} not found")
        if msg["from"]["id"] != self.bot_id:
            raise bad("message can't be edited")
        return msg

    async def _api_editmessagetext(self, p: dict[str, Any]) -> dict[str, Any]:
        msg = self._stored(p)
        text, ents = self._parse_text(p)
        markup = self._check_markup(p.get("reply_markup"))
        if text == msg["text"] and ents == msg.get("entities", []) and markup == msg.get("reply_markup"):
            raise ApiError(400, NOT_MODIFIED)
        new = dict(msg, text=text, edit_date=int(time.time()))
        new.pop("entities", None)
        new.pop("reply_markup", None)
        if ents:
            new["entities"] = ents
        if markup:
            new["reply_markup"] = markup
        self._messages[(msg["chat"]["id"], msg["message_id"])] = new
        return new

    async def _api_editmessagereplymarkup(self, p: dict[str, Any]) -> dict[str, Any]:
        msg = self._stored(p)
        markup = self._check_markup(p.get("reply_markup"))
        if markup == msg.get("reply_markup"):
            raise ApiError(400, NOT_MODIFIED)
        new = dict(msg, edit_date=int(time.time()))
        new.pop("reply_markup", None)
        if markup:
            new["reply_markup"] = markup
        self._messages[(msg["chat"]["id"], msg["message_id"])] = new
        return new

    async def _api_sendchataction(self, p: dict[str, Any]) -> bool:
        self._known_chat(p.get("chat_id"))
        if p.get("action") not in CHAT_ACTIONS:
            raise bad("wrong parameter action in request")
        return True

    async def _api_senddocument(self, p: dict[str, Any]) -> dict[str, Any]:
        """A new upload (multipart) up to 50 MB, with an optional caption of at most 1024 characters."""
        chat = self._known_chat(p.get("chat_id"))
        doc = p.get("document")
        if not isinstance(doc, Upload):
            raise bad("wrong remote file identifier specified" if doc else 'parameter "document" is required')
        if not doc.data:
            raise bad("file must be non-empty")
        if len(doc.data) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        msg: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "from": self._me(),
            "chat": chat,
            "date": int(time.time()),
            "document": {
                "file_id": f"doc{len(self.documents) + 1}",
                "file_unique_id": f"u{len(self.documents) + 1}",
                "file_name": doc.filename,
                "mime_type": doc.content_type,
                "file_size": len(doc.data),
            },
        }
        if p.get("caption"):
            caption, ents = self._parse_text(p, "caption")
            if len(caption) > MAX_CAPTION:
                raise bad("message caption is too long")
            msg["caption"] = caption
            if ents:
                msg["caption_entities"] = ents
        reply = p.get("reply_parameters") or {}
        if reply.get("message_id"):
            target = self._messages.get((chat["id"], int(reply["message_id"])))
            if target is None and not reply.get("allow_sending_without_reply"):
                raise bad("message to be replied not found")
        self._messages[(chat["id"], msg["message_id"])] = msg
        self.documents.append((chat["id"], doc))
        return msg

    async def _api_answercallbackquery(self, p: dict[str, Any]) -> bool:
        qid = str(p.get("callback_query_id", ""))
        if qid not in self._open_queries:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        if len(str(p.get("text") or "")) > 200:
            raise bad("MESSAGE_TOO_LONG")
        self._open_queries.discard(qid)
        return True

    async def _api_setmycommands(self, p: dict[str, Any]) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise bad('parameter "commands" is required')
        for cmd in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(cmd.get("command", ""))):
                raise bad("BOT_COMMAND_INVALID")
            if not 1 <= len(str(cmd.get("description", ""))) <= 256:
                raise bad("BOT_COMMAND_DESCRIPTION_INVALID")
        scope = (p.get("scope") or {}).get("type", "default")
        self.commands[f"{scope}:{p.get('language_code') or ''}"] = commands
        return True

    async def _api_getmycommands(self, p: dict[str, Any]) -> list[dict[str, Any]]:
        scope = (p.get("scope") or {}).get("type", "default")
        return self.commands.get(f"{scope}:{p.get('language_code') or ''}", [])

    async def _api_deletewebhook(self, p: dict[str, Any]) -> bool:
        self.webhook = {"url": "", "secret_token": None}
        if p.get("drop_pending_updates"):
            self._queue.clear()
        return True

    async def _api_setwebhook(self, p: dict[str, Any]) -> bool:
        url = str(p.get("url") or "")
        secret = p.get("secret_token")
        if url and not url.startswith(("http://", "https://")):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad("secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._queue.clear()
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": p.get("allowed_updates")}
        self._webhook_wakeup.set()
        return True

    async def _api_getwebhookinfo(self, p: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
            "max_connections": 40,
        }
        if self.webhook["url"]:
            info["ip_address"] = "127.0.0.1"
        return info

    async def _api_close(self, p: dict[str, Any]) -> bool:
        return True

    async def _api_logout(self, p: dict[str, Any]) -> bool:
        return True

    # ------------------------------------------------------------------ webhook delivery
    async def post_webhook(self, update: dict[str, Any], *, secret: str | None = None) -> int:
        """POST one update to the bot's webhook with the given secret header; returns the status."""
        assert self._session is not None and self.webhook["url"], "no webhook set"
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with self._session.post(self.webhook["url"], json=update, headers=headers) as resp:
            await resp.read()
            return resp.status

    async def _webhook_pusher(self) -> None:
        failures: dict[int, int] = {}
        while True:
            await self._webhook_wakeup.wait()
            self._webhook_wakeup.clear()
            while self.webhook["url"] and self._queue:
                update = self._queue[0].update
                try:
                    status = await self.post_webhook(update, secret=self.webhook.get("secret_token"))
                except OSError:
                    status = 0
                self.webhook_deliveries.append((update["update_id"], status))
                await self._notify()
                if 200 <= status < 300 or failures.get(update["update_id"], 0) >= 3:
                    self._queue.pop(0)
                else:
                    failures[update["update_id"]] = failures.get(update["update_id"], 0) + 1
                    await asyncio.sleep(0.2)  # Telegram backs off before retrying a delivery

    async def wait_webhook_delivery(self, update_id: int, *, timeout: float = 10.0) -> int:
        """Wait until the pusher delivered ``update_id``; return the HTTP status of that delivery."""

        def done() -> bool:
            return any(u == update_id for u, _ in self.webhook_deliveries)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(done), timeout)
        return next(s for u, s in self.webhook_deliveries if u == update_id)


def _utf16_slice(text: str, offset: int, length: int) -> str:
    raw = text.encode("utf-16-le")
    return raw[offset * 2 : (offset + length) * 2].decode("utf-16-le")


def _query_chat(emu: TelegramEmulator, call: Call) -> int | None:
    """The chat a callback query answer belongs to (for :meth:`TelegramEmulator.outgoing`)."""
    if call.method != "answerCallbackQuery":
        return None
    return emu._query_chats.get(str(call.params.get("callback_query_id")))
