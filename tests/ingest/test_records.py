"""Records follow their sources: links whatever the file order, inactive people/projects, schema upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlmodel import Session, select

from config.settings import Settings
from ingest.pipeline import run_ingest
from ingest.sources import document_id, sha256_file
from records import crud, migrate
from records.db import make_engine
from records.models import Person, PersonProject, Project
from retrieval.knowledge_base import read_stats
from tests.conftest import make_settings

STAFF_HEADER = "name,email,title,unit,expertise,projects\n"
ASEL = "Asel Usenova,asel@undp.org,Open Data Specialist,Data Unit,open data portals:expert,KGZ-DIG-901:lead\n"
BOLOT = "Bolot Ermekov,bolot@undp.org,GIS Analyst,Climate Unit,flood mapping:advanced,\n"
CHYNGYZ = "Chyngyz Alymov,chyngyz@undp.org,Data Engineer,Data Unit,data pipelines:expert,\n"
PORTFOLIO = (
    "code,title,status,summary,lead,team\n"
    "KGZ-DIG-901,Open Data Portal,active,Publishes government datasets as open data.,asel@undp.org,"
    "asel@undp.org:lead; bolot@undp.org:member; chyngyz@undp.org:member\n"
    "KGZ-DIG-902,Flood Early Warning,active,Flood mapping and early warning for river basins.,bolot@undp.org,"
    "bolot@undp.org:lead\n"
)
PAGE = "[[type:experiment]]\n[[focal_point:asel@undp.org]]\n\n## Open data sprint\n\nA sprint on open data.\n"


def _write(folder: Path, *, staff: str = ASEL + BOLOT, portfolio: bool = True, page: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "staff.csv").write_text(STAFF_HEADER + staff, encoding="utf-8")
    if portfolio:
        (folder / "portfolio.csv").write_text(PORTFOLIO, encoding="utf-8")
    if page:
        (folder / "sprint.md").write_text(PAGE, encoding="utf-8")


def _links(settings: Settings) -> set[tuple[str, str | None, str]]:
    """(email, project code or None, role) of every stored link."""
    engine = make_engine(settings.sql_url)
    with Session(engine) as s:
        people = {p.id: p.key for p in s.exec(select(Person))}
        codes = {p.id: p.code for p in s.exec(select(Project))}
        out = {
            (people[link.person_id], codes.get(link.project_id) if link.project_id else None, link.role)
            for link in s.exec(select(PersonProject))
        }
    engine.dispose()
    return out


def _active(settings: Settings) -> dict[str, bool]:
    engine = make_engine(settings.sql_url)
    with Session(engine) as s:
        out = {p.key: p.active for p in s.exec(select(Person))}
        out |= {p.code: p.active for p in s.exec(select(Project))}
    engine.dispose()
    return out


FULL_LINKS = {
    ("asel@undp.org", "KGZ-DIG-901", "lead"),
    ("bolot@undp.org", "KGZ-DIG-901", "member"),
    ("bolot@undp.org", "KGZ-DIG-902", "lead"),
}


def test_links_do_not_depend_on_file_order(tmp_path: Path, embed_cache_path: Path) -> None:
    """The portfolio's team links are created whether the portfolio is ingested before or after the staff
    register, in one run (explicit paths in either order) or in separate runs where the unchanged portfolio
    is skipped; a team member missing from the register gets no link."""
    src = tmp_path / "src"
    _write(src)
    staff, portfolio = src / "staff.csv", src / "portfolio.csv"
    for name, paths in (("pf-first", [portfolio, staff]), ("staff-first", [staff, portfolio])):
        settings = make_settings(tmp_path / name, embed_cache_path)
        summary = run_ingest(settings, paths)
        assert summary.ok and [r.source for r in summary.results] == [str(p) for p in paths]
        assert _links(settings) == FULL_LINKS, name
    settings = make_settings(tmp_path / "separate", embed_cache_path)
    run_ingest(settings, [portfolio])
    assert _links(settings) == set() and _active(settings)["KGZ-DIG-901"]
    second = run_ingest(settings, [staff, portfolio])
    assert [r.action for r in second.results] == ["add", "skip"]
    assert _links(settings) == FULL_LINKS


def test_register_changes_are_followed_by_unchanged_portfolio_links(
    tmp_path: Path, embed_cache_path: Path, db_url: str
) -> None:
    """When only the staff register changes, a person dropped from it becomes inactive (kept, counted as
    inactive, never listed or linked, links from the unchanged portfolio gone), a person added to it gets
    the portfolio's team link, and a person named again is reactivated with their links (SQLite and
    PostgreSQL)."""
    src = tmp_path / "src"
    _write(src)
    settings = make_settings(tmp_path / "home", embed_cache_path, database_url=db_url)
    assert run_ingest(settings, [src]).ok
    _write(src, staff=ASEL + CHYNGYZ, portfolio=False)
    summary = run_ingest(settings, [src])
    assert {Path(r.source).name: r.action for r in summary.results} == {
        "portfolio.csv": "skip",
        "staff.csv": "update",
    }
    assert _links(settings) == {
        ("asel@undp.org", "KGZ-DIG-901", "lead"),
        ("chyngyz@undp.org", "KGZ-DIG-901", "member"),
    }
    active = _active(settings)
    assert active["bolot@undp.org"] is False and active["chyngyz@undp.org"] and active["KGZ-DIG-902"]
    stats = read_stats(settings)
    assert (stats["people"], stats["people_inactive"], stats["projects_inactive"]) == (2, 1, 0)
    engine = make_engine(settings.sql_url)
    with Session(engine) as s:
        assert "bolot@undp.org" not in {p.key for p in crud.list_people(session=s)}
        assert crud.get_person(session=s, key="bolot@undp.org") is None
        assert crud.get_person(session=s, key="bolot@undp.org", include_inactive=True) is not None
        flood = crud.find_project(session=s, query="KGZ-DIG-902")
        assert flood is not None and crud.people_for_project(session=s, project_id=flood.id or -1) == []
    engine.dispose()

    _write(src, staff=ASEL + BOLOT + CHYNGYZ, portfolio=False)
    run_ingest(settings, [src])
    assert _active(settings)["bolot@undp.org"] is True
    assert _links(settings) == FULL_LINKS | {("chyngyz@undp.org", "KGZ-DIG-901", "member")}


def test_removed_sources_deactivate_their_records(
    tmp_path: Path, embed_cache_path: Path, db_url: str
) -> None:
    """A person still named by a focal-point tag stays active when the register goes, with the register's
    fields cleared; people and projects no remaining source states become inactive and disappear from
    answers (experts, projects), and come back when a source states them again (SQLite and PostgreSQL)."""
    from retrieval.engine import open_engine

    src = tmp_path / "src"
    _write(src, page=True)
    settings = make_settings(tmp_path / "home", embed_cache_path, database_url=db_url)
    assert run_ingest(settings, [src]).ok
    page_id = document_id((src / "sprint.md").resolve())
    assert ("asel@undp.org", None, "focal point") in _links(settings)

    (src / "staff.csv").unlink()
    summary = run_ingest(settings, [src])
    assert summary.count("remove") == 1 and summary.records is not None
    assert (summary.records.people_active, summary.records.people_inactive) == (1, 1)
    engine = make_engine(settings.sql_url)
    with Session(engine) as s:
        asel = crud.get_person(session=s, key="asel@undp.org")
        assert asel is not None and asel.title is None and asel.expertise == {}
        assert crud.mentions(session=s, kind="person", key="asel@undp.org") == [page_id]
    engine.dispose()
    # the portfolio still names asel as lead: she is active, so the link is back from the portfolio alone
    assert _links(settings) == {
        ("asel@undp.org", "KGZ-DIG-901", "lead"),
        ("asel@undp.org", None, "focal point"),
    }

    (src / "portfolio.csv").unlink()
    run_ingest(settings, [src])
    stats = read_stats(settings)
    assert (stats["projects"], stats["projects_inactive"]) == (0, 2)
    dtbot = open_engine(settings)
    try:
        assert dtbot.project_results("open data portal flood early warning") == []
        emails = {e.person.email for e in dtbot.expert_results("flood mapping open data", k=10)}
        assert "bolot@undp.org" not in emails
    finally:
        dtbot.close()

    _write(src, page=True)
    run_ingest(settings, [src])
    assert all(_active(settings).values()) and _links(settings) >= FULL_LINKS


def test_home_of_the_previous_schema_opens_and_keeps_its_data(tmp_path: Path, embed_cache_path: Path) -> None:
    """A database made by the schema before records followed their sources (no ``active`` /
    ``records_version`` columns, no statements) opens with its rows intact and everyone active; the
    migrations upgrade it in place (idempotently); the next ingest re-reads the unchanged register once to record its statements
    and resolves links from them, without re-embedding it."""
    src = tmp_path / "src"
    _write(src, portfolio=False)
    staff = (src / "staff.csv").resolve()
    settings = make_settings(tmp_path / "home", embed_cache_path)
    settings.home.mkdir(parents=True)
    # the release-0.1 schema (migration 0001), made the way 0.1 made it: no alembic_version row
    from records.db import connect

    old = connect(settings.sql_url)
    migrate.upgrade(old, "0001")
    with old.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")
    old.dispose()
    db = sqlite3.connect(settings.home / "dtbot.sqlite")
    db.execute(
        "INSERT INTO document VALUES (?, ?, ?, 'register', 'Staff', NULL, NULL, 'internal', NULL, '{}', '[]',"
        " 'active', '2026-01-01 00:00:00')",
        (document_id(staff), str(staff), sha256_file(staff)),
    )
    db.execute(
        "INSERT INTO person VALUES (1, 'asel@undp.org', 'Asel Usenova', 'asel@undp.org', 'Old title', NULL,"
        " '[]', '{}', NULL, NULL, NULL, ?)",
        (document_id(staff),),
    )
    db.commit()
    db.close()

    engine = make_engine(settings.sql_url)
    head = migrate.head()  # make_engine stamped the pre-migration home as the baseline and upgraded it
    assert migrate.current(engine) == head and migrate.upgrade(engine) == (head, head)
    with Session(engine) as s:
        (asel,) = crud.list_people(session=s)
        assert (asel.name, asel.title, asel.active) == ("Asel Usenova", "Old title", True)
        assert [d.records_version for d in crud.active_documents(session=s)] == [0]
    engine.dispose()

    summary = run_ingest(settings, [staff])
    assert [r.action for r in summary.results] == ["skip"] and summary.embedded_texts == 0
    engine = make_engine(settings.sql_url)
    with Session(engine) as s:
        people = {p.key: p for p in crud.list_people(session=s)}
        assert set(people) == {"asel@undp.org", "bolot@undp.org"}
        assert people["asel@undp.org"].id == 1 and people["asel@undp.org"].title == "Open Data Specialist"
        assert crud.documents_needing_statements(session=s) == []
    engine.dispose()


def test_project_title_lookup_treats_wildcards_as_text(db_url: str) -> None:
    """`find_project` matches user text literally: "%" or "_" in a question never matches every title
    (SQLite and PostgreSQL)."""
    from core.documents import ProjectRecord
    from records.models import Document

    engine = make_engine(db_url)
    with Session(engine) as s:
        crud.record_statements(
            session=s, document_id="d", projects=[ProjectRecord(code="KGZ-X-001", title="Open data portal")]
        )
        s.add(Document(id="d", source="x", sha256="y", records_version=crud.RECORDS_VERSION))
        crud.resolve_records(session=s)
        s.commit()
        assert crud.find_project(session=s, query="data portal").code == "KGZ-X-001"  # type: ignore[union-attr]
        assert crud.find_project(session=s, query="%") is None
        assert crud.find_project(session=s, query="Open_data") is None
    engine.dispose()
