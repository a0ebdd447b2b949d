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
class Answer:
    """What the engine returns to an edge."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    mode: Literal["llm", "extractive"] = "extractive"
    language: str = "en"
    intent: Intent = "general"
    contacts: list[Contact] = field(default_factory=list)
    note: str | None = None  # e.g. "LLM unavailable, extractive answer"

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
        }
