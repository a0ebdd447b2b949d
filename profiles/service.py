"""A person's merged profile and the changes they may make to it (the bot's /profile, the export, reports).

Interface (every function takes an open session of the records database, keyword arguments after it;
the caller commits)::

    person = person_for_user(s, user_id=…)                      # the linked Person, or None
    person = link_by_username(s, user_id=…, username="@kanat_dpi")  # automatic link (None: no single match)
    person = link_user(s, user_id=…, email=…, by=admin_id)      # /link (ProfileError for an unknown email)
    profile = get_profile(s, person_key=…, vocabulary=vocab, viewer=viewer)
    add_expertise(s, person_key=…, area="GIS", level="advanced", by=user_id)
    remove_expertise(s, person_key=…, area="GIS", by=user_id)
    add_learning(…) / remove_learning(…) / set_languages(…) / delete_declared(s, person_key=…)

What a profile holds: expertise areas with their level and *where each came from* — the register, the
person's own declaration (with its date), the themes of the projects they work on, the tags of the pages that
name them —, projects, languages, learning interests, everything they declared (to see and delete it) and
the areas they removed. Declared values are kept apart from the register (``records.profile_models``), so a
register re-ingest never overwrites them; ``records.profile_models.merge_expertise`` is the one rule that
combines the two (expert finding and the export use it too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from core.access import Viewer
from core.errors import DtbotError
from core.messages import t
from profiles import store
from records import crud
from records.models import Document, Person, PersonProject, Project
from records.profile_models import LEVELS, ProfileEntry, area_key, merge_expertise

MAX_VALUE_CHARS = 80
MAX_LANGUAGES = 8
_LANGUAGE_NAMES = {
    "en": "English", "eng": "English", "english": "English", "английский": "English", "англисче": "English",
    "англис": "English", "ru": "Russian", "rus": "Russian", "russian": "Russian", "русский": "Russian",
    "орусча": "Russian", "орус": "Russian", "ky": "Kyrgyz", "kg": "Kyrgyz", "kyr": "Kyrgyz",
    "kyrgyz": "Kyrgyz", "кыргызский": "Kyrgyz", "киргизский": "Kyrgyz", "кыргызча": "Kyrgyz",
    "кыргыз": "Kyrgyz", "uz": "Uzbek", "uzbek": "Uzbek", "узбекский": "Uzbek", "өзбекче": "Uzbek",
    "kk": "Kazakh", "kazakh": "Kazakh", "казахский": "Kazakh", "tr": "Turkish", "turkish": "Turkish",
    "турецкий": "Turkish", "de": "German", "german": "German", "немецкий": "German", "fr": "French",
    "french": "French", "французский": "French", "zh": "Chinese", "chinese": "Chinese",
    "китайский": "Chinese", "tg": "Tajik", "tajik": "Tajik", "таджикский": "Tajik",
}  # fmt: skip


class ProfileError(DtbotError):
    """A profile change that cannot be made; ``key``/``fmt`` name its message in ``core.messages``."""

    def __init__(self, key: str, **fmt: Any) -> None:
        self.key, self.fmt = key, fmt
        super().__init__(t("en", key, **fmt))


@dataclass
class Source:
    """Where one area of a profile came from."""

    kind: str  # register | declared | project | document
    detail: str = ""  # the project code and role, or the page title and role
    date: str | None = None  # declared entries: the day they were declared (YYYY-MM-DD)


@dataclass
class AreaLine:
    """One expertise area of a profile: the person's spelling, level and sources."""

    area: str
    level: str | None
    sources: list[Source] = field(default_factory=list)

    @property
    def declared(self) -> bool:
        return any(s.kind == "declared" for s in self.sources)


@dataclass
class ProjectRole:
    code: str
    title: str
    role: str
    status: str | None = None


@dataclass
class LearningItem:
    value: str
    source: str  # register | declared
    date: str | None = None


@dataclass
class Profile:
    person: Person
    areas: list[AreaLine]
    projects: list[ProjectRole]
    documents: list[str]  # titles (with the person's role) of the pages that name them
    languages: list[str]
    languages_declared: str | None  # the day the languages were set by the person (None: the register's)
    learning: list[LearningItem]
    declared: list[ProfileEntry]  # everything the person declared (shown so they can delete it)
    hidden: list[str]  # areas and learning interests the person removed

    @property
    def key(self) -> str:
        return self.person.key


def day(epoch: float | None) -> str | None:
    """An epoch timestamp as a UTC date (how declared entries are shown: "self-declared, 2026-12-02")."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat() if epoch else None


# linking a Telegram user to their Person ---------------------------------------------------------


def normalise_handle(handle: str | None) -> str:
    return (handle or "").strip().removeprefix("@").strip().casefold()


def find_person(session: Session, *, email: str) -> Person | None:
    """The active person with ``email`` (any case, ``mailto:`` allowed)."""
    email = email.strip().removeprefix("mailto:").strip()
    return crud.get_person(session=session, key=email) if "@" in email else None


def person_for_user(session: Session, *, user_id: int) -> Person | None:
    """The active Person ``user_id`` is linked to (None: not linked, or the person left the registers)."""
    link = store.get_link(session, user_id=user_id)
    return crud.get_person(session=session, key=link.person_key) if link is not None else None


def link_by_username(session: Session, *, user_id: int, username: str | None) -> Person | None:
    """Link ``user_id`` to the one active person whose register ``telegram`` is ``username`` (with or
    without @, any case). Nothing happens when no one or several people match, or when that person is
    already linked to another Telegram user (then an admin decides with /link)."""
    handle = normalise_handle(username)
    if not handle or store.get_link(session, user_id=user_id) is not None:
        return None
    matches = [p for p in crud.list_people(session=session) if normalise_handle(p.telegram) == handle]
    if len(matches) != 1:
        return None
    person = matches[0]
    if any(uid != user_id for uid in store.users_of(session, person_key=person.key)):
        return None
    store.set_link(session, user_id=user_id, person_key=person.key, linked_by=None)
    return person


def link_user(session: Session, *, user_id: int, email: str, by: int | None) -> Person:
    """Link ``user_id`` to the active person with ``email`` (an admin's /link)."""
    person = find_person(session, email=email)
    if person is None:
        raise ProfileError("link_unknown_email", email=email.strip()[:120])
    store.set_link(session, user_id=user_id, person_key=person.key, linked_by=by)
    return person


def unlink_user(session: Session, *, user_id: int) -> bool:
    return store.remove_link(session, user_id=user_id)


# the merged profile ------------------------------------------------------------------------------


def _visible(session: Session, viewer: Viewer | None) -> tuple[crud.Visibility | None, Callable[[str], bool]]:
    if viewer is None or viewer.unrestricted:
        return None, lambda _label: True
    return crud.visibility(session=session, labels=viewer.stored_labels()), viewer.may_read


def effective_languages(person: Person, entries: list[ProfileEntry]) -> tuple[list[str], str | None]:
    """The languages the person set (replacing the register's), else the register's; and when they were set."""
    declared = [e for e in entries if e.kind == "language" and not e.removed]
    if declared:
        return [e.value for e in declared], day(max(e.declared_at for e in declared))
    return list(person.languages or []), None


def effective_learning(person: Person, entries: list[ProfileEntry]) -> list[LearningItem]:
    """The register's learning interests minus those the person removed, plus what they declared."""
    declared = {area_key(e.value): e for e in entries if e.kind == "learning"}
    out = [
        LearningItem(str(v), "register")
        for v in (person.learning_interests or [])
        if str(v).strip() and area_key(str(v)) not in declared
    ]
    out += [LearningItem(e.value, "declared", day(e.declared_at)) for e in declared.values() if not e.removed]
    return out


def get_profile(
    session: Session,
    *,
    person_key: str,
    vocabulary: Any = None,
    viewer: Viewer | None = None,
) -> Profile | None:
    """The merged profile of an active person (None when unknown). ``vocabulary``
    (:class:`profiles.vocabulary.Vocabulary`) groups spellings of one area onto one line; ``viewer`` limits
    the projects and pages shown as sources to those it may read (None: everything)."""
    person = crud.get_person(session=session, key=person_key)
    if person is None or person.id is None:
        return None
    entries = store.list_entries(session, person_keys=[person.key])
    visible, may_read = _visible(session, viewer)
    removed = {area_key(e.value) for e in entries if e.kind == "expertise" and e.removed}

    def group(value: str) -> str:
        label = vocabulary.area_of(value) if vocabulary is not None else None
        return area_key(label or value)

    removed_groups = {group(v) for v in removed} | removed
    lines: dict[str, AreaLine] = {}

    def add(value: str, level: str | None, source: Source) -> None:
        key = group(value)
        if key in removed_groups or area_key(value) in removed:
            return
        line = lines.get(key)
        if line is None:  # declared entries come first, then the register's: their words name the line
            lines[key] = AreaLine(value, level, [source])
            return
        line.level = line.level or level
        line.sources.append(source)

    merged = merge_expertise(person.expertise, entries)
    for tag, (level, origin, declared_at) in sorted(merged.items(), key=lambda kv: kv[1][1] != "declared"):
        add(tag, level, Source(origin, date=day(declared_at)))

    projects: list[ProjectRole] = []
    documents: list[str] = []
    links = crud.links_for_person(session=session, person_id=person.id)
    project_ids = {link.project_id for link in links if link.project_id is not None}
    by_id = {
        p.id: p
        for p in session.exec(select(Project).where(col(Project.id).in_(project_ids), Project.active))
        if visible is None or p.code in visible.projects
    }
    for link in sorted(links, key=lambda link: (link.project_id or 0, link.role)):
        project = by_id.get(link.project_id) if link.project_id is not None else None
        if project is None:
            continue
        projects.append(ProjectRole(project.code, project.title, link.role, project.status))
        for theme in project.thematic_areas or []:
            add(str(theme), None, Source("project", f"{project.code} ({link.role})"))
    doc_ids = {link.document_id for link in links if link.project_id is None and link.document_id}
    docs = session.exec(select(Document).where(col(Document.id).in_(doc_ids), Document.status == "active"))
    for doc in sorted(docs, key=lambda d: d.title):
        if not may_read(doc.access):
            continue
        roles = sorted(
            {link.role for link in links if link.document_id == doc.id and link.project_id is None}
        )
        documents.append(f"{doc.title} ({', '.join(roles)})")
        for key in store.PAGE_KEYS:
            value = (doc.meta or {}).get(key)
            for tag in value if isinstance(value, list) else [value] if value else []:
                add(str(tag), None, Source("document", f"“{doc.title}”"))

    languages, languages_day = effective_languages(person, entries)
    level_rank = {level: i for i, level in enumerate(LEVELS)}
    areas = sorted(
        lines.values(),
        key=lambda a: (
            -level_rank.get(a.level or "", -1),
            a.sources[0].kind == "document",
            a.area.casefold(),
        ),
    )
    hidden = [e.value for e in entries if e.removed]
    return Profile(
        person=person,
        areas=areas,
        projects=projects,
        documents=documents,
        languages=languages,
        languages_declared=languages_day,
        learning=effective_learning(person, entries),
        declared=entries,
        hidden=hidden,
    )


# changes a person makes ----------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_value(text: str) -> str:
    """A typed area or interest as stored: one line, no control or bidi characters, no ``;``/``:`` (the
    register's list and level separators), at most MAX_VALUE_CHARS; ProfileError when nothing is left."""
    value = _CONTROL.sub(" ", str(text))
    value = value.replace(";", ",").replace(":", " -")
    value = " ".join(value.split()).strip(" ,-")
    if not value or not any(ch.isalpha() for ch in value):
        raise ProfileError("profile_bad_value")
    if len(value) > MAX_VALUE_CHARS:
        raise ProfileError("profile_too_long", limit=MAX_VALUE_CHARS)
    return value


def _require(session: Session, person_key: str) -> Person:
    person = crud.get_person(session=session, key=person_key)
    if person is None:
        raise ProfileError("profile_unknown_person", who=person_key[:120])
    return person


def add_expertise(
    session: Session, *, person_key: str, area: str, level: str, by: int | None
) -> ProfileEntry:
    """Declare an expertise area with a level (replacing an earlier declaration or removal of it)."""
    _require(session, person_key)
    if level not in LEVELS:
        raise ProfileError("profile_bad_level", levels=", ".join(LEVELS))
    return store.put_entry(
        session, person_key=person_key, kind="expertise", value=clean_value(area), level=level, declared_by=by
    )


def remove_expertise(session: Session, *, person_key: str, area: str, by: int | None) -> str:
    """Take an area off the profile: a declared-only area is forgotten ("deleted"); one the register (or a
    project, or a page) states is hidden by a removal entry ("hidden")."""
    person = _require(session, person_key)
    value = " ".join(area.split())
    entry = store.find_entry(session, person_key=person_key, kind="expertise", value=value)
    in_register = any(area_key(tag) == area_key(value) for tag in (person.expertise or {}))
    if entry is not None and not entry.removed and not in_register:
        store.drop_entry(session, person_key=person_key, kind="expertise", value=value)
        return "deleted"
    store.put_entry(
        session, person_key=person_key, kind="expertise", value=value, removed=True, declared_by=by
    )
    return "hidden"


def add_learning(session: Session, *, person_key: str, value: str, by: int | None) -> ProfileEntry:
    _require(session, person_key)
    return store.put_entry(
        session, person_key=person_key, kind="learning", value=clean_value(value), declared_by=by
    )


def remove_learning(session: Session, *, person_key: str, value: str, by: int | None) -> str:
    person = _require(session, person_key)
    value = " ".join(value.split())
    in_register = any(area_key(v) == area_key(value) for v in (person.learning_interests or []))
    if not in_register:
        return (
            "deleted"
            if store.drop_entry(session, person_key=person_key, kind="learning", value=value)
            else "none"
        )
    store.put_entry(
        session, person_key=person_key, kind="learning", value=value, removed=True, declared_by=by
    )
    return "hidden"


def parse_languages(text: str) -> list[str]:
    """ "en, ru; Kyrgyz" → ["English", "Russian", "Kyrgyz"] (codes and en/ru/ky names understood)."""
    out: list[str] = []
    for part in re.split(r"[,;/\n]+|\s+(?:and|и|жана)\s+|\s+", text.strip()):
        word = part.strip(" .")
        if not word:
            continue
        name = _LANGUAGE_NAMES.get(word.casefold()) or clean_value(word).title()
        if name not in out:
            out.append(name)
    if not out:
        raise ProfileError("profile_bad_value")
    if len(out) > MAX_LANGUAGES:
        raise ProfileError("profile_too_many_languages", limit=MAX_LANGUAGES)
    return out


def set_languages(session: Session, *, person_key: str, languages: list[str], by: int | None) -> list[str]:
    """Replace the person's working languages (the register's list is no longer shown for them)."""
    _require(session, person_key)
    store.drop_entries(session, person_key=person_key, kind="language")
    for name in languages:
        store.put_entry(
            session, person_key=person_key, kind="language", value=clean_value(name), declared_by=by
        )
    return languages


def delete_declared(session: Session, *, person_key: str) -> int:
    """Forget everything the person declared (their removals too): the register's view comes back."""
    return store.drop_entries(session, person_key=person_key)


def merged_expertise(session: Session, *, person_key: str) -> dict[str, tuple[str | None, str, float | None]]:
    """tag → (level, "register" | "declared", declared_at) for one person (see ``merge_expertise``)."""
    person = crud.get_person(session=session, key=person_key)
    if person is None:
        return {}
    return merge_expertise(person.expertise, store.list_entries(session, person_keys=[person.key]))


def people_with_profiles(session: Session) -> list[Person]:
    """Active people (the export writes one row each)."""
    return crud.list_people(session=session)


def roles_of(session: Session, *, person_id: int) -> list[tuple[str, str]]:
    """(project code, role) of the person's links to active projects."""
    rows = session.exec(
        select(Project.code, PersonProject.role)
        .join(PersonProject, col(PersonProject.project_id) == col(Project.id))
        .where(PersonProject.person_id == person_id, Project.active)
    )
    return sorted({(code, role) for code, role in rows})
