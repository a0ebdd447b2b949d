"""Keyword-only access functions for the knowledge-base tables; nothing else touches SQL directly."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.documents import LinkRecord, PersonRecord, ProjectRecord
from records.models import Document, IngestRun, Person, PersonProject, Project, Statement, utcnow


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
        "records_version",
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
    clear_statements(session=session, document_id=doc_id)


# statements: what each document says about people, projects and links --------
RECORDS_VERSION = 1  # bump when the statement format changes: older documents are re-read once

_PERSON_FIELDS = ("title", "unit", "bio", "telegram", "phone", "languages", "expertise", "learning_interests")
_PROJECT_FIELDS = (
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
)


def record_statements(
    *,
    session: Session,
    document_id: str,
    people: Iterable[PersonRecord] = (),
    projects: Iterable[ProjectRecord] = (),
    links: Iterable[LinkRecord] = (),
) -> int:
    """Replace what ``document_id`` states (people, projects, links); resolved later by ``resolve_records``."""
    clear_statements(session=session, document_id=document_id)
    rows = [
        Statement(
            document_id=document_id,
            kind="person",
            key=person_key(email=p.email, name=p.name),
            data=dataclasses.asdict(p),
        )
        for p in people
    ]
    rows += [
        Statement(document_id=document_id, kind="project", key=p.code, data=dataclasses.asdict(p))
        for p in projects
    ]
    rows += [
        Statement(
            document_id=document_id,
            kind="link",
            key=link.person_key.strip().lower(),
            project_code=link.project_code or None,
            role=link.role,
        )
        for link in links
    ]
    session.add_all(rows)
    session.flush()
    return len(rows)


def clear_statements(*, session: Session, document_id: str) -> None:
    session.exec(delete(Statement).where(col(Statement.document_id) == document_id))  # type: ignore[call-overload]


def mentions(*, session: Session, kind: str, key: str) -> list[str]:
    """Ids of the active documents that state person ``key`` / project code ``key`` (``kind``) or a link."""
    stmt = (
        select(Statement.document_id)
        .join(Document, col(Document.id) == col(Statement.document_id))
        .where(Statement.kind == kind, Statement.key == key, Document.status == "active")
    )
    return sorted(set(session.exec(stmt)))


def documents_needing_statements(*, session: Session) -> list[Document]:
    """Active documents ingested before their statements were recorded (older homes)."""
    stmt = select(Document).where(Document.status == "active", Document.records_version < RECORDS_VERSION)
    return list(session.exec(stmt))


@dataclasses.dataclass
class Resolution:
    """What ``resolve_records`` changed."""

    people_active: int = 0
    people_inactive: int = 0
    projects_active: int = 0
    projects_inactive: int = 0
    links_added: int = 0
    links_removed: int = 0


def _rich(data: dict[str, Any]) -> bool:
    """A register row (title, unit or expertise) outranks a bare focal-point tag."""
    return bool(data.get("title") or data.get("unit") or data.get("expertise"))


def resolve_records(*, session: Session) -> Resolution:
    """Rebuild people, projects and links from the statements of the active documents.

    A record stated by some active document is (re)built from those statements and active; one no active
    document states any more is kept but inactive. Records of documents ingested before statements were
    recorded (``records_version`` 0) are left as they are. Links are resolved against the active records
    whatever the order the files were ingested in. Idempotent; the caller commits.
    """
    # plain rows, not ORM objects: this runs after every ingest over every document's statements
    versions = select(Document.id, Document.records_version).where(Document.status == "active")
    docs = {doc_id: version for doc_id, version in session.exec(versions)}
    legacy = {doc_id for doc_id, version in docs.items() if version < RECORDS_VERSION}
    stated: dict[tuple[str, str], list[Any]] = defaultdict(list)
    links: list[Any] = []
    st_ = Statement
    columns = [col(st_.document_id), col(st_.kind), col(st_.key), col(st_.project_code), col(st_.role)]
    rows = sa_select(*columns, col(st_.data)).order_by(col(st_.document_id), col(st_.id))
    for st in session.connection().execute(rows):
        if st.document_id not in docs:
            continue
        if st.kind == "link":
            links.append(st)
        else:
            stated[(st.kind, st.key)].append(st)
    res = Resolution()

    people = {p.key: p for p in session.exec(select(Person))}
    for key in sorted(set(people) | {k for (kind, k) in stated if kind == "person"}):
        person = people.get(key)
        statements = sorted(stated.get(("person", key), []), key=lambda st: (_rich(st.data), st.document_id))
        if not statements:
            if person is not None and person.active and person.source_document_id not in legacy:
                person.active = False
            continue
        if person is None:
            person = Person(key=key, name="")
            session.add(person)
            people[key] = person
        _rebuild_person(person, statements)
    projects = {p.code: p for p in session.exec(select(Project))}
    for code in sorted(set(projects) | {k for (kind, k) in stated if kind == "project"}):
        statements = stated.get(("project", code), [])
        project = projects.get(code)
        if not statements:
            if project is not None and project.active and project.source_document_id not in legacy:
                project.active = False
            continue
        if project is None:
            project = Project(code=code, title="")
            session.add(project)
            projects[code] = project
        st = statements[-1]  # several portfolios stating one code: the last by document id wins
        for name in ("title", *_PROJECT_FIELDS):
            setattr(project, name, st.data.get(name))
        project.title = project.title or code
        for name in ("partners", "digital_components", "sdgs", "thematic_areas", "strategy_refs"):
            setattr(project, name, list(getattr(project, name) or []))
        project.source_document_id = st.document_id
        project.active = True
    session.flush()

    want: set[tuple[int, int | None, str, str]] = set()
    stated_by: dict[tuple[int, int, str], str] = {}
    for st in links:
        person = people.get(st.key)
        if person is None or not person.active or person.id is None:
            continue
        project_id = None
        if st.project_code:
            project = projects.get(st.project_code)
            if project is None or not project.active:
                continue
            project_id = project.id
        role = st.role or "member"
        if project_id is not None:  # one link per (person, project, role), whichever documents state it
            first = stated_by.setdefault((person.id, project_id, role), st.document_id)
            if first != st.document_id:
                continue
        want.add((person.id, project_id, st.document_id, role))
    active_people = {p.id for p in people.values() if p.active}
    active_projects = {p.id for p in projects.values() if p.active}
    have: set[tuple[int, int | None, str, str]] = set()
    drop: list[int] = []
    pp = PersonProject
    link_columns = [col(pp.id), col(pp.person_id), col(pp.project_id), col(pp.document_id), col(pp.role)]
    for link in session.connection().execute(sa_select(*link_columns)):
        k = (link.person_id, link.project_id, link.document_id or "", link.role)
        stale = k not in want and (link.document_id not in legacy)
        dead = link.person_id not in active_people or (
            link.project_id is not None and link.project_id not in active_projects
        )
        if stale or dead:
            drop.append(link.id)
        else:
            have.add(k)
    for start in range(0, len(drop), 500):
        session.exec(delete(pp).where(col(pp.id).in_(drop[start : start + 500])))  # type: ignore[call-overload]
    res.links_removed = len(drop)
    for person_id, project_id, document_id, role in sorted(want - have, key=str):
        session.add(
            PersonProject(person_id=person_id, project_id=project_id, document_id=document_id, role=role)
        )
        res.links_added += 1
    session.flush()
    res.people_active = sum(1 for p in people.values() if p.active)
    res.people_inactive = len(people) - res.people_active
    res.projects_active = sum(1 for p in projects.values() if p.active)
    res.projects_inactive = len(projects) - res.projects_active
    return res


def _rebuild_person(person: Person, statements: list[Any]) -> None:
    """Fields from the statements, weakest first, so a register row's values win over a focal-point tag's
    and a value no source states any more is cleared."""
    person.title = person.unit = person.bio = person.telegram = person.phone = None
    person.languages, person.expertise = [], {}  # new objects: the JSON columns are then marked dirty
    person.learning_interests = []
    for st in statements:
        data = st.data
        if data.get("name"):
            person.name = str(data["name"])
        if data.get("email"):
            person.email = str(data["email"]).lower()
        for name in _PERSON_FIELDS:
            if data.get(name):
                setattr(person, name, data[name])
    person.name = person.name or person.key
    person.source_document_id = statements[-1].document_id
    person.active = True


# visibility under the access policy ----------------------------------------------
@dataclasses.dataclass(frozen=True)
class Visibility:
    """Which records a reader may be shown: person keys and project codes."""

    people: frozenset[str]
    projects: frozenset[str]


def visibility(*, session: Session, labels: Iterable[str]) -> Visibility:
    """People and projects stated (by their own register row or focal-point tag, or portfolio row) in an
    active document whose access label — the row's own, else the document's — is one of ``labels``.

    A link (a name in a ``team`` or ``projects`` column) does not make a record visible: a person known
    only from documents the reader may not see stays hidden.
    """
    allowed = set(labels)
    stmt = (
        sa_select(col(Statement.kind), col(Statement.key), col(Statement.data), col(Document.access))
        .join(Document, col(Document.id) == col(Statement.document_id))
        .where(col(Document.status) == "active", col(Statement.kind).in_(("person", "project")))
    )
    people: set[str] = set()
    projects: set[str] = set()
    for kind, key, data, doc_access in session.connection().execute(stmt):
        label = (data or {}).get("access") or doc_access
        if label in allowed:
            (people if kind == "person" else projects).add(key)
    return Visibility(frozenset(people), frozenset(projects))


# reading (answers see active records only unless asked otherwise) ---------------
def get_person(*, session: Session, key: str, include_inactive: bool = False) -> Person | None:
    stmt = select(Person).where(Person.key == key.strip().lower())
    if not include_inactive:
        stmt = stmt.where(Person.active)
    return session.exec(stmt).first()


def list_people(*, session: Session, include_inactive: bool = False) -> list[Person]:
    stmt = select(Person) if include_inactive else select(Person).where(Person.active)
    return list(session.exec(stmt.order_by(Person.name)))


def list_projects(*, session: Session, include_inactive: bool = False) -> list[Project]:
    stmt = select(Project) if include_inactive else select(Project).where(Project.active)
    return list(session.exec(stmt.order_by(Project.code)))


def find_project(*, session: Session, query: str) -> Project | None:
    """An active project by exact code (case-insensitive), else by title substring."""
    q = query.strip()
    active = select(Project).where(Project.active)
    project = session.exec(active.where(func.lower(Project.code) == q.lower())).first()
    if project is None:
        # user text is data: % and _ match themselves, not "anything"
        title = func.lower(Project.title).contains(q.lower(), autoescape=True)
        project = session.exec(active.where(title)).first()
    return project


def links_for_person(*, session: Session, person_id: int) -> list[PersonProject]:
    return list(session.exec(select(PersonProject).where(PersonProject.person_id == person_id)))


def people_for_project(*, session: Session, project_id: int) -> list[tuple[Person, str]]:
    rows = session.exec(
        select(Person, PersonProject.role)
        .join(PersonProject, col(PersonProject.person_id) == col(Person.id))
        .where(PersonProject.project_id == project_id, Person.active)
    )
    return [(p, r) for p, r in rows]


def people_for_document(*, session: Session, document_id: str) -> list[tuple[Person, str]]:
    rows = session.exec(
        select(Person, PersonProject.role)
        .join(PersonProject, col(PersonProject.person_id) == col(Person.id))
        .where(
            PersonProject.document_id == document_id, col(PersonProject.project_id).is_(None), Person.active
        )
    )
    return [(p, r) for p, r in rows]


# runs and stats ------------------------------------------------------------
def start_run(*, session: Session, trigger: str = "manual") -> IngestRun:
    run = IngestRun(trigger=trigger)
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
    """The last ingest that ran to the end (a skipped or failed scheduled round is not one)."""
    stmt = select(IngestRun).where(col(IngestRun.finished_at).is_not(None), IngestRun.outcome == "done")
    return session.exec(stmt.order_by(col(IngestRun.id).desc())).first()


def record_round(
    *, session: Session, trigger: str, outcome: str, started_at: datetime, reason: str | None = None
) -> IngestRun:
    """Record a round that did not ingest (``outcome`` "skipped" or "error", with its reason)."""
    run = IngestRun(
        trigger=trigger,
        outcome=outcome,
        started_at=started_at,
        finished_at=utcnow(),
        failures=[{"source": "", "reason": reason}] if reason else [],
    )
    session.add(run)
    session.commit()
    session.refresh(run)
    return run


def last_round(*, session: Session, trigger: str) -> IngestRun | None:
    """The last finished run or round started by ``trigger`` (whatever its outcome)."""
    stmt = select(IngestRun).where(col(IngestRun.finished_at).is_not(None), IngestRun.trigger == trigger)
    return session.exec(stmt.order_by(col(IngestRun.id).desc())).first()


def counts(*, session: Session) -> dict[str, Any]:
    def n(model: Any, *where: Any) -> int:
        return int(session.exec(select(func.count()).select_from(model).where(*where)).one())

    people, projects = n(Person), n(Project)
    people_active, projects_active = n(Person, Person.active), n(Project, Project.active)
    return {
        "documents": n(Document, Document.status == "active"),
        "people": people_active,
        "people_inactive": people - people_active,
        "projects": projects_active,
        "projects_inactive": projects - projects_active,
        "links": n(PersonProject),
    }


def chunk_count(*, session: Session) -> int:
    """Chunks recorded by the active documents (what the vector store holds after a completed ingest)."""
    ids = session.exec(select(Document.chunk_ids).where(Document.status == "active"))
    return sum(len(chunk_ids or []) for chunk_ids in ids)


def reset_all(*, session: Session) -> None:
    for model in (PersonProject, Statement, Person, Project, Document):
        session.exec(delete(model))  # type: ignore[call-overload]
    session.commit()
