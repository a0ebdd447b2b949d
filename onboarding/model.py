"""The tour's plain result types (no Telegram or CLI knowledge)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.types import Citation

CARD_KEYS = ("overview", "strategies", "projects", "people", "glossary")


@dataclass
class Card:
    """One card: a title, plain text with ``[n]`` markers, and the numbered sources those markers cite."""

    key: str  # one of CARD_KEYS
    title: str
    text: str
    citations: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "text": self.text,
            "citations": [
                {"n": c.n, "title": c.title, "source": c.source, "date": c.date, "url": c.url}
                for c in self.citations
            ],
        }


@dataclass
class Tour:
    """The cards of one tour, composed for one language and one access level."""

    language: str
    cards: list[Card]
    example_term: str | None = None  # a glossary term, for the "ask a question" prompt

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "cards": [c.to_json() for c in self.cards]}
