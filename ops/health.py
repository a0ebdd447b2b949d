"""Readiness of a running bot: the database, Chroma, the LLM endpoint (when one is configured) and the
lexical index.

The webhook server (bot/webhook.py) answers ``GET /readyz`` with 200 only when every check passes, else
503 naming the failed ones. A check's detail is a fixed phrase, an exception's type name or an HTTP
status — never an exception's message, a URL or a key — so the body is safe to show a load balancer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import Engine, text

from config.settings import Settings

# Each check's deadline. The probes are cheap (SELECT 1, a heartbeat, GET /models); a dependency that
# does not answer within this is "not ready". Give the orchestrator's probe a timeout above it (≥ 3 s).
CHECK_TIMEOUT_S = 2.0
OPENAI_DEFAULT_BASE = "https://api.openai.com/v1"  # what the OpenAI client uses without a base URL


class NotReady(Exception):
    """A check failed for a known reason; its message is a fixed, non-secret detail."""


@dataclass(frozen=True)
class Check:
    name: str  # database | chroma | lexical | llm
    ok: bool
    detail: str = "ok"


@dataclass(frozen=True)
class Readiness:
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failed(self) -> list[str]:
        return [c.name for c in self.checks if not c.ok]

    def to_json(self) -> dict[str, Any]:
        return {
            "status": "ready" if self.ok else "not ready",
            "failed": self.failed,
            "checks": {c.name: c.detail for c in self.checks},
        }


async def _guard(name: str, probe: Awaitable[str], timeout: float) -> Check:
    try:
        return Check(name, True, await asyncio.wait_for(probe, timeout))
    except NotReady as exc:
        return Check(name, False, str(exc))
    except TimeoutError:
        return Check(name, False, "timeout")
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; its type name says which
        return Check(name, False, type(exc).__name__)


async def check_database(sql: Engine | None) -> str:
    """``SELECT 1`` through the bot's pool (pre-ping reconnects, so a database that went away fails)."""
    if sql is None:
        raise NotReady("not open")

    def ping() -> None:
        with sql.connect() as conn:
            conn.execute(text("select 1"))

    await asyncio.to_thread(ping)
    return "ok"


async def check_llm(settings: Settings, timeout: float = CHECK_TIMEOUT_S) -> str:
    """``GET {base}/models``: a 2xx — or 404/405 from a server without that route — means it answers;
    401/403 (key rejected), 429 and 5xx mean answering would fail."""
    base = (settings.llm_base_url or OPENAI_DEFAULT_BASE).rstrip("/")
    headers = {}
    if settings.llm_api_key is not None:
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        response = await client.get(f"{base}/models", headers=headers)
    if 200 <= response.status_code < 300 or response.status_code in (404, 405):
        return "ok"
    raise NotReady(f"HTTP {response.status_code}")


async def check_readiness(
    settings: Settings,
    *,
    sql: Engine | None,
    engine: Callable[[], Awaitable[Any]],
    timeout: float = CHECK_TIMEOUT_S,
) -> Readiness:
    """Run every check concurrently, each within ``timeout``.

    ``engine`` returns the answering engine, opening it if needed; the open is shielded, so a slow first
    open goes on in the background while this probe reports "timeout" (the next probe finds it open).
    """
    opening = asyncio.ensure_future(engine())

    async def knowledge_base() -> Any:
        return (await asyncio.wait_for(asyncio.shield(opening), timeout)).kb

    async def chroma() -> str:
        kb = await knowledge_base()
        await asyncio.to_thread(kb.store.heartbeat)
        return "ok"

    async def lexical() -> str:
        kb = await knowledge_base()
        if await asyncio.to_thread(lambda: kb.lexical) is None:
            raise NotReady("not built: nothing ingested yet")
        return "ok"

    checks = [
        _guard("database", check_database(sql), timeout),
        _guard("chroma", chroma(), timeout),
        _guard("lexical", lexical(), timeout),
    ]
    if settings.llm_enabled:
        checks.append(_guard("llm", check_llm(settings, timeout), timeout))
    results = await asyncio.gather(*checks)
    opening.add_done_callback(_retrieve)  # a failed open is reported above, not as an unretrieved error
    return Readiness(tuple(results))


def _retrieve(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()
