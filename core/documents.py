"""Plain data the parsers return; no I/O, no storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DOC_TYPES = (
    "strategy",
    "roadmap",
    "project",
    "profile",
    "policy",
    "register",
    "learningplan",
    "story",
    "other",
)


@dataclass
class Section:
    """A structural unit of a document: a heading path and its text (or one PDF page)."""

    path: list[str]
    text: str
    page: int | None = None
    # extra metadata for every chunk of this section (e.g. a register row's person email)
    metadata: dict[str, Any] = field(default_factory=dict)
    # True when the section must stay one chunk (a register row / profile)
    atomic: bool = False


@dataclass
class PersonRecord:
    """A person as read from a register row or a ``[[focal_point:…]]`` tag."""

    email: str | None
    name: str
    title: str | None = None
    unit: str | None = None
    languages: list[str] = field(default_factory=list)
    expertise: dict[str, str | None] = field(default_factory=dict)  # tag -> level (or None)
    learning_interests: list[str] = field(default_factory=list)  # what the person wants to learn
    bio: str | None = None
    telegram: str | None = None
    phone: str | None = None
    access: str | None = None  # the register row's own access label (None: the document's)


@dataclass
class ProjectRecord:
    """A project as read from the portfolio register."""

    code: str
    title: str
    status: str | None = None
    start: str | None = None
    end: str | None = None
    budget_usd: float | None = None
    partners: list[str] = field(default_factory=list)
    digital_components: list[str] = field(default_factory=list)
    sdgs: list[str] = field(default_factory=list)
    thematic_areas: list[str] = field(default_factory=list)
    summary: str | None = None
    strategy_refs: list[str] = field(default_factory=list)
    access: str | None = None  # the portfolio row's own access label (None: the document's)


@dataclass
class LinkRecord:
    """A person's role on a project or document: lead / focal point / member / author / mentioned."""

    person_key: str  # email, or name when no email is known
    role: str
    project_code: str | None = None  # None: linked to the document itself


@dataclass
class ParsedDocument:
    """What a parser extracts from one file."""

    title: str
    doc_type: str = "other"
    language: str | None = None
    date: str | None = None
    # the access label as written ("" = unlabelled); parse_file normalises it (core.access.parse_label)
    access: str = ""
    url: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)  # filterable tags: country, year, methods, …
    sections: list[Section] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    projects: list[ProjectRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
