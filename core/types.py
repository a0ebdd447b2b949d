"""Plain result types shared by retrieval, the answering engine and the edges (CLI, bot)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Intent = Literal["expertise", "projects", "alignment", "general"]


@dataclass
class Hit:
    """One retrieved chunk."""

    id: str
    text: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", ""))

    @property
    def source(self) -> str:
        return str(self.metadata.get("source", ""))

    @property
    def doc_type(self) -> str:
        return str(self.metadata.get("doc_type", "other"))


@dataclass
class Citation:
    """A numbered source shown under an answer."""

    n: int
    title: str
    source: str
    date: str | None = None
    url: str | None = None
    access: str = "internal"


@dataclass
class Contact:
    """How to reach a person named in an answer."""

    name: str
    email: str | None = None
    telegram: str | None = None
    title: str | None = None
    unit: str | None = None


@dataclass
class Turn:
    """One exchange of a conversation (for follow-up condensation)."""

    question: str
    answer: str


@dataclass
class ConversationState:
    """What a conversation is about after its last answer: the slots a follow-up may borrow.

    Plain data (JSON via ``to_json``/``from_json``) so the bot can store it and the CLI keep it.
    """

    intent: Intent | None = None
    project_code: str | None = None  # the project the last question named
    topic: str | None = None  # the last question's topic (without frame words)
    people: list[str] = field(default_factory=list)  # names shown in the last answer, best first
    projects: list[str] = field(default_factory=list)  # project codes shown in the last answer
    updated_at: float = 0.0  # epoch seconds of the last turn

    def to_json(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "project_code": self.project_code,
            "topic": self.topic,
            "people": list(self.people),
            "projects": list(self.projects),
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConversationState:
        intent = data.get("intent")
        return cls(
            intent=intent if intent in ("expertise", "projects", "alignment", "general") else None,
            project_code=data.get("project_code") or None,
            topic=data.get("topic") or None,
            people=[str(p) for p in data.get("people") or []],
            projects=[str(p) for p in data.get("projects") or []],
            updated_at=float(data.get("updated_at") or 0.0),
        )


@dataclass
class Answer:
    """What the engine returns to an edge."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    mode: Literal["llm", "extractive"] = "extractive"
    language: str = "en"
    intent: Intent = "general"
    contacts: list[Contact] = field(default_factory=list)
    note: str | None = None  # e.g. "LLM unavailable, extractive answer"
    query: str | None = None  # the standalone question actually answered (None: the question as asked)
    rewritten: bool = False  # the question was a follow-up, answered as ``query`` ("understood as: …")
    answerable: bool = True  # False when the reply is "I don't know"
    search_query: str | None = None  # what retrieval searched with when not ``query`` (the LLM's translation)
    state: ConversationState | None = None  # the conversation after this answer (ask only)

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "citations": [
                {"n": c.n, "title": c.title, "source": c.source, "date": c.date, "url": c.url}
                for c in self.citations
            ],
            "mode": self.mode,
            "language": self.language,
            "intent": self.intent,
            "note": self.note,
            "query": self.query,
            "search_query": self.search_query,
            "answerable": self.answerable,
        }
