"""SQLModel tables: people, projects, their links, what each document states, documents, ingest runs.

People, projects and links are *derived* records: every ingest re-resolves them from the statements of the
active documents (``Statement``), so they follow their sources whatever the file order, and a person or
project no active source states any more is kept but marked inactive (never recommended or shown).
"""

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
    # what the person wants to learn (the register's optional ``learning_interests`` column)
    learning_interests: list[str] = Field(default_factory=list, sa_column=Column(JSON, server_default="[]"))
    bio: str | None = None
    telegram: str | None = None
    phone: str | None = None
    source_document_id: str | None = None  # the richest active document stating this person
    active: bool = True  # False: no active document states this person any more


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
    active: bool = True  # False: no active document states this project any more


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
    # the version of the statement format this document's ``Statement`` rows were recorded with
    # (0: ingested before statements existed; the next ingest re-reads the file to record them)
    records_version: int = 0


class Statement(SQLModel, table=True):
    """One thing a document states: a person (register row, focal-point tag), a project (portfolio row) or
    a link (person key, role, project code or None for the document itself), kept raw so people, projects
    and links can be re-resolved from all active documents after every ingest."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: str = Field(index=True)
    kind: str = Field(index=True)  # person | project | link
    key: str = Field(index=True)  # person key (person, link) or project code (project)
    project_code: str | None = None  # link only: the project (None: the document itself)
    role: str | None = None  # link only
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))  # the record's fields


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
    # who started it: "manual" (`dtbot ingest`), "admin" (/reindex) or "schedule" (DTBOT_REINDEX_INTERVAL)
    trigger: str = Field(default="manual", sa_column_kwargs={"server_default": "manual"})
    # "done" (the ingest ran), "skipped" (a scheduled round found another writer holding the write lock)
    # or "error" (a scheduled round failed before finishing; ``failures`` says why)
    outcome: str = Field(default="done", sa_column_kwargs={"server_default": "done"})
