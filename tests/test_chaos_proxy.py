"""The fault-injecting proxy (tests/chaos_proxy.py) in front of the loopback OpenAI server, driven by the
real ``openai`` client and by raw sockets where the exact bytes matter."""

from __future__ import annotations

import asyncio
import json
import time

import openai
import pytest

from tests.chaos_proxy import PASS, ChaosProxy, blackhole, delay, drip, reset, status, truncate
from tests.openai_server import OpenAIServer

MESSAGES = [{"role": "user", "content": "Hello?"}]


@pytest.fixture
async def pair():
    async with OpenAIServer() as server, ChaosProxy(server.base_url) as proxy:
        yield server, proxy


def client(proxy: ChaosProxy, timeout: float = 5.0) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=proxy.base_url, api_key="sk-test", max_retries=0, timeout=timeout)


async def raw_exchange(proxy: ChaosProxy, path: str = "/v1/chat/completions") -> tuple[bytes, str]:
    """POST a chat request over a raw socket; (every byte received, how the connection ended)."""
    body = json.dumps({"model": "m", "messages": MESSAGES}).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
    writer.write(
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    received, ending = b"", "eof"
    try:
        while chunk := await asyncio.wait_for(reader.read(65536), 10):
            received += chunk
    except ConnectionResetError:
        ending = "reset"
    writer.close()
    return received, ending


async def test_pass_through_plain_and_streamed(pair) -> None:
    """Without faults the proxy is transparent: plain and SSE answers arrive whole, one connection each,
    and the upstream sees the client's request."""
    server, proxy = pair
    server.reply("Plain answer.").stream("Streamed answer, in pieces.", chunk_size=5)
    async with client(proxy) as c:
        plain = await c.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
        stream = await c.chat.completions.create(model="m", messages=MESSAGES, stream=True)  # type: ignore[arg-type]
        pieces = [ch.choices[0].delta.content or "" async for ch in stream if ch.choices]  # type: ignore[union-attr]
        text = "".join(pieces)
    assert plain.choices[0].message.content == "Plain answer."
    assert text == "Streamed answer, in pieces."
    assert [s.fault for s in proxy.seen] == [PASS, PASS] and proxy.injected == {"pass": 2}
    assert server.chat_requests[0].headers["authorization"] == "Bearer sk-test"
    assert server.chat_requests[1].chat.stream


async def test_status_and_reset_before_forwarding(pair) -> None:
    """status(503) is answered by the proxy itself; reset() drops the connection with an RST; in both
    cases the upstream never sees the request."""
    server, proxy = pair
    proxy.script(status(503), reset())
    async with client(proxy) as c:
        with pytest.raises(openai.InternalServerError) as err:
            await c.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
        assert err.value.status_code == 503
        with pytest.raises(openai.APIConnectionError):
            await c.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert server.chat_requests == []
    assert proxy.injected == {"status": 1, "reset": 1}
    _, ending = await raw_exchange(proxy.script(reset()))
    assert ending == "reset"


async def test_truncate_and_reset_mid_answer(pair) -> None:
    """truncate(n) relays exactly n bytes of the answer then closes cleanly (the client sees a short
    body); reset(after_bytes=n) relays n bytes then sends an RST."""
    server, proxy = pair
    full, ending = await raw_exchange(proxy)
    assert ending == "eof" and b"This is a test reply." in full
    cut, ending = await raw_exchange(proxy.script(truncate(len(full) - 10)))
    assert len(cut) == len(full) - 10 and ending == "eof" and cut.startswith(b"HTTP/1.1 200 OK")
    with pytest.raises(ValueError):
        json.loads(cut.partition(b"\r\n\r\n")[2])
    part, ending = await raw_exchange(proxy.script(reset(after_bytes=40)))
    assert ending == "reset" and len(part) <= 40
    proxy.script(truncate(len(full) - 10))
    async with client(proxy) as c:
        with pytest.raises(openai.APIConnectionError):
            await c.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert len(server.chat_requests) == 4  # each of those reached the upstream


async def test_drip_delivers_everything_slowly(pair) -> None:
    """drip(k, t) relays the whole answer k bytes at a time with t seconds between pieces (so it takes at
    least (pieces - 1) x t), byte for byte what the upstream sent."""
    _, proxy = pair
    full, _ = await raw_exchange(proxy)
    proxy.script(drip(len(full) // 4 + 1, 0.1))
    started = time.monotonic()
    slow, ending = await raw_exchange(proxy)
    assert time.monotonic() - started >= 3 * 0.1  # 4 pieces: the sleeps alone take 0.3 s
    head, _, body = slow.partition(b"\r\n\r\n")
    assert ending == "eof" and json.loads(body)["choices"][0]["message"]["content"] == "This is a test reply."
    assert len(slow) == len(full)


async def test_blackhole_and_delay_trip_the_client_timeout(pair) -> None:
    """blackhole() never answers and delay(s) holds the request past the client's timeout (the upstream
    never sees it); delay shorter than the timeout just passes through."""
    server, proxy = pair
    proxy.script(blackhole(), delay(5), delay(0.05))
    async with client(proxy, timeout=0.5) as c:
        with pytest.raises(openai.APITimeoutError):
            await c.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
        with pytest.raises(openai.APITimeoutError):
            await c.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
        ok = await c.chat.completions.create(model="m", messages=MESSAGES)  # type: ignore[arg-type]
    assert ok.choices[0].message.content == "This is a test reply."
    assert len(server.chat_requests) == 1
    assert proxy.injected == {"blackhole": 1, "delay": 2}


async def test_seeded_mix_is_reproducible(pair) -> None:
    """The same seed draws the same fault sequence; the script takes precedence over the mix."""
    _, proxy = pair
    weights = {PASS: 2, status(500): 1, reset(): 1, truncate(30): 1}
    other = ChaosProxy("http://127.0.0.1:9").mix(11, weights)
    proxy.script(status(502)).mix(11, weights)
    for _ in range(12):
        await raw_exchange(proxy)
    kinds = [s.fault for s in proxy.seen]
    assert kinds[0] == status(502)
    assert kinds[1:] == [other.next_fault() for _ in range(11)]
    assert len(set(kinds)) >= 3


def test_loopback_only() -> None:
    """The proxy refuses a non-loopback upstream or listen address."""
    with pytest.raises(ValueError):
        ChaosProxy("http://10.1.2.3:8000/v1")
    with pytest.raises(ValueError):
        ChaosProxy("http://127.0.0.1:8000", host="0.0.0.0")
    with pytest.raises(ValueError):
        status(200)
