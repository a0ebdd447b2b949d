"""The answering engine: condense → route → retrieve → answer (LLM with validated citations, or extractive).

No Telegram or CLI knowledge here; the bot, the CLI and the evaluation harness call the same methods.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from config.settings import Settings
from core.access import Viewer
from core.messages import t
from core.types import Answer, ConversationState, Hit, Intent, Turn
from records import crud
from retrieval import compose
from retrieval.answerability import Answerability, Decision
from retrieval.compose import CitationList
from retrieval.conversation import ConversationResolver, Resolution
from retrieval.experts import Expert, rank_experts
from retrieval.knowledge_base import KnowledgeBase, open_knowledge_base, record_stats
from retrieval.language import detect_language
from retrieval.projects import ProjectMatch, align_project, rank_projects, strategy_gaps
from retrieval.routing import Router
from retrieval.search import HybridRetriever, Retriever

log = logging.getLogger(__name__)

PartialFn = Callable[[str], Awaitable[None]]


class Engine:
    """Answers questions over one knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        retriever: Retriever | None = None,
        chat_model: Any = None,
        *,
        answerability: Answerability | None = None,
        k: int = 6,
        translate_queries: bool | None = None,
    ) -> None:
        self.kb = kb
        self.retriever = retriever or HybridRetriever(kb)
        self.router = Router(kb.settings, kb.embedder)
        self.chat_model = chat_model
        # "can the knowledge base answer this?" — relative to the embedder's calibrated scale
        self.answerability = answerability or Answerability(kb)
        self.k = k
        # with a model: questions in another language than the knowledge base's are searched translated
        self.translate_queries = (
            kb.settings.llm_translate_queries if translate_queries is None else translate_queries
        )

    # the access policy ------------------------------------------------------------
    def view(self, viewer: Viewer | None) -> Engine:
        """This engine as ``viewer`` may use it: every read of the view (retrieval, the answerability gate,
        people, projects, alignment, gaps) goes through ``kb.scoped(viewer)``. None (the operator at the
        terminal) and an unrestricted viewer read everything."""
        if viewer is None or viewer.unrestricted:
            return self
        kb = self.kb.scoped(viewer)
        retriever = copy.copy(self.retriever)
        retriever.kb = kb  # type: ignore[attr-defined]  # same settings, reads through the view
        return Engine(
            kb,
            retriever,
            self.chat_model,
            answerability=self.answerability.for_kb(kb),
            k=self.k,
            translate_queries=self.translate_queries,
        )

    # structured results (CLI --json, tests) ---------------------------------------

    def search(self, query: str, *, k: int = 10, where: dict[str, Any] | None = None) -> list[Hit]:
        return self.retriever.search(query, k=k, where=where)

    def expert_results(self, topic: str, *, k: int = 5, question: str | None = None) -> list[Expert]:
        """People for ``topic``; ``question`` (the whole question the topic came from) also shapes the
        vector people are matched with (``retrieval.expert_question_blend``)."""
        return rank_experts(self.kb, self.retriever, topic, k=k, question=question)

    def project_results(self, topic: str, *, k: int = 5) -> list[ProjectMatch]:
        return rank_projects(self.kb, self.retriever, topic, k=k)

    def relevance(self, query: str, language: str | None = None) -> Decision:
        """Can the knowledge base answer ``query``? Several signals on the embedder's own calibrated scale
        (see retrieval/answerability.py); ``decision.answerable`` gates the answer."""
        return self.answerability.decide(query, language)

    # answers ------------------------------------------------------------------------
    async def ask(
        self,
        question: str,
        *,
        history: Sequence[Turn] = (),
        state: ConversationState | None = None,
        language: str | None = None,
        on_partial: PartialFn | None = None,
        viewer: Viewer | None = None,
    ) -> Answer:
        """Answer ``question`` as ``viewer`` may see it; a follow-up borrows its one missing slot from a live
        ``state`` (see retrieval/conversation.py). ``answer.query`` is the standalone question answered,
        ``answer.state`` the conversation after this turn (``history`` only feeds the LLM's condensation)."""
        engine = self.view(viewer)
        lang = language or detect_language(question)
        resolver = self.conversation()
        resolution = await asyncio.to_thread(resolver.resolve, question, state, lang)
        resolution = await engine._condense(question, list(history), resolution)
        query, routed = resolution.query, resolution.routed
        if engine.chat_model is not None:
            search = await engine._search_query(query, lang)
            answer = await engine._llm_answer(query, search, routed.intent, lang, on_partial)
            answer.search_query = search if search != query else None
        else:
            answer = await asyncio.to_thread(engine._extractive, query, routed.intent, lang)
        answer.query, answer.rewritten = query, resolution.rewritten
        answer.state = resolver.advance(resolution, answer)
        return answer

    def conversation(self) -> ConversationResolver:
        """The follow-up resolver of this engine (TTL and code pattern from settings.retrieval)."""
        cfg = self.kb.settings.retrieval
        return ConversationResolver(
            self.router, ttl_minutes=cfg.conversation_ttl_minutes, code_re=cfg.code_re
        )

    async def experts(
        self, topic: str, *, k: int = 5, language: str | None = None, viewer: Viewer | None = None
    ) -> Answer:
        lang = language or detect_language(topic)
        answer = await asyncio.to_thread(
            self.view(viewer)._experts_answer, self.router.topic(topic), lang, k, topic
        )
        answer.state = self.conversation().after_command("experts", topic, answer)
        return answer

    async def projects(
        self, topic: str, *, k: int = 5, language: str | None = None, viewer: Viewer | None = None
    ) -> Answer:
        lang = language or detect_language(topic)
        engine = self.view(viewer)
        answer = await asyncio.to_thread(engine._projects_answer, self.router.topic(topic), lang, k, None)
        answer.state = self.conversation().after_command("projects", topic, answer)
        return answer

    async def align(
        self, project: str, *, language: str | None = None, viewer: Viewer | None = None
    ) -> Answer:
        lang = language or detect_language(project)
        answer = await asyncio.to_thread(self.view(viewer)._align_answer, project, lang)
        answer.state = self.conversation().after_command("align", project, answer)
        return answer

    async def gaps(self, *, language: str = "en", viewer: Viewer | None = None) -> Answer:
        engine = self.view(viewer)

        def run() -> Answer:
            cites = CitationList()
            text = compose.gaps_text(language, strategy_gaps(engine.kb), cites)
            return Answer(text, cites.items, language=language, intent="alignment")

        return await asyncio.to_thread(run)

    def search_as(
        self, query: str, *, viewer: Viewer | None, k: int = 10, where: dict[str, Any] | None = None
    ) -> list[Hit]:
        """``search`` as ``viewer`` may see it (``dtbot search --as-user``)."""
        return self.view(viewer).search(query, k=k, where=where)

    async def stats(self) -> dict[str, Any]:
        return await asyncio.to_thread(self.stats_sync)

    def stats_sync(self) -> dict[str, Any]:
        """Counts from SQL (see ``record_stats``): the same figures ``dtbot stats`` prints."""
        return record_stats(self.kb.sql, embedder=self.kb.embedder.name, llm=self.chat_model is not None)

    def close(self) -> None:
        self.kb.close()

    # internals ----------------------------------------------------------------------
    async def _condense(self, question: str, history: list[Turn], resolution: Resolution) -> Resolution:
        """The resolver's decision, with the LLM's rewording when one is configured. The rules alone decide
        *whether* to condense: a standalone question is never sent to the model, and a model that returns
        the question unchanged (or fails) leaves the rule-based rewrite in place."""
        if not resolution.follow_up or self.chat_model is None or not history:
            return resolution
        from retrieval.llm import condense_question

        rewritten = await condense_question(self.chat_model, question, history)
        if rewritten.strip() == question.strip():
            return resolution
        lang = detect_language(question)
        return Resolution(question, rewritten, self.router.route(rewritten, lang), True, resolution.slot)

    def corpus_language(self) -> str | None:
        """The language most of the knowledge base's chunks are written in (None: unknown)."""
        profile = getattr(self.retriever, "profile", None)  # a HybridRetriever's language profile
        found = profile() if callable(profile) else None
        return found.main_language() if found is not None else None

    async def _search_query(self, query: str, lang: str) -> str:
        """What retrieval searches with: ``query``, or with a model configured and a question in another
        language than most of the knowledge base, its translation into that language (``query`` again
        when translation is off or fails)."""
        if not self.translate_queries or self.chat_model is None:
            return query
        target = await asyncio.to_thread(self.corpus_language)
        if target is None or target == lang:
            return query
        from retrieval.llm import translate_query

        return await translate_query(self.chat_model, query, target)

    def _idk(self, query: str, lang: str, *, suggest_experts: bool = True) -> Answer:
        """ "I don't know" plus who to ask: the people with most evidence on the topic when the question is
        the knowledge base's kind of question but it holds no answer, else the task force (nothing relevant
        means no expert either). ``answer.answerable`` is False."""
        experts = [e for e in self.expert_results(query, k=2) if e.score > 0] if suggest_experts else []
        if experts:
            who = ", ".join(
                f"{e.person.name} ({e.person.email})" if e.person.email else e.person.name for e in experts
            )
            tail = t(lang, "ask", who=who)
        else:
            tail = t(lang, "ask_tf")
        return Answer(
            f"{t(lang, 'idk')} {tail}",
            language=lang,
            intent="general",
            contacts=[compose.to_contact(e) for e in experts],
            answerable=False,
        )

    def _extractive(self, query: str, intent: Intent, lang: str) -> Answer:
        decision = self.relevance(query)  # judged in the question's own language, not the answer's
        if not decision.answerable:
            return self._idk(query, lang, suggest_experts=decision.on_topic)
        topic = self.router.topic(query)  # people and projects are found by the topic, not the frame
        if intent == "expertise":
            return self._experts_answer(topic, lang, 5, query)
        if intent == "alignment":
            code = self.router.project_code(query)
            if code:
                return self._align_answer(code, lang)
            return self._projects_answer(topic, lang, 5, self.search(query, k=3))
        if intent == "projects":
            background = [
                h for h in self.search(topic, k=4) if h.metadata.get("kind") not in ("project", "person")
            ]
            return self._projects_answer(topic, lang, 5, background[:1])
        cites = CitationList()
        hits = self.search(query, k=self.k)
        text = compose.passages_text(lang, hits, cites)
        return Answer(f"{text}\n\n{t(lang, 'extractive')}", cites.items, language=lang, intent="general")

    def _experts_answer(self, topic: str, lang: str, k: int, question: str | None = None) -> Answer:
        experts = self.expert_results(topic, k=k, question=question)
        cites = CitationList()
        text = compose.experts_text(lang, topic, experts, cites)
        return Answer(
            text,
            cites.items,
            language=lang,
            intent="expertise",
            contacts=[compose.to_contact(e) for e in experts],
        )

    def _projects_answer(self, topic: str, lang: str, k: int, background: list[Hit] | None) -> Answer:
        matches = self.project_results(topic, k=k)
        cites = CitationList()
        parts = []
        if background:
            parts.append(
                f"{t(lang, 'background')} {compose.excerpt(background[0].text)} [{cites.cite(background[0])}]"
            )
        parts.append(compose.projects_text(lang, topic, matches, cites))
        contacts = [
            compose.Contact(name=m.lead.name, email=m.lead.email, telegram=m.lead.telegram)
            for m in matches
            if m.lead
        ]
        return Answer("\n\n".join(parts), cites.items, language=lang, intent="projects", contacts=contacts)

    def _align_answer(self, query: str, lang: str) -> Answer:
        with self.kb.session() as s:
            code = self.router.project_code(query)
            project = crud.find_project(session=s, query=code or query)
        visible = self.kb.visible_records()
        if project is not None and visible is not None and project.code not in visible.projects:
            project = None  # a project the reader may not see is a project it does not know
        if project is None and code is None:  # a title-ish query: the best-matching project
            matches = self.project_results(query, k=1)
            project = matches[0].project if matches else None
        if project is None:
            return Answer(t(lang, "no_project", q=query), language=lang, intent="alignment")
        cites = CitationList()
        commitments = align_project(self.kb, project)
        text = compose.alignment_text(lang, project.code, project.title, commitments, cites)
        return Answer(text, cites.items, language=lang, intent="alignment")

    async def _llm_answer(
        self, question: str, query: str, intent: Intent, lang: str, on_partial: PartialFn | None
    ) -> Answer:
        """The model's answer to ``question`` (in ``lang``) from the passages retrieved for ``query`` (the
        question itself, or its translation into the knowledge base's language)."""
        from retrieval.llm import LLMUnavailable, UngroundedAnswer, generate_answer

        hits = await asyncio.to_thread(self.search, query, k=self.k)
        if not hits:
            return await asyncio.to_thread(self._idk, query, lang)
        try:
            text, used = await generate_answer(self.chat_model, question, hits, lang, on_partial=on_partial)
        except UngroundedAnswer:
            return await asyncio.to_thread(self._idk, query, lang)
        except LLMUnavailable as exc:
            log.warning("LLM unavailable, falling back to extractive: %s", exc)
            answer = await asyncio.to_thread(self._extractive, query, intent, lang)
            answer.note = t(lang, "llm_down")
            return answer
        cites = CitationList()
        numbers = {n: cites.cite(hits[n - 1]) for n in sorted(used) if 0 < n <= len(hits)}
        # renumber [n] → the citation list's numbers so the sources shown match the text
        text = re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", text)
        contacts = []
        if intent == "expertise":
            contacts = [
                compose.to_contact(e) for e in await asyncio.to_thread(self.expert_results, query, k=3)
            ]
        return Answer(text, cites.items, mode="llm", language=lang, intent=intent, contacts=contacts)


def open_engine(settings: Settings, kb: KnowledgeBase | None = None) -> Engine:
    """Open the knowledge base of ``settings`` and the configured LLM (if any; the LLM stack is imported
    only then)."""
    chat_model = None
    if settings.llm_enabled:
        from retrieval.llm import build_chat_model

        chat_model = build_chat_model(settings)
    kb = kb or open_knowledge_base(settings)
    return Engine(kb, HybridRetriever(kb), chat_model)
