"""Intent routing (expertise / projects / alignment / general) for English, Russian and Kyrgyz questions.

``Router.route`` returns the intent, the question's *topic* (the question without its frame words) and
the project code it names. The engine, the conversation logic and the evaluation all go through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from config.settings import Settings
from core.types import Intent
from retrieval.embedders import Embedder

_EXPERTISE = re.compile(
    r"\b(who|whom|anyone|somebody|someone|expert\w*|specialist\w*|knows?|contact|colleague\w*|ask about|"
    r"кто|кого|кому|эксперт\w*|специалист\w*|знает|разбирается|обратиться|ким|кимге|адис\w*|билет|"
    r"билген)\b",
    re.IGNORECASE,
)
_ALIGNMENT = re.compile(
    r"\b(align\w*|support\w* the|contribut\w*|strateg\w*|agenda|national digital|priorit\w*|"
    r"стратеги\w*|повестк\w*|соответству\w*|поддерживает|вклад\w*|приоритет\w*|стратегия\w*|"
    r"колдо\w*|стратегиясы\w*)\b",
    re.IGNORECASE,
)
_PROJECTS = re.compile(
    r"\b(projects?|initiatives?|portfolio|programmes?|programs?|проект\w*|инициатив\w*|портфел\w*|"
    r"долбоор\w*|демилге\w*)\b",
    re.IGNORECASE,
)
_FRAME = re.compile(
    r"\b(who|whom|which|what|in the office|here|knows?|about|works?|on|is there|anyone|someone|projects?|"
    r"кто|какие|какой|знает|о|об|про|работает|с|проекты|ким|кайсы|боюнча|билет|долбоорлор)\b",
    re.IGNORECASE,
)


@dataclass
class Routed:
    """What a question asks for."""

    intent: Intent
    topic: str  # the question without its frame words: "Who knows about e-procurement?" → "e-procurement"
    project_code: str | None  # the first project code the question names
    explicit: bool  # the question itself carries an intent cue (not only the "general" fallback)


class Router:
    """Routes questions by cue words; one instance per engine (it may hold embedded example questions)."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.code_re = settings.retrieval.code_re
        self.embedder = embedder

    def project_code(self, question: str) -> str | None:
        m = self.code_re.search(question)
        return m.group(0) if m else None

    def topic(self, question: str) -> str:
        stripped = _FRAME.sub(" ", question)
        stripped = re.sub(r"[?!.,;:]+", " ", stripped)
        return re.sub(r"\s+", " ", stripped).strip() or question.strip()

    def route(self, question: str, language: str | None = None) -> Routed:
        code = self.project_code(question)
        has_project = bool(_PROJECTS.search(question) or code)
        if _ALIGNMENT.search(question) and has_project:
            intent: Intent = "alignment"
        elif _EXPERTISE.search(question):
            intent = "expertise"
        elif has_project:
            intent = "projects"
        else:
            intent = "general"
        return Routed(intent, self.topic(question), code, intent != "general")
