"""What one viewer may see of the office, read once and shared by every report built for them.

Everything comes through the access policy: the engine seen by the viewer (``Engine.view``), its knowledge
base (``kb.scoped``), ``kb.visible_records()`` (``records.crud.visibility``) for people and projects, and
``kb.readable_documents()`` for the documents whose dates the reports cite.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from config.settings import Settings
from core.access import STAFF, Viewer
from records import crud, report_crud
from records.models import Document, Person, Project
from records.profile_models import ProfileEntry, area_key, merge_expertise
from reports import i18n
from reports.areas import AreaIndex
from reports.model import AsOf
from retrieval.engine import Engine
from retrieval.knowledge_base import KnowledgeBase

LEVELS = ("basic", "intermediate", "advanced", "expert")  # lowest first (records.profile_models.LEVELS)
ROLES = ("lead", "focal point", "member")


@dataclass
class Skill:
    area: str  # canonical area
    label: str  # as written
    level: str | None
    source: str  # register | declared


@dataclass
class Interest:
    text: str
    source: str  # register | declared
    date: str  # ISO date: the declaration, or the register's ingest


@dataclass
class StaffMember:
    person: Person
    skills: list[Skill] = field(default_factory=list)
    interests: list[Interest] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.person.unit or "—"


@dataclass
class Office:
    """The viewer's office: staff with merged expertise, projects with their teams, readable documents."""

    settings: Settings
    viewer: Viewer | None
    engine: Engine  # already viewed: every read goes through the viewer's policy
    staff: list[StaffMember]
    projects: list[Project]
    teams: dict[str, list[tuple[Person, str]]]  # project code → (person, role), visible people only
    documents: dict[str, Document]  # readable active documents by id
    areas: AreaIndex
    declared_at: float | None  # newest self-declared entry read
    today: dt.date
    language: str = "en"  # the reader's language: every label the reports write (core/messages.py)
    _dates: dict[str, str] = field(default_factory=dict)

    @property
    def kb(self) -> KnowledgeBase:
        return self.engine.kb

    @property
    def reads_staff_data(self) -> bool:
        """Whether the viewer may read office-internal records (the bot's question log is one)."""
        return self.viewer is None or self.viewer.may_read(STAFF)

    def tr(self, key: str, **fmt: object) -> str:
        """The catalogue text ``key`` in the reader's language."""
        return i18n.tr(self.language, key, **fmt)

    def in_language(self, language: str) -> Office:
        """The same office read, labelled in ``language`` (nothing is read again)."""
        return replace(self, language=i18n.check(language))

    def audience(self) -> str:
        v = self.viewer
        if v is None or v.unrestricted:
            return self.tr("rep_audience_all")
        groups = ", ".join(sorted(v.groups)) or self.tr("rep_none")
        level = self.tr(
            "rep_viewer_admin" if v.admin else "rep_viewer_staff" if v.staff else "rep_viewer_public"
        )
        chat = self.tr("rep_audience_chat", level=v.chat_level) if v.chat_level else ""
        return self.tr("rep_audience_user", user=v.user_id, level=level, groups=groups, chat=chat)

    def lead(self, code: str) -> Person | None:
        for role in ROLES:
            for person, r in self.teams.get(code, []):
                if r == role:
                    return person
        return None

    # dates of the data ----------------------------------------------------------------
    def ingested(self, doc_ids: Iterable[str | None]) -> str:
        """The newest ingest date (``Document.ingested_at``) among these readable documents."""
        dates = [
            self.documents[d].ingested_at.date().isoformat() for d in doc_ids if d and d in self.documents
        ]
        return max(dates, default="")

    def people_as_of(self) -> AsOf:
        docs = {m.person.source_document_id for m in self.staff}
        date = self.ingested(docs)
        basis = self.tr("rep_basis_people", n=len(docs - {None}))
        if self.declared_at:
            declared = dt.datetime.fromtimestamp(self.declared_at, dt.UTC).date().isoformat()
            date = max(date, declared)
            basis = self.tr("rep_basis_people_declared", n=len(docs - {None}))
        return AsOf(date, basis)

    def projects_as_of(self) -> AsOf:
        docs = {p.source_document_id for p in self.projects}
        return AsOf(self.ingested(docs), self.tr("rep_basis_projects", n=len(docs - {None})))

    def strategies_as_of(self) -> AsOf:
        strategies = [d for d in self.documents.values() if d.doc_type == "strategy"]
        dated = sorted(d.date for d in strategies if d.date)
        basis = (
            self.tr(
                "rep_basis_strategies_dated",
                n=len(strategies),
                first=i18n.date(dated[0], self.language),
                last=i18n.date(dated[-1], self.language),
            )
            if dated
            else self.tr("rep_basis_strategies", n=len(strategies))
        )
        return AsOf(max(self.ingested(d.id for d in strategies), ""), basis)

    def combined(self, *parts: AsOf) -> AsOf:
        return AsOf(max((p.date for p in parts), default=""), "; ".join(p.basis for p in parts))


def load_office(
    engine: Engine, viewer: Viewer | None, *, today: dt.date | None = None, language: str = "en"
) -> Office:
    """Read what ``viewer`` may see (None: the operator at the terminal, who reads everything); the reports
    built on it are labelled in ``language`` (en, ru or ky)."""
    i18n.check(language)
    view = engine.view(viewer)
    kb = view.kb
    visible = kb.visible_records()
    with kb.session() as s:
        people = [p for p in crud.list_people(session=s) if visible is None or p.key in visible.people]
        projects = [p for p in crud.list_projects(session=s) if visible is None or p.code in visible.projects]
        links = report_crud.all_links(session=s)
        entries = report_crud.profile_entries(session=s, person_keys=[p.key for p in people])
    documents = {d.id: d for d in kb.readable_documents()}
    by_id = {p.id: p for p in people}
    by_project = {p.id: p.code for p in projects}
    teams: dict[str, list[tuple[Person, str]]] = {}
    for link in links:
        if link.project_id in by_project and link.person_id in by_id:
            teams.setdefault(by_project[link.project_id], []).append((by_id[link.person_id], link.role))
    for team in teams.values():
        team.sort(key=lambda pr: (ROLES.index(pr[1]) if pr[1] in ROLES else 9, pr[0].name))

    per_person: dict[str, list[ProfileEntry]] = {}
    for e in entries:
        per_person.setdefault(e.person_key, []).append(e)
    merged = {p.key: merge_expertise(p.expertise, per_person.get(p.key, [])) for p in people}
    weights: Counter[str] = Counter(tag for m in merged.values() for tag in m)
    labels = set(weights)
    labels |= {t for p in projects for t in p.thematic_areas}
    labels |= {e.value for e in entries if e.kind == "learning" and not e.removed}
    cfg = engine.kb.settings.reports
    areas = AreaIndex(
        labels,
        embedder=kb.embedder,
        merge_z=cfg.area_merge_z,
        weights=weights,
        vocabulary=_vocabulary(kb, viewer),
    )

    staff = []
    for p in people:
        skills = [
            Skill(areas.canonical(tag), tag, level, source)
            for tag, (level, source, _) in merged[p.key].items()
        ]
        when = (
            documents[p.source_document_id].ingested_at.date().isoformat()
            if p.source_document_id in documents
            else ""
        )
        staff.append(StaffMember(p, skills, _interests(p, per_person.get(p.key, []), when)))
    declared = [e.declared_at for e in entries]
    return Office(
        settings=kb.settings,
        viewer=viewer,
        engine=view,
        staff=staff,
        projects=projects,
        teams=teams,
        documents=documents,
        areas=areas,
        declared_at=max(declared, default=None),
        today=today or dt.datetime.now(dt.UTC).date(),
        language=language,
    )


def _vocabulary(kb: KnowledgeBase, viewer: Viewer | None) -> Callable[[str], str | None] | None:
    """The office's vocabulary of areas (profiles/vocabulary.py) as ``label → area``, for this reader."""
    try:
        from profiles.vocabulary import vocabulary
    except ImportError:  # a build without the profiles feature: the reports' own rules alone
        return None
    vocab = vocabulary(kb)
    return lambda label: vocab.area_of(label, viewer) or vocab.match(label, viewer)


def _interests(person: Person, entries: list[ProfileEntry], register_date: str) -> list[Interest]:
    """Register interests (the ``learning_interests`` column, when the schema has it) minus those the person
    removed, plus what they declared."""
    declared = {area_key(e.value): e for e in entries if e.kind == "learning"}
    out = [
        Interest(str(text), "register", register_date)
        for text in getattr(person, "learning_interests", None) or []
        if str(text).strip() and area_key(str(text)) not in declared
    ]
    for e in declared.values():
        if not e.removed:
            when = dt.datetime.fromtimestamp(e.declared_at, dt.UTC).date().isoformat()
            out.append(Interest(e.value, "declared", when))
    return out
