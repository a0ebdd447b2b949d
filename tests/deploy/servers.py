"""Real servers for multi-host tests: a ``chroma run`` process, ``dtbot serve`` replicas and a loopback
round-robin HTTP proxy in front of them (the "one address" of a load balancer). PostgreSQL schemas come
from tests/db_backends.py."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, ClientTimeout, web

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ChromaServer:
    """``chroma run --path DIR --host 127.0.0.1 --port FREE`` (the CLI ships with chromadb), stopped by PID."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = path.with_suffix(".log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> ChromaServer:
        chroma = Path(sys.executable).with_name("chroma")
        if not chroma.exists():
            pytest.skip(f"the chroma CLI is not installed beside {sys.executable}")
        self.path.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                [
                    str(chroma),
                    "run",
                    "--path",
                    str(self.path),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited: {self.log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.5):
                return self
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"chroma run did not listen: {self.log.read_text(errors='replace')[-2000:]}"
                )
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


class RoundRobinProxy:
    """One loopback address forwarding each HTTP request to the next backend in turn (a load balancer)."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self._next = itertools.cycle(range(len(backends)))
        self.port = free_port()
        self.forwarded: list[int] = []  # backend index of every request
        self.pinned: dict[int, int] = {}  # update_id → backend index (e.g. an admin command for one replica)
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> RoundRobinProxy:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = ClientSession(timeout=ClientTimeout(total=60))
        return self

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        body = await request.read()
        try:
            update_id = json.loads(body).get("update_id") if body else None
        except (ValueError, AttributeError):
            update_id = None
        index = self.pinned[update_id] if update_id in self.pinned else next(self._next)
        self.forwarded.append(index)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        try:
            async with self._session.request(
                request.method, self.backends[index] + request.path_qs, data=body, headers=headers
            ) as resp:
                payload = await resp.read()
                return web.Response(body=payload, status=resp.status, content_type=resp.content_type)
        except OSError:
            return web.Response(status=502, text="backend unreachable")

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()


class Replica:
    """One ``python -m dtbot.cli serve`` subprocess with its own environment (its own DTBOT_HOME)."""

    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name, self.env, self.log = name, env, log
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> Replica:
        with self.log.open("ab") as out:
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "dtbot.cli", "serve", cwd=ROOT, env=self.env,
                stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def stop(self) -> int:
        """SIGTERM: PTB stops gracefully (updates in flight are finished first)."""
        if self.proc is None:
            return 0
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(self.proc.wait(), 60)
        except TimeoutError:
            self.proc.kill()
            return await self.proc.wait()

    def text(self) -> str:
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""


async def until(predicate: Any, what: str, replicas: list[Replica], timeout: float = 180.0) -> None:
    """Wait for ``predicate()``; fail with the replicas' logs when one exits or time runs out."""
    deadline = time.monotonic() + timeout
    while not predicate():
        for r in replicas:
            if not r.alive():
                raise AssertionError(f"replica {r.name} exited before {what}:\n{r.text()[-3000:]}")
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {r.name}\n{r.text()[-2000:]}" for r in replicas)
            raise AssertionError(f"timed out waiting for {what}:\n{logs}")
        await asyncio.sleep(0.05)
