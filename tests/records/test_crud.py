"""Knowledge-base records (records/crud.py) on SQLite and on the PostgreSQL server: documents, statements
resolved into people / projects / links, visibility under access labels, ingest runs and counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.documents import LinkRecord, PersonRecord, ProjectRecord
from records import crud
from records.db import make_engine
from records.models import Document, PersonProject

ASEL = PersonRecord(
    email="Asel@UNDP.org",
    name="Asel Usenova",
    title="Open Data Specialist",
    expertise={"open data": "expert"},
)
ASEL_TAG = PersonRecord(email="asel@undp.org", name="Asel U.")  # a bare focal-point tag
BOLOT = PersonRecord(email="bolot@undp.org", name="Bolot Ermekov", unit="Climate", access="group:hr")
PORTAL = ProjectRecord(code="KGZ-DIG-901", title="Open Data Portal", status="active", partners=["MoDD"])
FLOOD = ProjectRecord(code="KGZ-DIG-902", title="Flood Early Warning", access="public")


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on a migrated records database of each backend."""
    engine: Engine = make_engine(db_url)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


def _doc(session: Session, doc_id: str, access: str = "staff", status: str = "active") -> None:
    crud.save_document(
        session=session,
        doc=Document(
            id=doc_id,
            source=f"/src/{doc_id}",
            sha256=doc_id,
            access=access,
            records_version=crud.RECORDS_VERSION,
        ),
    )
    if status == "removed":
        crud.mark_document_removed(session=session, doc_id=doc_id)


def _links(session: Session) -> set[tuple[str, str | None, str]]:
    people = {p.id: p.key for p in crud.list_people(session=session, include_inactive=True)}
    codes = {p.id: p.code for p in crud.list_projects(session=session, include_inactive=True)}
    return {
        (people[link.person_id], codes.get(link.project_id) if link.project_id else None, link.role)
        for link in session.exec(select(PersonProject))
    }


def test_statements_resolve_into_records_that_follow_their_sources(session: Session) -> None:
    """People, projects and links come from what active documents state: the register row outranks a
    focal-point tag, links resolve whatever the order, a record no document states becomes inactive (and
    loses its links) and returns when stated again; resolving twice changes nothing."""
    _doc(session, "portfolio")
    crud.record_statements(
        session=session,
        document_id="portfolio",
        projects=[PORTAL, FLOOD],
        links=[
            LinkRecord("asel@undp.org", "lead", "KGZ-DIG-901"),
            LinkRecord("bolot@undp.org", "member", "KGZ-DIG-901"),
        ],
    )
    _doc(session, "register")
    crud.record_statements(session=session, document_id="register", people=[ASEL, BOLOT])
    _doc(session, "page")
    crud.record_statements(
        session=session,
        document_id="page",
        people=[ASEL_TAG],
        links=[LinkRecord("asel@undp.org", "focal point")],
    )
    res = crud.resolve_records(session=session)
    session.commit()
    assert (res.people_active, res.projects_active, res.links_added) == (2, 2, 3)
    asel = crud.get_person(session=session, key="ASEL@undp.org ")
    assert asel is not None and (asel.name, asel.title, asel.expertise) == (
        "Asel Usenova",
        "Open Data Specialist",
        {"open data": "expert"},
    )
    assert _links(session) == {
        ("asel@undp.org", "KGZ-DIG-901", "lead"),
        ("bolot@undp.org", "KGZ-DIG-901", "member"),
        ("asel@undp.org", None, "focal point"),
    }
    assert crud.mentions(session=session, kind="person", key="asel@undp.org") == ["page", "register"]
    assert crud.resolve_records(session=session).links_added == 0  # idempotent
    portal = crud.find_project(session=session, query="open data portal")
    assert portal is not None and portal.partners == ["MoDD"]
    team = {p.key: role for p, role in crud.people_for_project(session=session, project_id=portal.id or -1)}
    assert team == {"asel@undp.org": "lead", "bolot@undp.org": "member"}

    crud.mark_document_removed(session=session, doc_id="register")
    res = crud.resolve_records(session=session)
    session.commit()
    asel = crud.get_person(session=session, key="asel@undp.org")
    assert asel is not None and asel.title is None and asel.name == "Asel U."  # the tag keeps her active
    assert crud.get_person(session=session, key="bolot@undp.org") is None
    assert crud.get_person(session=session, key="bolot@undp.org", include_inactive=True) is not None
    assert ("bolot@undp.org", "KGZ-DIG-901", "member") not in _links(session)
    assert crud.counts(session=session) == {
        "documents": 2,
        "people": 1,
        "people_inactive": 1,
        "projects": 2,
        "projects_inactive": 0,
        "links": 2,
    }

    _doc(session, "register")  # the register comes back
    crud.record_statements(session=session, document_id="register", people=[ASEL, BOLOT])
    crud.resolve_records(session=session)
    session.commit()
    assert crud.get_person(session=session, key="bolot@undp.org") is not None
    assert ("bolot@undp.org", "KGZ-DIG-901", "member") in _links(session)


def test_visibility_follows_row_and_document_labels(session: Session) -> None:
    """A record is visible to readers of the label of a row stating it (the row's own label, else its
    document's); a link alone or a removed document never makes a record visible."""
    _doc(session, "register", access="staff")
    crud.record_statements(session=session, document_id="register", people=[ASEL, BOLOT])
    _doc(session, "portfolio", access="group:taskforce")
    crud.record_statements(
        session=session,
        document_id="portfolio",
        projects=[PORTAL, FLOOD],
        links=[LinkRecord("carol@undp.org", "lead", "KGZ-DIG-901")],
    )
    _doc(session, "old", access="public")
    crud.record_statements(
        session=session, document_id="old", people=[PersonRecord(email="old@undp.org", name="Old")]
    )
    crud.mark_document_removed(session=session, doc_id="old")
    crud.resolve_records(session=session)
    session.commit()

    def seen(*labels: str) -> tuple[set[str], set[str]]:
        v = crud.visibility(session=session, labels=labels)
        return set(v.people), set(v.projects)

    assert seen("public") == (set(), {"KGZ-DIG-902"})
    assert seen("public", "staff") == ({"asel@undp.org"}, {"KGZ-DIG-902"})
    assert seen("public", "staff", "group:taskforce") == ({"asel@undp.org"}, {"KGZ-DIG-901", "KGZ-DIG-902"})
    assert seen("public", "staff", "group:hr") == ({"asel@undp.org", "bolot@undp.org"}, {"KGZ-DIG-902"})
    assert seen() == (set(), set())


def test_documents_runs_and_chunk_counts(session: Session) -> None:
    """Saving a document again updates it in place; a removed document drops its chunks and statements;
    documents of an older records version are listed for re-reading; ingest runs record their counts and
    the last finished one is reported; reset empties the records."""
    crud.save_document(
        session=session, doc=Document(id="a", source="/a", sha256="1", chunk_ids=["a:0", "a:1"])
    )
    crud.save_document(
        session=session, doc=Document(id="b", source="/b", sha256="2", chunk_ids=["b:0"], records_version=0)
    )
    session.commit()
    crud.save_document(
        session=session,
        doc=Document(
            id="a", source="/a", sha256="3", chunk_ids=["a:0"], records_version=crud.RECORDS_VERSION
        ),
    )
    crud.record_statements(session=session, document_id="b", people=[ASEL])
    session.commit()
    a = crud.get_document(session=session, doc_id="a")
    assert a is not None and (a.sha256, a.chunk_ids) == ("3", ["a:0"])
    assert crud.chunk_count(session=session) == 2
    assert [d.id for d in crud.documents_needing_statements(session=session)] == ["b"]
    crud.mark_document_removed(session=session, doc_id="b")
    session.commit()
    assert (
        crud.chunk_count(session=session) == 1
        and crud.mentions(session=session, kind="person", key="asel@undp.org") == []
    )
    assert {d.id for d in crud.active_documents(session=session)} == {"a"}
    assert crud.active_documents(session=session, under="/b") == []

    assert crud.last_run(session=session) is None
    first = crud.start_run(session=session)
    crud.finish_run(session=session, run_id=first.id or -1, counts={"added": 2, "chunks": 3}, failures=[])
    second = crud.start_run(session=session)
    crud.finish_run(
        session=session,
        run_id=second.id or -1,
        counts={"updated": 1, "failed": 1},
        failures=[{"source": "/x.pdf", "reason": "corrupt PDF"}],
    )
    crud.start_run(session=session)  # still running: not the last finished run
    last = crud.last_run(session=session)
    assert last is not None and (last.id, last.updated, last.failed, last.failures) == (
        second.id,
        1,
        1,
        [{"source": "/x.pdf", "reason": "corrupt PDF"}],
    )
    assert last.finished_at is not None and last.started_at <= last.finished_at

    crud.reset_all(session=session)
    assert (
        crud.counts(session=session)["documents"] == 0
        and crud.get_document(session=session, doc_id="a") is None
    )
