"""Chaos at the engine level: the real engine (``open_engine`` over the ingested sample) with its LLM
behind the fault-injecting proxy (tests/chaos_proxy.py) in front of the loopback OpenAI server.

Under every fault, ``Engine.ask`` (streamed or not) returns within a bound derived from the configured
timeout and retries — never hangs, never raises — with either the model's complete, cited answer or
the extractive fallback carrying the ``llm_down`` note; a partially streamed text is never the final
answer.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from config.settings import Settings
from core.messages import t
from core.types import Answer
from retrieval.engine import Engine, open_engine
from tests.chaos_proxy import PASS, ChaosProxy, Fault, blackhole, delay, drip, reset, status, truncate
from tests.openai_server import ChatCall, OpenAIServer, Respond

QUESTION = "What are the priorities of the digital transformation strategy?"
SENTENCES = [
    "Digital skills are a priority of the strategy [1].",
    "E-services for citizens come next [2].",
    "Data protection rules support both [1].",
    "Local governments share the same platforms [2].",
]
REPLY = " ".join(SENTENCES)
TIMEOUT = 2.0
SLACK = 10.0  # retrieval + the extractive fallback on a shared 2-core machine; a hang is far longer


def bound(settings: Settings, slack: float = SLACK) -> float:
    """The longest an ask may take: every attempt timing out, plus retry back-off and the fallback."""
    return settings.llm_timeout * (settings.llm_max_retries + 1) + settings.llm_max_retries * 1.0 + slack


def model_reply(call: ChatCall) -> str:
    """The upstream model: a cited multi-sentence answer (or the question itself for condensation)."""
    return REPLY if "ources" in call.prompt else call.user


@pytest.fixture
async def chaos() -> AsyncIterator[tuple[OpenAIServer, ChaosProxy]]:
    async with OpenAIServer(default=Respond(model_reply)) as server, ChaosProxy(server.base_url) as proxy:
        yield server, proxy


def llm_engine(
    sample_engine: Engine, sample_settings: Settings, proxy: ChaosProxy, **kw: Any
) -> tuple[Engine, float]:
    """``open_engine`` with the LLM at the proxy (sharing the session's opened sample knowledge base),
    and the bound of its settings."""
    values: dict[str, Any] = {"llm_base_url": proxy.base_url, "llm_timeout": TIMEOUT, "llm_max_retries": 0}
    settings = sample_settings.model_copy(update={**values, **kw})
    return open_engine(settings, kb=sample_engine.kb), bound(settings)


async def timed_ask(
    engine: Engine, limit: float, *, stream: bool, grace: float = 30.0
) -> tuple[Answer, list[str], float]:
    """Ask QUESTION; (answer, streamed partials, seconds). Past ``limit`` + ``grace`` the test fails
    rather than hangs."""
    partials: list[str] = []

    async def on_partial(text: str) -> None:
        partials.append(text)

    started = time.monotonic()
    answer = await asyncio.wait_for(
        engine.ask(QUESTION, on_partial=on_partial if stream else None), timeout=limit + grace
    )
    return answer, partials, time.monotonic() - started


def assert_valid(answer: Answer, partials: list[str], *, llm: bool | None) -> None:
    """The final answer is the model's complete cited answer or the extractive fallback with the note,
    never a fragment of a broken stream (``llm``: which one is expected; None = either)."""
    if answer.mode == "llm":
        assert llm in (True, None), f"expected the fallback, got the model's answer: {answer.text!r}"
        assert answer.note is None and answer.citations
        body = re.sub(r"\[\d+\]", "[n]", answer.text)
        assert body == re.sub(r"\[\d+\]", "[n]", REPLY), f"incomplete LLM answer: {answer.text!r}"
    else:
        assert llm in (False, None), f"expected the model's answer, got the fallback: {answer.text[:200]!r}"
        assert answer.note == t(answer.language, "llm_down")
        assert not any(s.split(" [")[0] in answer.text for s in SENTENCES), "streamed fragment kept"
    assert "Traceback" not in answer.text and "127.0.0.1" not in answer.text
    for partial in partials:  # what was shown while streaming only ever came from the model's answer
        assert re.sub(r"\[\d+\]", "", partial).strip() in re.sub(r"\[\d+\]", "", REPLY)


# each fault applied to every connection (the client has no retry): (fault for an answer of `size` bytes,
# the model's answer expected); cuts fall at 60 % of the answer: after the first cited sentence streams
FAULTS: dict[str, tuple[Callable[[int], Fault], bool]] = {
    "pass": (lambda size: PASS, True),
    "delay": (lambda size: delay(TIMEOUT + 2), False),
    "reset-before": (lambda size: reset(), False),
    "reset-mid": (lambda size: reset(after_bytes=size * 6 // 10), False),
    "status-503": (lambda size: status(503), False),
    "status-500": (lambda size: status(500), False),
    "truncate": (lambda size: truncate(size * 6 // 10), False),
    "drip": (lambda size: drip(max(1, size // 10), 0.02), True),
    "blackhole": (lambda size: blackhole(), False),
}


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
@pytest.mark.parametrize("name", list(FAULTS))
async def test_every_fault_gives_an_answer_within_the_bound(
    sample_engine: Engine, sample_settings: Settings, chaos: Any, name: str, stream: bool
) -> None:
    """Under each fault (every connection faulty, no retries) the ask returns within the bound with the
    model's complete answer (pass-through, a fast drip) or the extractive fallback with the note."""
    server, proxy = chaos
    engine, limit = llm_engine(sample_engine, sample_settings, proxy)
    make, llm = FAULTS[name]
    size = 0
    if name in ("reset-mid", "truncate", "drip"):  # one clean answer first: how many bytes it has
        await timed_ask(engine, limit, stream=stream)
        size = proxy.seen[-1].answered_bytes
    proxy.default = make(size)
    answer, partials, seconds = await timed_ask(engine, limit, stream=stream)
    assert seconds <= limit
    assert_valid(answer, partials, llm=llm)
    assert proxy.seen[-1].fault == proxy.default
    if name == "truncate" and stream:  # cut mid-stream: text was shown, then replaced by the fallback
        assert partials, "the cut should fall after the first cited sentence was streamed"


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
async def test_one_retry_rides_out_a_transient_fault(
    sample_engine: Engine, sample_settings: Settings, chaos: Any, stream: bool
) -> None:
    """With one retry, a fault before the answer starts (RST, 503, a blackhole past the timeout) is followed
    by a clean attempt and the model's answer arrives, still within the bound."""
    server, proxy = chaos
    engine, limit = llm_engine(sample_engine, sample_settings, proxy, llm_max_retries=1)
    faults = (reset(), status(503)) if stream else (reset(), status(503), blackhole())
    for fault in faults:
        proxy.script(fault)
        answer, partials, seconds = await timed_ask(engine, limit, stream=stream)
        assert seconds <= limit
        assert_valid(answer, partials, llm=True)
    assert proxy.injected == {**{f.kind: 1 for f in faults}, "pass": len(faults)}


async def test_slow_drip_is_bounded_by_the_timeout_budget(
    sample_engine: Engine, sample_settings: Settings, chaos: Any
) -> None:
    """A slow drip whose every read arrives within the timeout but whose whole answer takes far longer
    than timeout x attempts must not keep the question open: the streamed ask returns within the bound."""
    server, proxy = chaos
    proxy.default = drip(4, 0.25)  # each piece well inside the 1 s read timeout; the answer takes minutes
    engine, _ = llm_engine(sample_engine, sample_settings, proxy, llm_timeout=1.0)
    limit = bound(sample_settings.model_copy(update={"llm_timeout": 1.0, "llm_max_retries": 0}), slack=5.0)
    answer, partials, seconds = await timed_ask(engine, limit, stream=True, grace=0.5)
    assert seconds <= limit
    assert_valid(answer, partials, llm=None)
