"""With a model configured, a question in another language than the knowledge base's is translated for
retrieval (retrieval/llm.py ``translate_query``, ``Engine._search_query``) and answered in its own language;
the real langchain-openai client talks to the loopback OpenAI-compatible server."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from core.types import Hit
from retrieval.engine import Engine
from tests.conftest import llm_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from openai_server import ChatCall, OpenAIServer, Respond  # noqa: E402

KY_QUESTION = "Санариптик идентификация боюнча кайсы долбоорлор иштейт?"
EN_QUESTION = "Which projects work on digital ID?"


@pytest.fixture
async def llm_server():  # type: ignore[no-untyped-def]
    """The stand-in model: every call not scripted otherwise is answered by ``_answer_or_translation``."""
    async with OpenAIServer(default=Respond(_answer_or_translation)) as server:
        yield server


def _engine(sample_engine: Engine, server: OpenAIServer, *, translate: bool = True) -> Engine:
    return llm_engine(sample_engine, server.base_url, translate_queries=translate)


def _is_translation(call: ChatCall) -> bool:
    return "You translate" in call.system


def _answer_or_translation(call: ChatCall) -> str:
    """The stand-in model: translates the one Kyrgyz question it knows, and answers citing source 1."""
    if _is_translation(call):
        return f"Translation: {EN_QUESTION}" if KY_QUESTION in call.user else call.user
    return "KGZ-DIG-002 modernises digital identity and civil registration [1]."


def _source_titles(call: ChatCall) -> list[str]:
    return re.findall(r'<source n="\d+">\n\[\d+\] ([^|\n]+)', call.user)


async def test_a_kyrgyz_question_is_searched_in_english_and_answered_in_kyrgyz(
    sample_engine: Engine, llm_server: OpenAIServer
) -> None:
    """The sample is mostly English: a Kyrgyz question is translated into English (one model call naming
    English), retrieval uses the translation — the model is shown the passages the English question
    retrieves, the digital-ID project among them, which the Kyrgyz wording alone does not find — and the
    answer is asked for in Kyrgyz with the user's own question; ``search_query`` reports the translation."""
    assert sample_engine.corpus_language() == "en"
    answer = await _engine(sample_engine, llm_server).ask(KY_QUESTION)

    calls = [r.chat for r in llm_server.chat_requests]
    translations = [c for c in calls if _is_translation(c)]
    answers = [c for c in calls if not _is_translation(c)]
    assert len(translations) == 1 and "English" in translations[0].system
    assert KY_QUESTION in translations[0].user
    assert len(answers) == 1
    assert f"Question: {KY_QUESTION}" in answers[0].user and "Answer in Kyrgyz" in answers[0].system

    english = sample_engine.search(EN_QUESTION, k=6)
    kyrgyz = sample_engine.search(KY_QUESTION, k=6)
    shown = _source_titles(answers[0])
    assert [t.strip() for t in shown] == [h.title.strip() for h in english]

    def register_row(hits: list[Hit]) -> bool:  # the digital-ID project's row in the portfolio register
        return any(h.source.endswith("project_portfolio.csv") and "KGZ-DIG-002" in h.text for h in hits)

    assert register_row(english) and not register_row(kyrgyz)  # what the translation adds
    assert answer.mode == "llm" and answer.language == "ky", (answer.text, answer.note)
    assert answer.query == KY_QUESTION and answer.search_query == EN_QUESTION
    assert answer.to_json()["search_query"] == EN_QUESTION


async def test_a_question_in_the_knowledge_base_language_is_not_translated(
    sample_engine: Engine, llm_server: OpenAIServer
) -> None:
    """An English question over an English knowledge base costs no translation call."""
    answer = await _engine(sample_engine, llm_server).ask(EN_QUESTION)
    assert [_is_translation(r.chat) for r in llm_server.chat_requests] == [False]
    assert answer.mode == "llm" and answer.search_query is None


@pytest.mark.parametrize("failure", ["500", "empty", "rambling"])
async def test_a_failed_translation_searches_with_the_question_itself(
    sample_engine: Engine, llm_server: OpenAIServer, failure: str
) -> None:
    """A translation that fails (server error) or is unusable (empty, far longer than the question) is
    ignored: the question is searched as asked and still answered by the model."""
    if failure == "500":
        llm_server.error(500)
    else:
        llm_server.reply("" if failure == "empty" else "word " * 400)
    answer = await _engine(sample_engine, llm_server).ask(KY_QUESTION)
    calls = [r.chat for r in llm_server.chat_requests]
    assert [_is_translation(c) for c in calls] == [True, False]
    shown = _source_titles(calls[1])
    assert [t.strip() for t in shown] == [h.title.strip() for h in sample_engine.search(KY_QUESTION, k=6)]
    assert answer.mode == "llm" and answer.search_query is None


async def test_translation_can_be_turned_off(sample_engine: Engine, llm_server: OpenAIServer) -> None:
    """Translation off (``DTBOT_LLM_TRANSLATE_QUERIES=false``): a Kyrgyz question goes to the model once, searched as asked."""
    answer = await _engine(sample_engine, llm_server, translate=False).ask(KY_QUESTION)
    assert [_is_translation(r.chat) for r in llm_server.chat_requests] == [False]
    assert answer.search_query is None
