"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1 for chaos tests (no internet, loopback upstreams only).

Put it in front of a loopback server (``tests/openai_server.py`` today, a Chroma server later) and point
the client at ``proxy.base_url``. Each accepted connection carries exactly one request: the proxy reads
the request, forwards it with ``Connection: close`` and relays the answer, so a fault applies per
connection *and* per request (a client's retry is a new connection and gets the next fault)::

    async with OpenAIServer() as llm, ChaosProxy(llm.base_url) as proxy:
        proxy.script(status(503), reset(), PASS)          # the next three requests, in order
        proxy.mix(seed=7, faults={PASS: 3, delay(5): 1})  # then a seeded random mix (soak runs)
        ...  # client → proxy.base_url
        proxy.injected  # Counter of faults applied, by kind

Faults (:class:`Fault`, built with the functions below): ``PASS`` (forward unchanged), ``delay(s, then)``
(hold the request ``s`` seconds, then act as ``then``), ``reset(after_bytes)`` (RST — SO_LINGER 0 —
before forwarding, or after relaying ``after_bytes`` of the answer), ``status(code)`` (answer an HTTP
error itself, OpenAI's error shape), ``truncate(n)`` (relay ``n`` bytes of the answer, then a clean
close), ``drip(bytes_per_chunk, interval)`` (relay the answer slowly), ``blackhole()`` (read the request,
never answer). Every loop is bounded: requests and answers have size caps, upstream reads an idle timeout,
and ``stop()`` cancels whatever is still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import json
import random
import socket
import struct
import threading
from collections import Counter, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

FaultKind = Literal["pass", "delay", "reset", "status", "truncate", "drip", "blackhole"]
MAX_HEAD = 64 * 1024
MAX_BODY = 32 * 1024 * 1024
_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "upgrade"}
_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass(frozen=True)
class Fault:
    """One scripted behaviour of the proxy for one connection (= one request)."""

    kind: FaultKind
    seconds: float = 0.0  # delay
    code: int = 0  # status
    n_bytes: int | None = None  # truncate; reset: None = before forwarding, else after n answer bytes
    chunk: int = 0  # drip
    interval: float = 0.0  # drip
    then: Fault | None = None  # delay: what to do afterwards (None = pass through)

    def __str__(self) -> str:
        if self.kind == "delay":
            return f"delay({self.seconds:g}s→{self.then or PASS})"
        if self.kind == "status":
            return f"status({self.code})"
        if self.kind == "reset":
            return "reset(before)" if self.n_bytes is None else f"reset(after {self.n_bytes}B)"
        if self.kind == "truncate":
            return f"truncate({self.n_bytes}B)"
        if self.kind == "drip":
            return f"drip({self.chunk}B/{self.interval:g}s)"
        return self.kind


PASS = Fault("pass")


def delay(seconds: float, then: Fault | None = None) -> Fault:
    """Hold the request ``seconds`` (e.g. past the client's timeout), then act as ``then`` (pass)."""
    if seconds < 0:
        raise ValueError("delay must be >= 0")
    return Fault("delay", seconds=seconds, then=then)


def reset(after_bytes: int | None = None) -> Fault:
    """An abrupt RST: before forwarding the request (None), or after ``after_bytes`` of the answer."""
    return Fault("reset", n_bytes=after_bytes)


def status(code: int = 503) -> Fault:
    """The proxy answers ``code`` itself (the upstream never sees the request)."""
    if not 400 <= code <= 599:
        raise ValueError("status faults are HTTP errors (400-599)")
    return Fault("status", code=code)


def truncate(n_bytes: int) -> Fault:
    """Relay the first ``n_bytes`` of the answer (status line and headers included), then close cleanly."""
    if n_bytes < 0:
        raise ValueError("truncate needs n_bytes >= 0")
    return Fault("truncate", n_bytes=n_bytes)


def drip(bytes_per_chunk: int, interval: float) -> Fault:
    """Relay the whole answer ``bytes_per_chunk`` at a time, pausing ``interval`` seconds between chunks."""
    if bytes_per_chunk < 1 or interval < 0:
        raise ValueError("drip needs bytes_per_chunk >= 1 and interval >= 0")
    return Fault("drip", chunk=bytes_per_chunk, interval=interval)


def blackhole() -> Fault:
    """Accept and read the request, never answer (until the client gives up or the proxy stops)."""
    return Fault("blackhole")


@dataclass
class Seen:
    """One connection as the proxy handled it."""

    n: int
    method: str
    path: str
    fault: Fault
    answered_bytes: int = 0  # bytes of the answer sent to the client


class _ClientGone(Exception):
    pass


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _rst(writer: asyncio.StreamWriter) -> None:
    """Close with an RST instead of a FIN (SO_LINGER on, 0 seconds), dropping anything unsent."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class ChaosProxy:
    """The proxy. ``upstream`` is a loopback URL (its path is kept in :attr:`base_url`) or ``host:port``."""

    def __init__(
        self,
        upstream: str,
        *,
        default: Fault = PASS,
        host: str = "127.0.0.1",
        idle_timeout: float = 30.0,
    ) -> None:
        parts = urlsplit(upstream if "//" in upstream else f"http://{upstream}")
        if parts.scheme != "http" or not parts.hostname or not parts.port:
            raise ValueError("upstream must be http://HOST:PORT[/path] (plain HTTP)")
        if not _loopback(parts.hostname) or not _loopback(host):
            raise ValueError("the chaos proxy only runs between loopback addresses")
        self.upstream = (parts.hostname, parts.port)
        self.path = parts.path.rstrip("/")
        self.host, self.port = host, 0
        self.default = default
        self.idle_timeout = idle_timeout
        self.injected: Counter[str] = Counter()  # fault kind → connections it was applied to
        self.seen: list[Seen] = []
        self._script: deque[Fault] = deque()
        self._mix: tuple[random.Random, list[Fault], list[float]] | None = None
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- scripting ----------------------------------------------------------------------
    def script(self, *faults: Fault) -> ChaosProxy:
        """Queue faults for the next connections, in order (before the mix or the default)."""
        with self._lock:
            self._script.extend(faults)
        return self

    def mix(self, seed: int, faults: Mapping[Fault, float] | Sequence[tuple[Fault, float]]) -> ChaosProxy:
        """Once the script is empty, draw each connection's fault from ``faults`` (fault → weight) with a
        ``random.Random(seed)``: the same seed gives the same sequence of faults."""
        pairs = list(faults.items()) if isinstance(faults, Mapping) else list(faults)
        if not pairs or any(w < 0 for _, w in pairs) or sum(w for _, w in pairs) <= 0:
            raise ValueError("mix needs at least one fault with a positive weight")
        with self._lock:
            self._mix = (random.Random(seed), [f for f, _ in pairs], [float(w) for _, w in pairs])
        return self

    def clear(self) -> None:
        """Drop the script and the mix (back to ``default``)."""
        with self._lock:
            self._script.clear()
            self._mix = None

    def next_fault(self) -> Fault:
        """The fault the next connection gets (consumes the script / draws from the mix)."""
        with self._lock:
            if self._script:
                return self._script.popleft()
            if self._mix is not None:
                rng, faults, weights = self._mix
                return rng.choices(faults, weights)[0]
            return self.default

    # ---- lifecycle ----------------------------------------------------------------------
    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("proxy not started")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The upstream URL with the proxy's address (e.g. ``http://127.0.0.1:PORT/v1``)."""
        return self.url + self.path

    async def start(self) -> ChaosProxy:
        self._server = await asyncio.start_server(self._accept, self.host, 0, limit=MAX_HEAD)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)
            self._server = None

    async def __aenter__(self) -> ChaosProxy:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- one connection -----------------------------------------------------------------
    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)  # type: ignore[arg-type]
        try:
            await self._serve(reader, writer)
        except (_ClientGone, ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        except asyncio.CancelledError:  # stop(): end the connection quietly
            writer.transport.abort()
        finally:
            self._tasks.discard(task)  # type: ignore[arg-type]
            if not writer.is_closing():
                writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request, method, path = await self._read_request(reader)
        fault = self.next_fault()
        seen = Seen(next(self._ids), method, path, fault)
        with self._lock:
            self.seen.append(seen)
            self.injected[fault.kind] += 1
        if fault.kind == "delay":
            if await self._client_left_within(reader, fault.seconds):
                return
            fault = fault.then or PASS
        if fault.kind == "blackhole":
            await self._client_left_within(reader, None)
            return
        if fault.kind == "reset" and fault.n_bytes is None:
            _rst(writer)
            return
        if fault.kind == "status":
            body = json.dumps(
                {
                    "error": {
                        "message": f"chaos proxy: HTTP {fault.code}",
                        "type": "server_error",
                        "code": None,
                    }
                }
            ).encode()
            head = (
                f"HTTP/1.1 {fault.code} {_REASONS.get(fault.code, 'Error')}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode() + body)
            await writer.drain()
            seen.answered_bytes = len(head) + len(body)
            return
        await self._relay(request, writer, fault, seen)

    async def _read_request(self, reader: asyncio.StreamReader) -> tuple[bytes, str, str]:
        """The whole request, re-serialised with ``Connection: close``; (bytes, method, path)."""
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head[:-4].decode("latin-1").split("\r\n")
        method, path, _ = (lines[0].split(" ", 2) + ["", ""])[:3]
        headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers.append((name.strip(), value.strip()))
        names = {n.lower(): v for n, v in headers}
        if "chunked" in names.get("transfer-encoding", "").lower():
            body = await self._read_chunked(reader)
            headers = [(n, v) for n, v in headers if n.lower() not in ("transfer-encoding", "content-length")]
            headers.append(("Content-Length", str(len(body))))
        else:
            length = int(names.get("content-length") or 0)
            if not 0 <= length <= MAX_BODY:
                raise _ClientGone("request body too large")
            body = await reader.readexactly(length)
        kept = [(n, v) for n, v in headers if n.lower() not in _HOP_BY_HOP]
        out = lines[0] + "\r\n" + "".join(f"{n}: {v}\r\n" for n, v in kept) + "Connection: close\r\n\r\n"
        return out.encode("latin-1") + body, method, path

    @staticmethod
    async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
        body = b""
        while len(body) <= MAX_BODY:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                    pass
                return body
            body += await reader.readexactly(size)
            await reader.readexactly(2)
        raise _ClientGone("request body too large")

    @staticmethod
    async def _client_left_within(reader: asyncio.StreamReader, seconds: float | None) -> bool:
        """Wait up to ``seconds`` (None: for ever) for the client to close; True if it did."""

        async def gone() -> None:
            while await reader.read(4096):  # a well-behaved client sends nothing more: EOF ends it
                pass

        try:
            await asyncio.wait_for(gone(), seconds)
        except TimeoutError:
            return False
        except ConnectionError:
            return True
        return True

    async def _relay(self, request: bytes, writer: asyncio.StreamWriter, fault: Fault, seen: Seen) -> None:
        try:
            up_reader, up_writer = await asyncio.wait_for(asyncio.open_connection(*self.upstream), 5)
        except (OSError, TimeoutError):
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            return
        try:
            up_writer.write(request)
            await up_writer.drain()
            limit = fault.n_bytes if fault.kind in ("truncate", "reset") else None
            while limit is None or seen.answered_bytes < limit:
                try:
                    data = await asyncio.wait_for(up_reader.read(64 * 1024), self.idle_timeout)
                except TimeoutError:
                    break
                if not data:
                    break
                if limit is not None:
                    data = data[: limit - seen.answered_bytes]
                if fault.kind == "drip":
                    for i in range(0, len(data), fault.chunk):
                        if i or seen.answered_bytes:
                            await asyncio.sleep(fault.interval)
                        piece = data[i : i + fault.chunk]
                        writer.write(piece)
                        await writer.drain()
                        seen.answered_bytes += len(piece)
                else:
                    writer.write(data)
                    await writer.drain()
                    seen.answered_bytes += len(data)
            if fault.kind == "reset":
                _rst(writer)
        finally:
            up_writer.transport.abort()
