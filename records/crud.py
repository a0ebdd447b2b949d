"""Keyword-only access functions for the knowledge-base tables; nothing else touches SQL directly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from core.documents import LinkRecord, PersonRecord, ProjectRecord
from records.models import Document, IngestRun, Person, PersonProject, Project, utcnow


def person_key(*, email: str | None, name: str) -> str:
    return email.strip().lower() if email else f"name:{name.strip().lower()}"


# documents -----------------------------------------------------------------
def get_document(*, session: Session, doc_id: str) -> Document | None:
    return session.get(Document, doc_id)


def active_documents(*, session: Session, under: str | None = None) -> list[Document]:
    stmt = select(Document).where(Document.status == "active")
    if under is not None:
        stmt = stmt.where(col(Document.source).startswith(under))
    return list(session.exec(stmt))


def save_document(*, session: Session, doc: Document) -> Document:
    existing = session.get(Document, doc.id)
    if existing is None:
        session.add(doc)
        return doc
    for field in (
        "source",
        "sha256",
        "doc_type",
        "title",
        "language",
        "date",
        "access",
        "url",
        "meta",
        "chunk_ids",
    ):
        setattr(existing, field, getattr(doc, field))
    existing.status = "active"
    existing.ingested_at = utcnow()
    return existing


def mark_document_removed(*, session: Session, doc_id: str) -> None:
    doc = session.get(Document, doc_id)
    if doc is not None:
        doc.status = "removed"
        doc.chunk_ids = []
        doc.ingested_at = utcnow()
    session.exec(delete(PersonProject).where(col(PersonProject.document_id) == doc_id))  # type: ignore[call-overload]


# people and projects -------------------------------------------------------
def upsert_person(*, session: Session, record: PersonRecord, document_id: str | None) -> Person:
    key = person_key(email=record.email, name=record.name)
    person = session.exec(select(Person).where(Person.key == key)).first()
    if person is None:
        person = Person(key=key, name=record.name, email=record.email.lower() if record.email else None)
        session.add(person)
    # a register row is richer than a focal-point tag: never overwrite data with blanks
    if record.name and (not person.name or record.title or record.unit):
        person.name = record.name
    for field in ("title", "unit", "bio", "telegram", "phone"):
        value = getattr(record, field)
        if value:
            setattr(person, field, value)
    if record.languages:
        person.languages = list(record.languages)
    if record.expertise:
        person.expertise = dict(record.expertise)
    if document_id and (record.title or record.unit or record.expertise or not person.source_document_id):
        person.source_document_id = document_id
    session.flush()
    return person


def upsert_project(*, session: Session, record: ProjectRecord, document_id: str | None) -> Project:
    project = session.exec(select(Project).where(Project.code == record.code)).first()
    if project is None:
        project = Project(code=record.code, title=record.title)
        session.add(project)
    for field in (
        "title",
        "status",
        "start",
        "end",
        "budget_usd",
        "partners",
        "digital_components",
        "sdgs",
        "thematic_areas",
        "summary",
        "strategy_refs",
    ):
        setattr(project, field, getattr(record, field))
    project.source_document_id = document_id
    session.flush()
    return project


def replace_links(*, session: Session, document_id: str, links: Iterable[LinkRecord]) -> int:
    """Replace every link stated by ``document_id`` with ``links``; unknown people/projects are skipped."""
    session.exec(delete(PersonProject).where(col(PersonProject.document_id) == document_id))  # type: ignore[call-overload]
    seen: set[tuple[int, int | None, str]] = set()
    n = 0
    for link in links:
        person = session.exec(select(Person).where(Person.key == link.person_key.strip().lower())).first()
        if person is None or person.id is None:
            continue
        project_id = None
        if link.project_code:
            project = session.exec(select(Project).where(Project.code == link.project_code)).first()
            if project is None:
                continue
            project_id = project.id
        k = (person.id, project_id, link.role)
        if k in seen:
            continue
        seen.add(k)
        session.add(
            PersonProject(person_id=person.id, project_id=project_id, document_id=document_id, role=link.role)
        )
        n += 1
    session.flush()
    return n


def get_person(*, session: Session, key: str) -> Person | None:
    return session.exec(select(Person).where(Person.key == key.strip().lower())).first()


def list_people(*, session: Session) -> list[Person]:
    return list(session.exec(select(Person).order_by(Person.name)))


def list_projects(*, session: Session) -> list[Project]:
    return list(session.exec(select(Project).order_by(Project.code)))


def find_project(*, session: Session, query: str) -> Project | None:
    """A project by exact code (case-insensitive), else by title substring."""
    q = query.strip()
    project = session.exec(select(Project).where(func.lower(Project.code) == q.lower())).first()
    if project is None:
        project = session.exec(select(Project).where(func.lower(Project.title).contains(q.lower()))).first()
    return project


def links_for_person(*, session: Session, person_id: int) -> list[PersonProject]:
    return list(session.exec(select(PersonProject).where(PersonProject.person_id == person_id)))


def people_for_project(*, session: Session, project_id: int) -> list[tuple[Person, str]]:
    rows = session.exec(
        select(Person, PersonProject.role)
        .join(PersonProject, col(PersonProject.person_id) == col(Person.id))
        .where(PersonProject.project_id == project_id)
    )
    return [(p, r) for p, r in rows]


def people_for_document(*, session: Session, document_id: str) -> list[tuple[Person, str]]:
    rows = session.exec(
        select(Person, PersonProject.role)
        .join(PersonProject, col(PersonProject.person_id) == col(Person.id))
        .where(PersonProject.document_id == document_id, col(PersonProject.project_id).is_(None))
    )
    return [(p, r) for p, r in rows]


# runs and stats ------------------------------------------------------------
def start_run(*, session: Session) -> IngestRun:
    run = IngestRun()
    session.add(run)
    session.commit()
    session.refresh(run)
    return run


def finish_run(
    *, session: Session, run_id: int, counts: dict[str, int], failures: list[dict[str, str]]
) -> None:
    run = session.get(IngestRun, run_id)
    if run is None:
        return
    for k, v in counts.items():
        setattr(run, k, v)
    run.failures = failures
    run.finished_at = utcnow()
    session.commit()


def last_run(*, session: Session) -> IngestRun | None:
    stmt = select(IngestRun).where(col(IngestRun.finished_at).is_not(None))
    return session.exec(stmt.order_by(col(IngestRun.id).desc())).first()


def counts(*, session: Session) -> dict[str, Any]:
    def n(model: Any, *where: Any) -> int:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())

    return {
        "documents": n(Document, Document.status == "active"),
        "people": n(Person),
        "projects": n(Project),
        "links": n(PersonProject),
    }


def reset_all(*, session: Session) -> None:
    for model in (PersonProject, Person, Project, Document):
        session.exec(delete(model))  # type: ignore[call-overload]
    session.commit()
