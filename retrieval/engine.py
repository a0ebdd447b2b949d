"""The answering engine: condense → route → retrieve → answer (LLM with validated citations, or extractive).

No Telegram or CLI knowledge here; the bot, the CLI and the evaluation harness call the same methods.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from config.settings import Settings
from core.messages import t
from core.types import Answer, Hit, Intent, Turn
from records import crud
from retrieval import compose
from retrieval.compose import CitationList
from retrieval.experts import Expert, rank_experts
from retrieval.knowledge_base import KnowledgeBase, open_knowledge_base
from retrieval.language import detect_language
from retrieval.projects import ProjectMatch, align_project, rank_projects, strategy_gaps
from retrieval.routing import Router
from retrieval.search import HybridRetriever, PublicOnly, Retriever

log = logging.getLogger(__name__)

PartialFn = Callable[[str], Awaitable[None]]
_FOLLOW_UP = re.compile(
    r"\b(it|its|they|them|their|this|that|those|he|she|him|her|and|what about|"
    r"он|она|оно|они|его|её|их|этот|эта|это|этого|тот|а как|ал|алар|анын|бул|ошол)\b",
    re.IGNORECASE,
)


def _restricted(hit: Hit) -> bool:
    return hit.metadata.get("access") == "restricted"


class Engine:
    """Answers questions over one knowledge base."""

    def __init__(
        self,
        kb: KnowledgeBase,
        retriever: Retriever | None = None,
        chat_model: Any = None,
        *,
        min_relevance: float = 0.80,
        k: int = 6,
        public: bool = False,
    ) -> None:
        self.kb = kb
        self.retriever = retriever or HybridRetriever(kb)
        self.router = Router(kb.settings, kb.embedder)
        self.chat_model = chat_model
        self.min_relevance = min_relevance
        self.k = k
        self.public = public  # True: a view that never uses restricted sources

    # structured results (CLI --json, tests) ---------------------------------------
    def view(self, *, allow_restricted: bool) -> Engine:
        """This engine, or a view of it that never uses ``restricted`` sources (for group chats)."""
        if allow_restricted or self.public:
            return self
        return Engine(
            self.kb,
            PublicOnly(self.retriever),
            self.chat_model,
            min_relevance=self.min_relevance,
            k=self.k,
            public=True,
        )

    def search(self, query: str, *, k: int = 10, where: dict[str, Any] | None = None) -> list[Hit]:
        return self.retriever.search(query, k=k, where=where)

    def expert_results(self, topic: str, *, k: int = 5) -> list[Expert]:
        return rank_experts(self.kb, self.retriever, topic, k=k)

    def project_results(self, topic: str, *, k: int = 5) -> list[ProjectMatch]:
        return rank_projects(self.kb, self.retriever, topic, k=k)

    def relevance(self, query: str) -> float:
        """Best dense similarity of any chunk to the query: the engine's confidence it can answer."""
        hits = self.kb.store.search(query, k=1)
        return hits[0].score if hits else 0.0

    # answers ------------------------------------------------------------------------
    async def ask(
        self,
        question: str,
        *,
        history: Sequence[Turn] = (),
        language: str | None = None,
        on_partial: PartialFn | None = None,
        allow_restricted: bool = True,
    ) -> Answer:
        engine = self.view(allow_restricted=allow_restricted)
        lang = language or detect_language(question)
        query = await engine._condense(question, list(history))
        routed = engine.router.route(query, lang)
        if engine.chat_model is not None:
            return await engine._llm_answer(question, query, routed.intent, lang, on_partial)
        return await asyncio.to_thread(engine._extractive, query, routed.intent, lang)

    async def experts(
        self, topic: str, *, k: int = 5, language: str | None = None, allow_restricted: bool = True
    ) -> Answer:
        lang = language or detect_language(topic)
        return await asyncio.to_thread(
            self.view(allow_restricted=allow_restricted)._experts_answer, topic, lang, k
        )

    async def projects(
        self, topic: str, *, k: int = 5, language: str | None = None, allow_restricted: bool = True
    ) -> Answer:
        lang = language or detect_language(topic)
        engine = self.view(allow_restricted=allow_restricted)
        return await asyncio.to_thread(engine._projects_answer, topic, lang, k, None)

    async def align(
        self, project: str, *, language: str | None = None, allow_restricted: bool = True
    ) -> Answer:
        lang = language or detect_language(project)
        return await asyncio.to_thread(
            self.view(allow_restricted=allow_restricted)._align_answer, project, lang
        )

    async def gaps(self, *, language: str = "en") -> Answer:
        def run() -> Answer:
            cites = CitationList()
            text = compose.gaps_text(language, strategy_gaps(self.kb), cites)
            return Answer(text, cites.items, language=language, intent="alignment")

        return await asyncio.to_thread(run)

    async def stats(self) -> dict[str, Any]:
        return await asyncio.to_thread(self.stats_sync)

    def stats_sync(self) -> dict[str, Any]:
        with self.kb.session() as s:
            out = crud.counts(session=s)
            run = crud.last_run(session=s)
        out["chunks"] = self.kb.store.count()
        out["embedder"] = self.kb.embedder.name
        out["llm"] = "configured" if self.chat_model is not None else "none (extractive answers)"
        out["last_ingest"] = (
            None
            if run is None
            else {
                "finished_at": run.finished_at.isoformat(timespec="seconds") if run.finished_at else None,
                "added": run.added,
                "updated": run.updated,
                "removed": run.removed,
                "skipped": run.skipped,
                "failed": run.failed,
            }
        )
        return out

    def close(self) -> None:
        self.kb.close()

    # internals ----------------------------------------------------------------------
    async def _condense(self, question: str, history: list[Turn]) -> str:
        if not history:
            return question
        if self.chat_model is not None:
            from retrieval.llm import condense_question

            return await condense_question(self.chat_model, question, history)
        # offline: a short or pronoun-led follow-up borrows the previous question's topic
        if len(question.split()) <= 6 or _FOLLOW_UP.search(question):
            return f"{history[-1].question} {question}"
        return question

    def _idk(self, query: str, lang: str, *, suggest_experts: bool = True) -> Answer:
        """ "I don't know" plus who to ask: the people with most evidence on the topic when the knowledge
        base is on topic but holds no answer, else the task force (nothing relevant means no expert either)."""
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
        )

    def _extractive(self, query: str, intent: Intent, lang: str) -> Answer:
        if self.relevance(query) < self.min_relevance:
            return self._idk(query, lang, suggest_experts=False)
        if intent == "expertise":
            return self._experts_answer(query, lang, 5)
        if intent == "alignment":
            code = self.router.project_code(query)
            if code:
                return self._align_answer(code, lang)
            return self._projects_answer(query, lang, 5, self.search(query, k=3))
        if intent == "projects":
            background = [
                h for h in self.search(query, k=4) if h.metadata.get("kind") not in ("project", "person")
            ]
            return self._projects_answer(query, lang, 5, background[:1])
        cites = CitationList()
        hits = self.search(query, k=self.k)
        text = compose.passages_text(lang, hits, cites)
        return Answer(f"{text}\n\n{t(lang, 'extractive')}", cites.items, language=lang, intent="general")

    def _experts_answer(self, topic: str, lang: str, k: int) -> Answer:
        experts = self.expert_results(topic, k=k)
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
        if project is None and code is None:  # a title-ish query: the best-matching project
            matches = self.project_results(query, k=1)
            project = matches[0].project if matches else None
        if project is None:
            return Answer(t(lang, "no_project", q=query), language=lang, intent="alignment")
        cites = CitationList()
        commitments = align_project(self.kb, project)
        if self.public:
            commitments = [
                c
                for c in commitments
                if not _restricted(c.strategy_hit)
                and not (c.project_hit is not None and _restricted(c.project_hit))
            ]
        text = compose.alignment_text(lang, project.code, project.title, commitments, cites)
        return Answer(text, cites.items, language=lang, intent="alignment")

    async def _llm_answer(
        self, question: str, query: str, intent: Intent, lang: str, on_partial: PartialFn | None
    ) -> Answer:
        from retrieval.llm import LLMUnavailable, UngroundedAnswer, generate_answer

        hits = await asyncio.to_thread(self.search, query, k=self.k)
        if not hits:
            return await asyncio.to_thread(self._idk, query, lang)
        try:
            text, used = await generate_answer(self.chat_model, query, hits, lang, on_partial=on_partial)
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
    """Open the knowledge base of ``settings`` and the configured LLM (if any)."""
    from retrieval.llm import build_chat_model

    kb = kb or open_knowledge_base(settings)
    return Engine(kb, HybridRetriever(kb), build_chat_model(settings))
