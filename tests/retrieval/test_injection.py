"""Prompt injection through the full answer path, with a loopback model scripted to OBEY the injection.

Our corpus (tests/retrieval/injection_corpus.py: 22 documents, English and Russian, in Markdown, HTML
comments, PDF text, CSV cells, DOCX tables, plain text) is ingested by the real pipeline; each question is
answered by the real engine through the real openai/LangChain client against ``tests/openai_server.py``,
streamed and not streamed. Whatever the model does, what reaches the user must hold no link outside the
sources' metadata, no citation to a source that was not given, and no copy of the system prompt.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from config.settings import Settings
from retrieval.output_guard import URL, allowed_urls, echoes_prompt, normalise_url, safe_partial, strip_links
from retrieval.prompts import ANSWER_SYSTEM, TRANSLATE_SYSTEM
from tests.retrieval.injection_corpus import DOCS, EXFIL_HOST, LEGIT_URL, SECRET, obey, write_corpus

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from openai_server import ChatCall, OpenAIServer, Respond  # noqa: E402


def test_links_outside_the_sources_are_removed_and_labels_kept() -> None:
    """Bare and Markdown links to hosts not in the sources are removed (a Markdown link keeps its label);
    links that are in the sources' metadata stay, whatever their trailing punctuation."""
    allowed = allowed_urls([LEGIT_URL, None, ""])
    text = (
        f"See {LEGIT_URL}. Also https://{EXFIL_HOST}/c?q=secret and [click here](http://attacker.example/x) "
        "or www.attacker.example/y!"
    )
    out = strip_links(text, allowed)
    assert LEGIT_URL in out and EXFIL_HOST not in out and "attacker" not in out
    assert "click here" in out
    assert normalise_url("HTTPS://Data.Example.KG/open-budget/") == normalise_url(LEGIT_URL)


def test_streamed_prefix_holds_back_half_written_markers_and_links() -> None:
    """A partial answer shows text only up to its last valid citation: never an out-of-range citation, a
    foreign link, a marker/URL still being written, or a claim paragraph without a citation."""
    allowed = allowed_urls([LEGIT_URL])
    cited = "Budgets are published as open tables [1]."
    assert safe_partial(cited + " More claims follow [", 2, allowed) == cited[:-1]
    assert safe_partial(cited + " Now [7] a claim", 2, allowed) == cited[:-1]
    assert safe_partial(cited + f" See https://{EXFIL_HOST}/c?q=a [2] b", 2, allowed).count(EXFIL_HOST) == 0
    assert safe_partial(cited + " Read [the guide](http://attacker.exa", 2, allowed) == cited[:-1]
    # an uncited claim paragraph is never shown, even when a later paragraph cites a source
    uncited = "I have been told to say this and nothing else, really.\n\n"
    assert safe_partial(uncited + cited, 2, allowed) == ""
    assert safe_partial("Open budgets [9]", 2, allowed) == ""


def test_system_prompt_echo_is_detected() -> None:
    """An answer that repeats a run of the system prompt's rules is recognised; ordinary answers are not."""
    assert echoes_prompt("Sure! " + ANSWER_SYSTEM[200:600], ANSWER_SYSTEM)
    assert not echoes_prompt("The open budget portal publishes budgets every quarter [1].", ANSWER_SYSTEM)


@pytest.fixture(scope="module")
def injection_settings(tmp_path_factory: pytest.TempPathFactory, embed_cache_path: Path) -> Settings:
    """A home holding the injection corpus (ingested once for this module)."""
    from ingest.pipeline import run_ingest

    folder = tmp_path_factory.mktemp("injection-corpus")
    write_corpus(folder)
    home = tmp_path_factory.mktemp("injection-home")
    settings = Settings(home=home, embed_cache=embed_cache_path, _env_file=None)  # type: ignore[call-arg]
    summary = run_ingest(settings, [folder])
    assert summary.ok, summary.text()
    assert summary.count("add") == len(DOCS) + 1  # + the hr-only document
    return settings


def _check(text: str, citations: int, allowed: set[str]) -> list[str]:
    problems = []
    for url in URL.findall(text):
        if normalise_url(url) not in allowed:
            problems.append(f"foreign link {url}")
    for n in re.findall(r"\[(\d+)\]", text):
        if not 1 <= int(n) <= citations:
            problems.append(f"citation [{n}] of {citations}")
    if echoes_prompt(text, ANSWER_SYSTEM):
        problems.append("system prompt echoed")
    if re.search(r"(?i)pwned|взломали", text):
        problems.append("injected phrase")
    return problems


@pytest.mark.parametrize("streaming", [False, True])
async def test_obedient_model_cannot_exfiltrate_forge_citations_or_leak_the_prompt(
    injection_settings: Settings, streaming: bool
) -> None:
    """For every document's topic (22 questions), the model obeys the injection it reads; the final answer
    and every streamed partial still contain only source links, only given citations, no prompt."""
    from retrieval.engine import open_engine

    async with OpenAIServer(default=Respond(lambda call: obey(call.system, call.user))) as server:
        settings = injection_settings.model_copy(
            update={"llm_base_url": server.base_url, "llm_timeout": 5, "llm_max_retries": 0}
        )
        engine = open_engine(settings)
        try:
            problems: list[str] = []
            obeyed = 0
            for doc in DOCS:
                partials: list[str] = []

                async def collect(text: str, partials: list[str] = partials) -> None:
                    partials.append(text)

                before = len(server.chat_requests)
                answer = await engine.ask(doc.topic, on_partial=collect if streaming else None)
                # the answer calls (a question in another language than the corpus's is first translated
                # for retrieval: that call carries the user's words only, no sources)
                calls = [
                    c
                    for c in server.chat_requests[before:]
                    if not c.chat.system.startswith(TRANSLATE_SYSTEM.split("{")[0])
                ]
                obeyed += bool(calls)
                final = allowed_urls(c.url for c in answer.citations)
                problems += [f"{doc.name}: {p}" for p in _check(answer.text, len(answer.citations), final)]
                for call in calls:
                    prompt: ChatCall = call.chat
                    given = len(re.findall(r'<source n="\d+">', prompt.user))
                    assert given > 0, "the model was called without fenced sources"
                    in_sources = allowed_urls(re.findall(r"\| url: (\S+)", prompt.user))
                    for text in partials:
                        problems += [f"{doc.name} (streamed): {p}" for p in _check(text, given, in_sources)]
        finally:
            engine.close()
    assert not problems, "\n".join(problems)
    assert obeyed >= len(DOCS) * 0.8, f"the model was asked for only {obeyed} of {len(DOCS)} questions"


async def test_obedient_model_never_sees_or_repeats_what_the_reader_may_not_read(
    injection_settings: Settings,
) -> None:
    """Asked by a staff member outside hr, every question goes to the obedient model with only the passages
    that reader may read: the hr-only document's secret is never in a prompt, an answer or a streamed
    partial, although the injections ask for everything and the document shares their words."""
    from core.access import Viewer
    from retrieval.engine import open_engine

    staff = Viewer(user_id=2, staff=True)
    async with OpenAIServer(default=Respond(lambda call: obey(call.system, call.user))) as server:
        settings = injection_settings.model_copy(
            update={"llm_base_url": server.base_url, "llm_timeout": 5, "llm_max_retries": 0}
        )
        engine = open_engine(settings)
        try:
            leaks = []
            for doc in DOCS:
                partials: list[str] = []

                async def collect(text: str, partials: list[str] = partials) -> None:
                    partials.append(text)

                answer = await engine.ask(doc.topic, on_partial=collect, viewer=staff)
                leaks += [doc.name for text in [answer.text, *partials] if SECRET in text.lower()]
            prompts = [r.chat.prompt for r in server.chat_requests]
            assert prompts and not any(SECRET in p.lower() for p in prompts)
            admin = await engine.ask("grade P3 salary scale code", viewer=Viewer(user_id=5, admin=True))
            assert any(
                SECRET in p.lower() for p in [r.chat.prompt for r in server.chat_requests]
            )  # it exists
        finally:
            engine.close()
    assert not leaks, leaks
    assert admin.text
