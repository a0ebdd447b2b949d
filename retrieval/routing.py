"""Intent routing (expertise / projects / alignment / general) for English, Russian and Kyrgyz questions."""

from __future__ import annotations

import re

from core.types import Intent

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
_CODE = re.compile(r"\b[A-Z]{2,5}-[A-Z]{2,5}-\d{2,4}\b")


def route(question: str) -> Intent:
    """The intent of a question, by cue words; ``general`` when nothing specific is asked."""
    has_project = bool(_PROJECTS.search(question) or _CODE.search(question))
    if _ALIGNMENT.search(question) and has_project:
        return "alignment"
    if _EXPERTISE.search(question):
        return "expertise"
    if has_project:
        return "projects"
    return "general"


def project_code(question: str) -> str | None:
    m = _CODE.search(question)
    return m.group(0) if m else None
