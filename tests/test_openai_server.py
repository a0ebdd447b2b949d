"""The loopback OpenAI-compatible test server, driven by the real ``openai`` clients."""

from __future__ import annotations

import base64
import struct
import sys
import time
from pathlib import Path
from typing import Any

import openai
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from openai_server import Error, OpenAIServer, Reply, fake_embedding, run_in_thread  # noqa: E402

MESSAGES: list[Any] = [{"role": "user", "content": "Hello?"}]


@pytest.fixture
async def server():
    async with OpenAIServer(embedding_dim=12) as srv:
        yield srv


def client(server: OpenAIServer, **kwargs) -> openai.AsyncOpenAI:
    kwargs.setdefault("max_retries", 0)
    kwargs.setdefault("timeout", 5)
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="sk-test", **kwargs)


async def test_base_url_is_loopback_with_ephemeral_port(server):
    """The server binds 127.0.0.1 on a port chosen by the OS and exposes an OpenAI-style base URL."""
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.base_url.endswith("/v1")
    assert server.port > 0


async def test_plain_chat_reply_and_recorded_request(server):
    """A scripted reply comes back as a chat.completion; the request is recorded with headers and JSON."""
    server.reply("Scripted answer [1].")
    result = await client(server).chat.completions.create(model="my-model", messages=MESSAGES)
    assert result.object == "chat.completion"
    assert result.choices[0].message.content == "Scripted answer [1]."
    assert result.choices[0].finish_reason == "stop"
    assert result.model == "my-model"
    rec = server.chat_requests[-1]
    assert rec.method == "POST" and rec.path == "/v1/chat/completions"
    assert rec.headers["authorization"] == "Bearer sk-test"
    assert rec.json["model"] == "my-model"
    assert server.last_chat.user == "Hello?"


async def test_queue_is_consumed_in_order_then_default(server):
    """Scripted behaviours are used once each, in order; afterwards the default reply answers."""
    server.reply("first").reply("second")
    c = client(server)
    texts = [
        (await c.chat.completions.create(model="m", messages=MESSAGES)).choices[0].message.content
        for _ in range(3)
    ]
    assert texts == ["first", "second", "This is a test reply."]
    server.default = Reply("new default")
    again = await c.chat.completions.create(model="m", messages=MESSAGES)
    assert again.choices[0].message.content == "new default"


async def test_streaming_sends_chunks_and_done(server):
    """stream(text, chunk_size) arrives as chat.completion.chunk objects that concatenate to the text."""
    server.stream("Hello streaming world", chunk_size=5)
    stream = await client(server).chat.completions.create(
        model="m", messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    pieces, usage = [], None
    async for chunk in stream:
        assert chunk.object == "chat.completion.chunk"
        if chunk.choices:
            pieces.append(chunk.choices[0].delta.content or "")
        else:
            usage = chunk.usage
    assert "".join(pieces) == "Hello streaming world"
    assert [p for p in pieces if p] == ["Hello", " stre", "aming", " worl", "d"]
    assert usage is not None and usage.total_tokens > 0


async def test_plain_reply_streams_when_request_streams(server):
    """Content behaviours follow the request: reply() answers a streaming request with SSE chunks."""
    server.reply("abc def")
    stream = await client(server).chat.completions.create(model="m", messages=MESSAGES, stream=True)
    text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
    assert text == "abc def"


async def test_respond_answers_from_the_prompt(server):
    """respond(fn) receives the parsed request and may answer with text or another behaviour."""
    server.respond(lambda call: "ru" if "Привет" in call.prompt else "en")
    server.respond(lambda call: "ru" if "Привет" in call.prompt else "en")

    async def refuse(call):
        return Error(503) if call.model == "busy" else "fine"

    server.respond(refuse)
    c = client(server)
    ru = await c.chat.completions.create(model="m", messages=[{"role": "user", "content": "Привет"}])
    en = await c.chat.completions.create(model="m", messages=MESSAGES)
    assert (ru.choices[0].message.content, en.choices[0].message.content) == ("ru", "en")
    with pytest.raises(openai.InternalServerError):
        await c.chat.completions.create(model="busy", messages=MESSAGES)


async def test_embeddings_base64_by_default(server):
    """The openai client asks for base64 embeddings by default; they decode to deterministic vectors."""
    result = await client(server).embeddings.create(model="text-embedding-3-small", input=["alpha", "beta"])
    assert server.embedding_requests[-1].json["encoding_format"] == "base64"
    assert [d.index for d in result.data] == [0, 1]
    assert len(result.data[0].embedding) == 12
    assert result.data[0].embedding == pytest.approx(fake_embedding("alpha", 12), abs=1e-6)
    assert result.data[0].embedding != pytest.approx(result.data[1].embedding)


async def test_embeddings_float_format_and_dimensions(server):
    """encoding_format="float" returns plain lists; the dimensions parameter overrides the default size."""
    result = await client(server).embeddings.create(
        model="e", input="alpha", encoding_format="float", dimensions=5
    )
    assert result.data[0].embedding == pytest.approx(fake_embedding("alpha", 5))
    assert len(result.data[0].embedding) == 5


async def test_embeddings_base64_wire_format(server):
    """On the wire, base64 embeddings are little-endian float32 arrays."""
    c = client(server)
    raw = await c.embeddings.with_raw_response.create(model="e", input="alpha", encoding_format="base64")
    payload = raw.http_response.json()["data"][0]["embedding"]
    values = struct.unpack("<12f", base64.b64decode(payload))
    assert list(values) == pytest.approx(fake_embedding("alpha", 12), abs=1e-6)


async def test_embedding_errors_are_scripted_separately(server):
    """error(..., endpoint="embeddings") hits the next embeddings call and leaves chat untouched."""
    server.error(500, endpoint="embeddings")
    c = client(server)
    chat = await c.chat.completions.create(model="m", messages=MESSAGES)
    assert chat.choices[0].message.content
    with pytest.raises(openai.InternalServerError):
        await c.embeddings.create(model="e", input="x")


async def test_rate_limit_maps_to_rate_limit_error_with_retry_after(server):
    """A scripted 429 raises openai.RateLimitError and carries a retry-after header."""
    server.error(429)
    with pytest.raises(openai.RateLimitError) as info:
        await client(server).chat.completions.create(model="m", messages=MESSAGES)
    assert info.value.status_code == 429
    assert info.value.response.headers["retry-after"] == "1"


@pytest.mark.parametrize("status", [500, 503])
async def test_server_errors_map_to_internal_server_error(server, status):
    """Scripted 500 and 503 responses raise openai.InternalServerError."""
    server.error(status)
    with pytest.raises(openai.InternalServerError):
        await client(server).chat.completions.create(model="m", messages=MESSAGES)


async def test_client_retries_after_429(server):
    """With retries enabled the client honours a short retry-after and succeeds on the next behaviour."""
    server.error(429, retry_after=0.01).reply("after retry")
    result = await client(server, max_retries=1).chat.completions.create(model="m", messages=MESSAGES)
    assert result.choices[0].message.content == "after retry"
    assert len(server.chat_requests) == 2


async def test_delay_triggers_client_timeout(server):
    """delay(seconds) holds the response long enough for a short client timeout to fire."""
    server.delay(5)
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        await client(server, timeout=0.3).chat.completions.create(model="m", messages=MESSAGES)
    assert time.monotonic() - started < 2


async def test_delay_then_behaviour(server):
    """A short delay followed by a behaviour still answers when the client waits long enough."""
    server.delay(0.05, then=Reply("late"))
    result = await client(server).chat.completions.create(model="m", messages=MESSAGES)
    assert result.choices[0].message.content == "late"


async def test_garbage_json_is_not_a_valid_completion(server):
    """garbage("json") sends an unparsable body the client cannot turn into a completion."""
    server.garbage("json")
    with pytest.raises(ValueError):
        await client(server).chat.completions.create(model="m", messages=MESSAGES)


@pytest.mark.filterwarnings("ignore::UserWarning")
async def test_garbage_shape_has_no_usable_choices(server):
    """garbage("shape") sends valid JSON whose choices are not a list of messages."""
    server.garbage("shape")
    result = await client(server).chat.completions.create(model="m", messages=MESSAGES)
    assert not isinstance(result.choices, list)


async def test_models_endpoint(server):
    """GET /v1/models lists model objects."""
    models = await client(server).models.list()
    assert "gpt-4o-mini" in [m.id for m in models.data]


async def test_clear_and_pending(server):
    """pending() counts queued behaviours; clear() drops them and the recorded requests."""
    server.reply("a").error(500)
    assert server.pending() == 2
    await client(server).chat.completions.create(model="m", messages=MESSAGES)
    assert server.pending() == 1 and len(server.requests) == 1
    server.clear()
    assert server.pending() == 0 and server.requests == []


def test_run_in_thread_serves_sync_clients():
    """run_in_thread() serves a sync openai.OpenAI client from a background loop; stop() is idempotent."""
    srv, stop = run_in_thread()
    try:
        srv.reply("from a thread")
        sync = openai.OpenAI(base_url=srv.base_url, api_key="sk-sync", max_retries=0, timeout=5)
        result = sync.chat.completions.create(model="m", messages=MESSAGES)
        assert result.choices[0].message.content == "from a thread"
        assert srv.chat_requests[0].headers["authorization"] == "Bearer sk-sync"
        srv.error(503)
        with pytest.raises(openai.InternalServerError):
            sync.chat.completions.create(model="m", messages=MESSAGES)
        sync.close()
    finally:
        stop()
        stop()
