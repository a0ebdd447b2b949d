"""A scriptable OpenAI-compatible HTTP server on 127.0.0.1 for tests (no internet needed).

Endpoints: ``POST /v1/chat/completions`` (JSON, or SSE when ``stream: true``), ``POST /v1/embeddings``
(deterministic vectors, ``encoding_format`` ``"float"`` or ``"base64"``; model ``"ngram-512"`` serves a
real hashed character n-gram embedding, any other model hash-derived random vectors) and ``GET /v1/models``.

Each test scripts what the next calls get; scripted behaviours are consumed in order per endpoint and
the server falls back to ``default`` (chat) or to real vectors (embeddings) once the queue is empty::

    async with OpenAIServer() as server:
        server.reply("Answer [1].").error(429).stream("Hello there", chunk_size=3)
        server.respond(lambda call: "ru" if "Привет" in call.prompt else "en")
        ...  # point a client at server.base_url
        assert server.chat_requests[0].headers["authorization"] == "Bearer test-key"

Content behaviours (``reply``, ``stream``, ``respond``) follow the request's ``stream`` flag: a streaming
request gets SSE chunks, a plain one gets one ``chat.completion`` object. ``error``, ``delay`` and
``garbage`` can target ``endpoint="embeddings"`` too. For sync code or a CLI subprocess, use
:func:`run_in_thread`, which serves from a background thread with its own event loop.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import inspect
import itertools
import json
import math
import re
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

Endpoint = Literal["chat", "embeddings"]
DEFAULT_REPLY = "This is a test reply."


# --------------------------------------------------------------------------- behaviours
@dataclass
class Reply:
    """Answer with ``text`` (one JSON object, or SSE chunks of ``chunk_size`` when streaming)."""

    text: str
    chunk_size: int = 8
    interval: float = 0.0


@dataclass
class Stream(Reply):
    """Like :class:`Reply`, but with explicit chunking (and an optional pause between chunks)."""


@dataclass
class Error:
    """Answer with an HTTP error; ``body`` defaults to OpenAI's ``{"error": {...}}`` shape."""

    status: int
    body: Any = None
    retry_after: float | str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Delay:
    """Sleep ``seconds`` before acting as ``then`` (or the default), e.g. to trip a client timeout."""

    seconds: float
    then: Behaviour | None = None


@dataclass
class Garbage:
    """A broken answer: ``"json"`` invalid JSON, ``"shape"`` valid JSON of the wrong shape,
    ``"empty"`` a well-formed completion with empty content."""

    kind: Literal["json", "shape", "empty"] = "json"


@dataclass
class ChatCall:
    """What a :class:`Respond` callable receives: the parsed chat request."""

    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    @property
    def model(self) -> str | None:
        return self.body.get("model")

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    def contents(self, role: str | None = None) -> list[str]:
        """Text of every message (optionally only those of ``role``), in order."""
        wanted = [m for m in self.messages if role is None or m.get("role") == role]
        return [_content_text(m.get("content")) for m in wanted]

    @property
    def system(self) -> str:
        return "\n".join(self.contents("system"))

    @property
    def user(self) -> str:
        """The last user message."""
        users = self.contents("user")
        return users[-1] if users else ""

    @property
    def prompt(self) -> str:
        """All message texts joined: handy for ``"[1]" in call.prompt``."""
        return "\n".join(self.contents())


Responder = Callable[[ChatCall], "str | Behaviour | Awaitable[str | Behaviour]"]


@dataclass
class Respond:
    """Compute the answer from the request: ``fn(ChatCall)`` returns text or another behaviour."""

    fn: Responder


Behaviour = Reply | Stream | Error | Delay | Garbage | Respond


@dataclass
class RecordedRequest:
    """One request as the server saw it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any
    body: bytes

    @property
    def chat(self) -> ChatCall:
        return ChatCall(self.json if isinstance(self.json, dict) else {})


# --------------------------------------------------------------------------- helpers
def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return "" if content is None else str(content)


def fake_embedding(text: str, dim: int) -> list[float]:
    """A deterministic unit vector for ``text`` (same text → same vector, across runs)."""
    values: list[float] = []
    counter = 0
    while len(values) < dim:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend((b / 127.5) - 1.0 for b in digest)
        counter += 1
    values = values[:dim]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


NGRAM_MODEL = "ngram-512"


def ngram_embedding(text: str, dim: int = 512, sizes: tuple[int, ...] = (3, 4, 5)) -> list[float]:
    """A deterministic bag of hashed character n-grams of the words (3–5, lower-cased, fastText-style
    ``<word>`` boundaries; words under 3 letters skipped), log-scaled counts, L2-normalised: a real, if
    crude, embedding model whose similarity scale is nothing like multilingual-e5's (unrelated texts
    ~0.1–0.4 instead of ~0.7–0.85). It cannot match across scripts."""
    counts = [0.0] * dim
    for word in re.findall(r"\w{3,}", text.lower()):
        padded = f"<{word}>"
        for n in sizes:
            for i in range(len(padded) - n + 1):
                gram = padded[i : i + n]
                h = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=8).digest(), "little")
                counts[h % dim] += 1.0
    values = [math.log1p(c) for c in counts]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


def _error_body(status: int) -> dict[str, Any]:
    kinds = {
        400: ("invalid_request_error", "Bad request"),
        401: ("invalid_request_error", "Incorrect API key provided"),
        404: ("invalid_request_error", "Not found"),
        429: ("rate_limit_exceeded", "Rate limit reached, slow down"),
        500: ("server_error", "The server had an error while processing your request"),
        503: ("server_error", "The engine is currently overloaded"),
    }
    kind, message = kinds.get(status, ("server_error", f"Error {status}"))
    return {"error": {"message": message, "type": kind, "param": None, "code": kind}}


def _chunks(text: str, size: int) -> list[str]:
    size = max(1, size)
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _tokens(text: str) -> int:
    return max(1, len(text.split()))


# --------------------------------------------------------------------------- server
class OpenAIServer:
    """The server. Start with ``async with`` (or ``await start()``); ``base_url`` ends in ``/v1``."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        embedding_dim: int = 16,
        default: Behaviour | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.embedding_dim = embedding_dim
        self.default: Behaviour = default if default is not None else Reply(DEFAULT_REPLY)
        self.requests: list[RecordedRequest] = []
        self._queues: dict[str, deque[Behaviour]] = {"chat": deque(), "embeddings": deque()}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._closing: asyncio.Event | None = None

    # ---- scripting (each returns self so calls chain) -----------------------------------
    def enqueue(self, *behaviours: Behaviour, endpoint: Endpoint = "chat") -> OpenAIServer:
        with self._lock:
            self._queues[endpoint].extend(behaviours)
        return self

    def reply(self, text: str) -> OpenAIServer:
        return self.enqueue(Reply(text))

    def stream(self, text: str, chunk_size: int = 4, interval: float = 0.0) -> OpenAIServer:
        return self.enqueue(Stream(text, chunk_size=chunk_size, interval=interval))

    def error(
        self,
        status: int,
        body: Any = None,
        *,
        retry_after: float | str | None = None,
        headers: dict[str, str] | None = None,
        endpoint: Endpoint = "chat",
    ) -> OpenAIServer:
        """Queue an HTTP error. A 429 carries ``retry-after`` (default ``1``) unless told otherwise."""
        if status == 429 and retry_after is None:
            retry_after = 1
        return self.enqueue(Error(status, body, retry_after, dict(headers or {})), endpoint=endpoint)

    def delay(
        self, seconds: float, then: Behaviour | None = None, *, endpoint: Endpoint = "chat"
    ) -> OpenAIServer:
        return self.enqueue(Delay(seconds, then), endpoint=endpoint)

    def garbage(
        self, kind: Literal["json", "shape", "empty"] = "json", *, endpoint: Endpoint = "chat"
    ) -> OpenAIServer:
        return self.enqueue(Garbage(kind), endpoint=endpoint)

    def respond(self, fn: Responder) -> OpenAIServer:
        return self.enqueue(Respond(fn))

    def clear(self) -> None:
        """Drop every scripted behaviour and recorded request."""
        with self._lock:
            for queue in self._queues.values():
                queue.clear()
            self.requests.clear()

    def pending(self, endpoint: Endpoint = "chat") -> int:
        """How many scripted behaviours are still queued."""
        with self._lock:
            return len(self._queues[endpoint])

    def _next(self, endpoint: Endpoint) -> Behaviour | None:
        with self._lock:
            queue = self._queues[endpoint]
            return queue.popleft() if queue else None

    # ---- recorded requests --------------------------------------------------------------
    def requests_to(self, suffix: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith(suffix)]

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return self.requests_to("/chat/completions")

    @property
    def embedding_requests(self) -> list[RecordedRequest]:
        return self.requests_to("/embeddings")

    @property
    def last_chat(self) -> ChatCall:
        """The most recent chat request (raises ``IndexError`` when there was none)."""
        return self.chat_requests[-1].chat

    # ---- lifecycle ----------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._runner is None:
            raise RuntimeError("server not started")
        return f"http://{self.host}:{self.port}/v1"

    async def start(self) -> OpenAIServer:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_get("/v1/models", self._models)
        self._closing = asyncio.Event()
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5, handler_cancellation=True)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(runner, sock).start()
        self._runner = runner
        return self

    async def stop(self) -> None:
        if self._closing is not None:
            self._closing.set()  # wake handlers sleeping in a Delay
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> OpenAIServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- handlers -----------------------------------------------------------------------
    async def _record(self, request: web.Request) -> RecordedRequest:
        body = await request.read()
        try:
            parsed: Any = json.loads(body) if body else None
        except ValueError:
            parsed = None
        rec = RecordedRequest(
            method=request.method,
            path=request.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            json=parsed,
            body=body,
        )
        with self._lock:
            self.requests.append(rec)
        return rec

    async def _models(self, request: web.Request) -> web.Response:
        await self._record(request)
        model = self.chat_requests[-1].chat.model if self.chat_requests else None
        ids = sorted({"gpt-4o-mini", "text-embedding-3-small", *([model] if model else [])})
        data = [{"id": i, "object": "model", "created": 0, "owned_by": "dtbot-tests"} for i in ids]
        return web.json_response({"object": "list", "data": data})

    async def _sleep(self, seconds: float) -> None:
        assert self._closing is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), timeout=seconds)

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        rec = await self._record(request)
        if not isinstance(rec.json, dict) or not isinstance(rec.json.get("messages"), list):
            return web.json_response(_error_body(400), status=400)
        call = rec.chat
        behaviour: Behaviour | None = self._next("chat") or self.default
        while True:
            if isinstance(behaviour, Delay):
                await self._sleep(behaviour.seconds)
                behaviour = behaviour.then or self.default
            elif isinstance(behaviour, Respond):
                result = behaviour.fn(call)
                if inspect.isawaitable(result):
                    result = await result
                behaviour = Reply(result) if isinstance(result, str) else result
            else:
                break
        if isinstance(behaviour, Error):
            return self._error(behaviour)
        if isinstance(behaviour, Garbage):
            return await self._chat_garbage(request, call, behaviour)
        assert isinstance(behaviour, Reply)
        if call.stream:
            return await self._chat_stream(request, call, behaviour)
        return web.json_response(self._completion(call, behaviour.text))

    def _error(self, err: Error) -> web.Response:
        headers = dict(err.headers)
        if err.retry_after is not None:
            headers["retry-after"] = str(err.retry_after)
        body = err.body if err.body is not None else _error_body(err.status)
        if isinstance(body, (dict, list)):
            return web.json_response(body, status=err.status, headers=headers)
        return web.Response(text=str(body), status=err.status, headers=headers)

    def _completion(self, call: ChatCall, text: str) -> dict[str, Any]:
        prompt_tokens = _tokens(call.prompt)
        return {
            "id": f"chatcmpl-test-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": call.model or "gpt-4o-mini",
            "system_fingerprint": "fp_test",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "logprobs": None,
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": _tokens(text),
                "total_tokens": prompt_tokens + _tokens(text),
            },
        }

    def _chunk(self, call: ChatCall, cid: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": call.model or "gpt-4o-mini",
            "system_fingerprint": "fp_test",
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }

    async def _sse(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            status=200, headers={"content-type": "text/event-stream", "cache-control": "no-cache"}
        )
        await response.prepare(request)
        return response

    async def _chat_stream(self, request: web.Request, call: ChatCall, reply: Reply) -> web.StreamResponse:
        response = await self._sse(request)
        cid = f"chatcmpl-test-{next(self._ids)}"

        async def send(obj: Any) -> None:
            await response.write(f"data: {json.dumps(obj, ensure_ascii=False)}\n\n".encode())

        await send(self._chunk(call, cid, {"role": "assistant", "content": ""}, None))
        for piece in _chunks(reply.text, reply.chunk_size):
            if reply.interval:
                await self._sleep(reply.interval)
            await send(self._chunk(call, cid, {"content": piece}, None))
        await send(self._chunk(call, cid, {}, "stop"))
        if (call.body.get("stream_options") or {}).get("include_usage"):
            usage = self._completion(call, reply.text)["usage"]
            final = self._chunk(call, cid, {}, None)
            final["choices"], final["usage"] = [], usage
            await send(final)
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    async def _chat_garbage(self, request: web.Request, call: ChatCall, g: Garbage) -> web.StreamResponse:
        if g.kind == "empty":
            if call.stream:
                return await self._chat_stream(request, call, Reply(""))
            return web.json_response(self._completion(call, ""))
        if call.stream:
            response = await self._sse(request)
            if g.kind == "json":
                await response.write(b'data: {"id": "chatcmpl-broken", "choices": [{"delta": \n\n')
            else:
                await response.write(b'data: {"unexpected": true, "choices": "nope"}\n\n')
            await response.write(b"data: [DONE]\n\n")
            await response.write_eof()
            return response
        if g.kind == "json":
            broken = '{"id": "chatcmpl-broken", "choices": ['
            return web.Response(text=broken, content_type="application/json")
        return web.json_response({"unexpected": True, "choices": "nope"})

    async def _embeddings(self, request: web.Request) -> web.StreamResponse:
        rec = await self._record(request)
        behaviour = self._next("embeddings")
        while isinstance(behaviour, Delay):
            await self._sleep(behaviour.seconds)
            behaviour = behaviour.then
        if isinstance(behaviour, Error):
            return self._error(behaviour)
        if isinstance(behaviour, Garbage):
            if behaviour.kind == "json":
                return web.Response(text='{"data": [', content_type="application/json")
            return web.json_response({"unexpected": True})
        body = rec.json if isinstance(rec.json, dict) else None
        if body is None or "input" not in body:
            return web.json_response(_error_body(400), status=400)
        raw = body["input"]
        if isinstance(raw, str) or (isinstance(raw, list) and raw and isinstance(raw[0], int)):
            inputs: list[Any] = [raw]
        else:
            inputs = list(raw)
        ngram = body.get("model") == NGRAM_MODEL
        dim = int(body.get("dimensions") or (512 if ngram else self.embedding_dim))
        as_base64 = body.get("encoding_format") == "base64"
        data = []
        for i, item in enumerate(inputs):
            text = item if isinstance(item, str) else json.dumps(item)
            vector = ngram_embedding(text, dim) if ngram else fake_embedding(text, dim)
            embedding: Any = vector
            if as_base64:
                embedding = base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode()
            data.append({"object": "embedding", "index": i, "embedding": embedding})
        tokens = sum(_tokens(x) if isinstance(x, str) else len(x) for x in inputs)
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": body.get("model") or "text-embedding-3-small",
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )


# --------------------------------------------------------------------------- background thread
def run_in_thread(**kwargs: Any) -> tuple[OpenAIServer, Callable[[], None]]:
    """Serve from a daemon thread with its own event loop (for sync clients or a CLI subprocess).

    Returns the started server (``base_url`` ready) and an idempotent ``stop()``.
    Scripting methods are thread-safe, so the test thread may queue behaviours at any time.
    """
    server = OpenAIServer(**kwargs)
    loop = asyncio.new_event_loop()
    started = threading.Event()
    failure: list[BaseException] = []

    def serve() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
        except BaseException as exc:  # pragma: no cover - reported to the caller below
            failure.append(exc)
            started.set()
            return
        started.set()
        loop.run_forever()
        loop.run_until_complete(server.stop())
        loop.close()

    thread = threading.Thread(target=serve, name="openai-test-server", daemon=True)
    thread.start()
    started.wait(10)
    if failure:
        raise failure[0]

    def stop() -> None:
        if thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(10)

    return server, stop
