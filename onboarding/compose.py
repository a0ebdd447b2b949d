"""The five cards of the onboarding tour, composed from what a viewer may read.

Every read goes through ``Engine.view(viewer)``: the retriever and the vector store of the view carry the
access policy, and people and projects are those ``kb.visible_records()`` lets the viewer see. Every line
that states something cites the passage it quotes (numbered per card, ``retrieval.compose.CitationList``).
Titles and labels come from ``core.messages``; the content is quoted from the corpus, preferring passages
in the reader's language when the corpus has them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from config.settings import OnboardingConfig
from core.access import Viewer
from core.messages import LANGUAGES, t
from core.types import Hit
from onboarding.corpus import Passage, ReadableCorpus, lead, sentences, words
from onboarding.glossary import discover_terms
from onboarding.model import Card, Tour
from records import crud, report_crud
from records.models import Person, Project
from records.profile_models import ProfileEntry, merge_expertise
from retrieval.compose import CitationList
from retrieval.engine import Engine
from retrieval.knowledge_base import KnowledgeBase
from retrieval.projects import visible_projects

# What the first card looks for: generic probes about an office's own work, in each language (they describe
# the kind of passage wanted, not the office).
OVERVIEW_PROBES = {
    "en": "purpose and overview of our office's digital work: what we do, for whom and why",
    "ru": "цель и обзор цифровой работы нашего офиса: что мы делаем, для кого и зачем",
    "ky": "биздин офистин санариптик ишинин максаты жана сереби: эмне кылабыз, ким үчүн жана эмне үчүн",
}
# headings of the sections that introduce a document ("Purpose of …", "In short", "Цель", "Максаты")
_INTRO_HEADING = re.compile(
    r"purpose|overview|introduc|welcome|in short|in one page|summary|mission|who we are|"
    r"цель|обзор|введени|кратко|миссия|максат|сереп|киришүү|кыскача",
    re.IGNORECASE,
)
LEVELS = ("expert", "advanced", "intermediate", "basic")  # the registers' levels, highest first
_SUMMARY_LINE = re.compile(r"^Summary:\s*(.+)$", re.MULTILINE)  # a portfolio register row's summary


def compose_tour(engine: Engine, *, viewer: Viewer | None, language: str) -> Tour:
    """The tour as ``viewer`` may read it (None: the operator, who reads everything), in ``language``."""
    lang = language if language in LANGUAGES else "en"
    view = engine.view(viewer)
    kb = view.kb
    cfg = kb.settings.onboarding
    corpus = ReadableCorpus(kb)
    projects = visible_projects(kb)
    people = _visible_people(kb)
    terms = discover_terms(
        corpus,
        language=lang,
        limit=cfg.glossary_terms,
        min_docs=cfg.glossary_min_documents,
        people=[p.name for p in people],
    )
    cards = [
        _card("overview", lang, lambda c: _overview(view, corpus, lang, cfg, projects, people, c)),
        _card("strategies", lang, lambda c: _strategies(corpus, lang, cfg, projects, c)),
        _card("projects", lang, lambda c: _projects(kb, corpus, lang, cfg, projects, c)),
        _card("people", lang, lambda c: _people(corpus, lang, cfg, people, c)),
        _card("glossary", lang, lambda c: [f"• {x.term} — {x.definition} [{c.cite(x.hit)}]" for x in terms]),
    ]
    return Tour(lang, cards, terms[0].term if terms else None)


def _card(key: str, lang: str, lines: Callable[[CitationList], list[str]]) -> Card:
    cites = CitationList()
    body = [line for line in lines(cites) if line]
    text = "\n".join(body) if body and cites.items else t(lang, "onb_empty")
    return Card(key, t(lang, f"onb_card_{key}"), text, cites.items if body else [])


def _visible_people(kb: KnowledgeBase) -> list[Person]:
    """Active people the view may show (``kb.visible_records()``: the access policy's record filter), each
    with the expertise map's view of their areas: the register's, minus what they removed, plus what they
    declared in /profile (copies: the stored rows are not touched)."""
    visible = kb.visible_records()
    with kb.session() as s:
        people = [p for p in crud.list_people(session=s) if visible is None or p.key in visible.people]
        entries = report_crud.profile_entries(session=s, person_keys=[p.key for p in people])
    by_person: dict[str, list[ProfileEntry]] = defaultdict(list)
    for e in entries:
        by_person[e.person_key].append(e)
    return [
        p.model_copy(
            update={
                "expertise": {
                    tag: level
                    for tag, (level, _, _) in merge_expertise(p.expertise, by_person[p.key]).items()
                }
            }
        )
        if by_person.get(p.key)
        else p
        for p in people
    ]


def _rank(passage: Passage, score: float, lang: str, cfg: OnboardingConfig) -> float:
    return score * (1.0 + (cfg.language_bonus if passage.language == lang else 0.0))


# ------------------------------------------------------------------------------- 1. overview
def _overview(
    view: Engine,
    corpus: ReadableCorpus,
    lang: str,
    cfg: OnboardingConfig,
    projects: dict[str, Project],
    people: list[Person],
    cites: CitationList,
) -> list[str]:
    """A paragraph on the office's own work: the passages nearest to a generic "what we do and why" probe
    (introductory sections preferred; strategies, registers and records have cards of their own), then
    the size of the portfolio and of the expertise register, citing the documents that state them."""
    found: dict[str, Hit] = {}
    for probe in dict.fromkeys((OVERVIEW_PROBES[lang], OVERVIEW_PROBES["en"])):
        for hit in view.search(probe, k=20):
            if hit.id not in found or hit.score > found[hit.id].score:
                found[hit.id] = hit
    scored = []
    for hit in found.values():
        passage = Passage(hit)
        if passage.kind in ("person", "project") or passage.doc_type == "register":
            continue
        intro = 0.5 if _INTRO_HEADING.search(passage.heading or str(hit.metadata.get("section", ""))) else 0.0
        # strategies have a card of their own: quoted here only when nothing else is readable
        own = passage.doc_type != "strategy"
        scored.append((own, _rank(passage, hit.score, lang, cfg) * (1.0 + intro), passage))
    scored.sort(key=lambda x: (not x[0], -x[1]))
    parts: list[str] = []
    used_docs: set[str] = set()
    for own, _, passage in scored:
        if len(parts) >= cfg.overview_passages or (parts and not own):
            break
        text = lead(passage.body, n=2)
        if passage.doc_id in used_docs or not text:
            continue
        used_docs.add(passage.doc_id)
        parts.append(f"{text} [{cites.cite(passage.hit)}]")
    if projects or people:
        sources = dict.fromkeys(
            d
            for d in [
                *(p.source_document_id for p in projects.values()),
                *(p.source_document_id for p in people),
            ]
            if d
        )
        refs = "".join(
            f"[{cites.cite(h)}]" for h in (corpus.document_hit(d) for d in sources) if h is not None
        )
        if refs:
            active = sum(1 for p in projects.values() if (p.status or "").lower() == "active")
            counts = t(lang, "onb_counts", projects=len(projects), active=active, people=len(people))
            parts.append(f"{counts} {refs}")
    return ["\n\n".join(parts)] if parts else []


# ----------------------------------------------------------------------------- 2. strategies
def _strategies(
    corpus: ReadableCorpus,
    lang: str,
    cfg: OnboardingConfig,
    projects: dict[str, Project],
    cites: CitationList,
) -> list[str]:
    """The strategy documents, most referred to by the portfolio first, each with its opening sentences."""
    names = [words(ref.partition(":")[0]) for p in projects.values() for ref in p.strategy_refs]
    rows = []
    for chunks in corpus.documents("strategy"):
        first = chunks[0]
        opening = next(((c, lead(c.body, n=1, limit=260)) for c in chunks if sentences(c.body)), None)
        if opening is None:
            continue
        title_words = words(first.hit.title)
        refs = sum(1 for n in names if n and n <= title_words)
        date = str(first.meta.get("date") or "")
        rows.append((refs, first.language != lang, date, first.hit.title, opening))
    rows.sort(key=lambda r: r[3])
    rows.sort(key=lambda r: r[2], reverse=True)  # (stable sorts) the latest first among equals …
    rows.sort(key=lambda r: (-r[0], r[1]))  # … after the most referred to, in the reader's language
    lines = []
    for refs, _, date, title, (passage, text) in rows[: cfg.strategies]:
        head = f"• {title}" + (f" ({date})" if date else "")
        tail = f" — {t(lang, 'onb_refs', n=refs)}" if refs else ""
        lines.append(f"{head}: {text} [{cites.cite(passage.hit)}]{tail}")
    return lines


# ------------------------------------------------------------------------------- 3. projects
def _projects(
    kb: KnowledgeBase,
    corpus: ReadableCorpus,
    lang: str,
    cfg: OnboardingConfig,
    projects: dict[str, Project],
    cites: CitationList,
) -> list[str]:
    """Flagship projects: active ones first, then those the most readable documents write about, then
    the largest budgets; each with its status, lead and one sentence quoted from its own record or brief
    (a brief in the reader's language when there is one)."""
    visible = kb.visible_records()
    mentions = {code: {p.doc_id for p in corpus.mentioning(code)} for code in projects}
    ranked = sorted(
        projects.values(),
        key=lambda p: (
            (p.status or "").lower() != "active",
            -len(mentions[p.code]),
            -(p.budget_usd or 0),
            p.code,
        ),
    )
    lines: list[str] = []
    for project in ranked:
        if len(lines) >= cfg.flagship_projects:
            break
        quoted = _project_sentence(corpus, project.code, lang)
        if quoted is None:
            continue
        passage, sentence = quoted
        facts = [f"{t(lang, 'status')}: {project.status}"] if project.status else []
        leader = _lead(kb, project, visible)
        if leader is not None:
            facts.append(f"{t(lang, 'lead')}: {leader.name}")
        head = f"• {project.code} — {project.title}" + (f" ({'; '.join(facts)})" if facts else "")
        lines.append(f"{head}\n  {sentence} [{cites.cite(passage.hit)}]")
    return lines


def _project_sentence(corpus: ReadableCorpus, code: str, lang: str) -> tuple[Passage, str] | None:
    """The project's own register row or brief, in the reader's language first (the register row before a
    brief of the same language), and its first summary sentence."""
    candidates = [
        p
        for p in corpus.passages
        if (p.kind == "project" and p.meta.get("project") == code) or p.meta.get("project_code") == code
    ]
    candidates.sort(key=lambda p: (p.language != lang, p.kind != "project", p.doc_id, p.position))
    for passage in candidates:
        summary = _SUMMARY_LINE.search(passage.body) if passage.kind == "project" else None
        text = lead(summary.group(1), n=1, limit=260) if summary else lead(passage.body, n=1, limit=260)
        if text:
            return passage, text
    return None


def _lead(kb: KnowledgeBase, project: Project, visible: crud.Visibility | None) -> Person | None:
    """The project's lead (else focal point) among the people the view may show."""
    with kb.session() as s:
        team = crud.people_for_project(session=s, project_id=project.id or -1)
    team = [(p, r) for p, r in team if p.active and (visible is None or p.key in visible.people)]
    for role in ("lead", "focal point"):
        for person, r in team:
            if r == role:
                return person
    return None


# --------------------------------------------------------------------------------- 4. people
def _people(
    corpus: ReadableCorpus,
    lang: str,
    cfg: OnboardingConfig,
    people: list[Person],
    cites: CitationList,
) -> list[str]:
    """Areas of the expertise map with the people to ask: areas whose best holder ranks highest and that
    most people share first; per area its strongest people, each citing their register row (or a page
    about them in the reader's language)."""
    holders: dict[str, list[tuple[int, Person]]] = defaultdict(list)
    label: dict[str, str] = {}
    for person in people:
        for tag, level in (person.expertise or {}).items():
            key = " ".join(str(tag).split()).casefold()
            rank = LEVELS.index(str(level).lower()) if str(level).lower() in LEVELS else len(LEVELS)
            label.setdefault(key, str(tag))
            holders[key].append((rank, person))
    areas = sorted(holders, key=lambda k: (min(r for r, _ in holders[k]), -len(holders[k]), k))
    lines: list[str] = []
    for key in areas:
        if len(lines) >= cfg.areas:
            break
        named: list[str] = []
        for rank, person in sorted(holders[key], key=lambda x: (x[0], x[1].name)):
            if len(named) >= cfg.people_per_area:
                break
            passage = _person_passage(corpus, person, lang)
            if passage is None:
                continue  # nothing readable states this person
            level = t(lang, f"level_{LEVELS[rank]}") if rank < len(LEVELS) else ""
            contact = ", ".join(x for x in (level, person.email) if x)
            named.append(
                f"{person.name}" + (f" ({contact})" if contact else "") + f" [{cites.cite(passage.hit)}]"
            )
        if named:
            lines.append(f"• {label[key]}: " + "; ".join(named))
    return lines


def _person_passage(corpus: ReadableCorpus, person: Person, lang: str) -> Passage | None:
    own = [p for p in corpus.passages if p.kind == "person" and p.meta.get("person") == person.key]
    if lang != "en" and person.email:
        pages = [p for p in corpus.mentioning(person.email) if p.language == lang and p.kind != "person"]
        if pages:
            return min(pages, key=lambda p: (p.doc_id, p.position))
    if own:
        return own[0]
    if person.email:
        pages = corpus.mentioning(person.email)
        return min(pages, key=lambda p: (p.language != lang, p.doc_id, p.position)) if pages else None
    return None
