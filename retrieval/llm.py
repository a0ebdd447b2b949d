"""The answering model: building it from settings, condensing follow-ups, generating cited answers.

Every failure of the model (timeout, rate limit, 5xx, connection, unreadable output) surfaces as
:class:`LLMUnavailable`, whose ``str()`` is a short message safe to show a user; an answer that does not
cite its sources surfaces as :class:`UngroundedAnswer`. The engine decides what to show instead.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx
import openai
from langchain_core.output_parsers import StrOutputParser

from core.errors import BackendUnavailableError, DtbotError
from core.types import Hit, Turn
from retrieval.citations import is_grounded, validate_citations
from retrieval.language import language_name
from retrieval.output_guard import allowed_urls, echoes_prompt, safe_partial, strip_links
from retrieval.prompts import ANSWER, ANSWER_SYSTEM, CONDENSE, TRANSLATE, format_history, format_sources

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from config.settings import Settings

log = logging.getLogger(__name__)

PartialCallback = Callable[[str], Awaitable[None]]

# Keyless OpenAI-compatible servers (Ollama, vLLM, llama.cpp) still need *some* key for the client.
_PLACEHOLDER_KEY = "not-needed"


class LLMUnavailable(BackendUnavailableError):
    """The model could not produce an answer; ``reason`` is one of timeout, rate_limit, server, auth,
    request, connection, malformed, disabled."""

    def __init__(self, message: str, *, reason: str = "unavailable") -> None:
        super().__init__(message)
        self.reason = reason


class UngroundedAnswer(DtbotError):
    """The model answered without (valid) citations; ``text`` keeps the rejected answer for logs."""

    def __init__(
        self, message: str = "The answer was not supported by the sources.", *, text: str = ""
    ) -> None:
        super().__init__(message)
        self.text = text


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """A ``ChatOpenAI`` for the configured OpenAI-compatible endpoint, or None when no LLM is configured.

    The key comes from settings only (``DTBOT_LLM_API_KEY`` / ``OPENAI_API_KEY``, read by Settings); a
    base URL without a key gets a placeholder key so keyless local servers work.
    """
    if not settings.llm_enabled:
        return None
    from langchain_openai import ChatOpenAI

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else _PLACEHOLDER_KEY
    return ChatOpenAI(
        base_url=settings.llm_base_url,
        api_key=key,  # type: ignore[arg-type]
        model=settings.llm_model,
        timeout=settings.llm_timeout,
        max_retries=settings.llm_max_retries,
        temperature=0,
    )


def _budget(model: Any) -> float | None:
    """The longest one whole model call may take: the per-read timeout bounds each read, not a server
    that drips bytes just inside it, so every call also gets this overall deadline (timeout × attempts
    plus the client's back-off between retries)."""
    timeout = getattr(model, "request_timeout", None)
    if not isinstance(timeout, int | float) or timeout <= 0:
        return None
    retries = max(0, int(getattr(model, "max_retries", 0) or 0))
    return float(timeout) * (retries + 1) + sum(min(0.5 * 2**i, 8.0) for i in range(retries))


def _unavailable(exc: BaseException) -> LLMUnavailable:
    """Map a client-side failure to a user-safe error (no URLs, keys or tracebacks in the message)."""
    if isinstance(exc, openai.APITimeoutError | asyncio.TimeoutError | TimeoutError | httpx.TimeoutException):
        return LLMUnavailable("The language model did not answer in time.", reason="timeout")
    if isinstance(exc, openai.RateLimitError):
        return LLMUnavailable("The language model is busy (rate limit reached).", reason="rate_limit")
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return LLMUnavailable("The language model rejected the configured credentials.", reason="auth")
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500:
            return LLMUnavailable("The language model service is temporarily unavailable.", reason="server")
        return LLMUnavailable("The language model rejected the request.", reason="request")
    if isinstance(exc, openai.APIConnectionError | httpx.HTTPError | OSError):
        return LLMUnavailable("The language model service could not be reached.", reason="connection")
    return LLMUnavailable("The language model returned an unreadable answer.", reason="malformed")


def _log_failure(what: str, exc: BaseException) -> None:
    status = getattr(exc, "status_code", None)
    log.warning("%s failed: %s%s", what, type(exc).__name__, f" (HTTP {status})" if status else "")


def _clean_question(text: str) -> str:
    text = text.strip()
    for prefix in ("standalone question:", "translation:", "question:", "вопрос:", "суроо:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :].strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    text = lines[0] if lines else ""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'«“`":
        text = text[1:-1].strip()
    return text.strip("«»“”\"'` ").strip()


async def _rewrite(
    model: BaseChatModel, prompt: Any, inputs: dict[str, Any], question: str, what: str
) -> str:
    """One short rewriting call (condensation, translation): the cleaned model output, or ``question`` on
    any model failure and on implausible output (empty, or far longer than a question) — a rewrite is an
    optimisation, never fatal."""
    chain = prompt | model | StrOutputParser()
    try:
        async with asyncio.timeout(_budget(model)):
            raw = await chain.ainvoke(inputs)
    except Exception as exc:  # any client failure: fall back to the user's own words
        _log_failure(what, exc)
        return question
    rewritten = _clean_question(raw if isinstance(raw, str) else "")
    if not rewritten or len(rewritten) > max(400, 4 * len(question)):
        return question
    return rewritten


async def condense_question(model: BaseChatModel | None, question: str, history: list[Turn]) -> str:
    """Rewrite a follow-up into a standalone question using the conversation.

    Returns ``question`` unchanged when there is no history or no model, and on any model failure or
    implausible output (empty, or far longer than a question): condensation is an optimisation, never fatal.
    """
    if model is None or not history:
        return question
    inputs = {"history": format_history(history), "question": question}
    return await _rewrite(model, CONDENSE, inputs, question, "Question condensation")


async def translate_query(model: BaseChatModel | None, question: str, target: str) -> str:
    """``question`` translated into the language ``target`` (a code) for retrieval, or ``question`` itself when
    there is no model, on any model failure and on implausible output (empty, far longer than the question):
    like condensation, translation is an optimisation, never fatal."""
    if model is None or not question.strip():
        return question
    inputs = {"question": question, "language_name": language_name(target)}
    return await _rewrite(model, TRANSLATE, inputs, question, "Query translation")


async def _stream_text(chain: Any, inputs: dict[str, Any], on_partial: PartialCallback) -> str:
    """Stream the chain, reporting the accumulated text; model errors map to LLMUnavailable, errors raised
    by ``on_partial`` itself propagate unchanged."""
    text = ""
    stream = chain.astream(inputs)
    try:
        while True:
            try:
                piece = await anext(stream)
            except StopAsyncIteration:
                break
            except Exception as exc:
                _log_failure("Answer generation", exc)
                raise _unavailable(exc) from exc
            if not isinstance(piece, str):
                raise LLMUnavailable("The language model returned an unreadable answer.", reason="malformed")
            if piece:
                text += piece
                await on_partial(text)
    finally:
        await stream.aclose()
    return text


async def generate_answer(
    model: BaseChatModel | None,
    question: str,
    hits: list[Hit],
    language: str,
    on_partial: PartialCallback | None = None,
) -> tuple[str, list[int]]:
    """Answer ``question`` from ``hits`` (cited as ``[1]``…``[len(hits)]``) in ``language``.

    With ``on_partial`` the answer is streamed and ``on_partial(shown_text)`` is awaited whenever the safe
    prefix of the accumulated text grows (no out-of-range citation, no link outside the sources, nothing
    half-written; the caller throttles). Returns the answer with out-of-range citations and foreign links
    removed, and the sorted valid source numbers it cites.

    Raises :class:`LLMUnavailable` when the model fails or returns nothing usable, and
    :class:`UngroundedAnswer` when no hits were given, the answer's claims carry no valid citation, or it
    repeats the system prompt.
    """
    if model is None:
        raise LLMUnavailable("No language model is configured.", reason="disabled")
    if not hits:
        raise UngroundedAnswer("There are no sources to answer from.")
    inputs = {
        "sources": format_sources(hits),
        "question": question,
        "language_name": language_name(language),
    }
    chain = ANSWER | model | StrOutputParser()
    links = allowed_urls(h.metadata.get("url") for h in hits)
    if on_partial is not None:
        shown = ""

        async def guarded(raw: str) -> None:
            nonlocal shown
            if echoes_prompt(raw, ANSWER_SYSTEM):
                return  # rejected at the end: show nothing more of it
            safe = safe_partial(raw, len(hits), links)
            if safe.strip() and safe != shown:
                shown = safe
                await on_partial(safe)

        try:
            async with asyncio.timeout(_budget(model)):
                text = await _stream_text(chain, inputs, guarded)
        except TimeoutError as exc:
            _log_failure("Answer generation", exc)
            raise _unavailable(exc) from exc
    else:
        try:
            async with asyncio.timeout(_budget(model)):
                text = await chain.ainvoke(inputs)
        except Exception as exc:
            _log_failure("Answer generation", exc)
            raise _unavailable(exc) from exc
    if not isinstance(text, str) or not text.strip():
        log.warning("Answer generation returned no text")
        raise LLMUnavailable("The language model returned an empty answer.", reason="malformed")
    cleaned, used = validate_citations(text.strip(), len(hits))
    if echoes_prompt(cleaned, ANSWER_SYSTEM):
        raise UngroundedAnswer("The answer repeated the assistant's instructions.", text=text)
    if not is_grounded(cleaned, used):
        raise UngroundedAnswer(text=text)
    cited_links = allowed_urls(hits[n - 1].metadata.get("url") for n in used)
    return strip_links(cleaned, cited_links), used
