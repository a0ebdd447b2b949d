"""SQLModel tables: people, projects, their links, ingested documents, ingest runs, bot traffic."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True)  # lower-cased email, or "name:<name>" when no email
    name: str
    email: str | None = Field(default=None, index=True)
    title: str | None = None
    unit: str | None = None
    languages: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    expertise: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))  # tag -> level
    bio: str | None = None
    telegram: str | None = None
    phone: str | None = None
    source_document_id: str | None = None


class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True)
    title: str
    status: str | None = None
    start: str | None = None
    end: str | None = None
    budget_usd: float | None = None
    partners: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    digital_components: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    sdgs: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    thematic_areas: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    summary: str | None = None
    strategy_refs: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    source_document_id: str | None = None


class PersonProject(SQLModel, table=True):
    """A person's role on a project, or on a document when ``project_id`` is null."""

    __table_args__ = (UniqueConstraint("person_id", "project_id", "document_id", "role"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    document_id: str | None = Field(default=None, index=True)  # the document that states the link
    role: str = "member"


class Document(SQLModel, table=True):
    id: str = Field(primary_key=True)  # stable id derived from the source path
    source: str = Field(index=True)
    sha256: str
    doc_type: str = "other"
    title: str = ""
    language: str | None = None
    date: str | None = None
    access: str = "internal"
    url: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    chunk_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    status: str = "active"  # active | removed
    ingested_at: datetime = Field(default_factory=utcnow)


class IngestRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    failed: int = 0
    chunks: int = 0
    failures: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON))
