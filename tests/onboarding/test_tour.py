"""The onboarding tour composed from the knowledge base: five cards, every one citing real ingested
sources, a glossary discovered in (and defined by) the corpus, the reader's language preferred, another
office's corpus giving another tour, restricted documents never leaking, tours cached per language and
access level for the corpus version."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from core.access import Viewer
from core.messages import t
from onboarding.compose import compose_tour
from onboarding.model import CARD_KEYS, Tour
from onboarding.tours import TourBook
from retrieval.compose import display_source
from tests.conftest import REPO, make_settings

STAFF = Viewer(user_id=11, staff=True)
PUBLIC = Viewer(user_id=12)
MARKER = re.compile(r"\[(\d+)\]")


def _clean(text: str) -> str:
    return " ".join(re.sub(r"\*\*|__|`", "", text).split())


def _sources_text(source: str) -> str:
    """The (markdown-stripped, whitespace-collapsed) text of a cited Markdown/CSV source file."""
    return _clean((REPO / source).read_text(encoding="utf-8"))


def _glossary(tour: Tour) -> dict[str, tuple[str, int]]:
    """term → (definition, citation number) parsed from the glossary card."""
    card = next(c for c in tour.cards if c.key == "glossary")
    out = {}
    for line in card.text.splitlines():
        m = re.match(r"^• (.+?) — (.+) \[(\d+)\]$", line)
        if m:
            out[m.group(1)] = (m.group(2), int(m.group(3)))
    return out


def _all_text(tour: Tour) -> str:
    return "\n".join(f"{c.title}\n{c.text}\n" + "\n".join(x.title for x in c.citations) for c in tour.cards)


# ------------------------------------------------------------------------------------------- sample
def test_every_card_cites_real_ingested_sources(sample_engine: Any) -> None:
    """Over the sample, as a staff member: the five cards come in order with their catalogue titles; each
    has at least one citation; every citation is an active ingested document the reader may read; every
    [n] in a card's text is one of its citations and every citation is used."""
    tour = compose_tour(sample_engine, viewer=STAFF, language="en")
    assert [c.key for c in tour.cards] == list(CARD_KEYS)
    assert [c.title for c in tour.cards] == [t("en", f"onb_card_{k}") for k in CARD_KEYS]
    readable = {display_source(d.source) for d in sample_engine.view(STAFF).kb.readable_documents()}
    for card in tour.cards:
        assert card.citations, card.key
        assert {c.source for c in card.citations} <= readable, card.key
        assert all((REPO / c.source).is_file() for c in card.citations)
        used = {int(n) for n in MARKER.findall(card.text)}
        assert used == {c.n for c in card.citations}, card.key
    people = next(c for c in tour.cards if c.key == "people")
    assert "Нурлан Абдыкалыков" in people.text and "nurlan.abdykalykov@undp.org" in people.text


def test_glossary_finds_tunduk_and_defines_it_from_the_sample(sample_engine: Any) -> None:
    """Tunduk (used across many sample documents) is in the glossary, its definition is text of the source
    it cites; Taza Koom and e-ID are found too. A public reader, who cannot read the onboarding guide,
    still gets Tunduk defined — from a public strategy digest."""
    for viewer in (STAFF, PUBLIC):
        tour = compose_tour(sample_engine, viewer=viewer, language="en")
        glossary = _glossary(tour)
        assert "Tunduk" in glossary, glossary
        definition, n = glossary["Tunduk"]
        cited = next(c for c in tour.cards if c.key == "glossary").citations[n - 1]
        assert _clean(definition).rstrip(" …") in _sources_text(cited.source)
        assert "interagency" in definition
        if viewer is PUBLIC:
            assert cited.source.startswith("data/sample/strategies/")
    staff_terms = _glossary(compose_tour(sample_engine, viewer=STAFF, language="en"))
    assert {"Taza Koom", "e-ID"} <= set(staff_terms)
    for term, (definition, _) in staff_terms.items():
        assert term.lower() not in {"the", "this", "kanat"} and len(definition) > 5


def test_russian_tour_prefers_russian_passages(sample_engine: Any) -> None:
    """In Russian the titles are Russian and the tour cites the sample's Russian documents where they
    cover a line (the Russian profile of the cybersecurity expert, the Russian project brief); the English
    tour's who-to-ask card cites the register instead."""
    ru_docs = {
        display_source(d.source)
        for d in sample_engine.view(STAFF).kb.readable_documents()
        if d.language == "ru"
    }
    assert ru_docs
    ru = compose_tour(sample_engine, viewer=STAFF, language="ru")
    en = compose_tour(sample_engine, viewer=STAFF, language="en")
    assert [c.title for c in ru.cards] == [t("ru", f"onb_card_{k}") for k in CARD_KEYS]
    ru_people = next(c for c in ru.cards if c.key == "people")
    en_people = next(c for c in en.cards if c.key == "people")
    assert {c.source for c in ru_people.citations} & ru_docs
    assert not {c.source for c in en_people.citations} & ru_docs


def test_public_reader_sees_only_public_sources(sample_engine: Any) -> None:
    """A reader who is not staff gets a tour citing only public documents (the strategy digests): the
    staff-only registers, briefs and guide never appear, nor the people they name."""
    tour = compose_tour(sample_engine, viewer=PUBLIC, language="en")
    sources = {c.source for card in tour.cards for c in card.citations}
    assert sources and all(s.startswith("data/sample/strategies/") for s in sources)
    staff_only = compose_tour(sample_engine, viewer=STAFF, language="en").cards[3].text.splitlines()[0]
    text = _all_text(tour)
    assert "@undp.org" not in text and staff_only not in text


# --------------------------------------------------------------------------------- another office
OFFICE = {
    "about/office.md": """---
doc_type: other
title: About the Lakeside Innovation Office
language: en
access: staff
---

# About the Lakeside Innovation Office

## Purpose of our office

The Lakeside Innovation Office helps the municipal government of Port Mira deliver water, transport and
housing services online. It brings together engineers, planners and community organisers who test new
services with residents before they are scaled across the city.

## How we work

Every service starts with a Korvan data agreement, and every resident signs in with Tidepass.
""",
    "strategies/smart_harbour_2030.md": """---
doc_type: strategy
title: Smart Harbour 2030
language: en
date: 2024-05-01
access: public
---

# Smart Harbour 2030

The Smart Harbour 2030 plan sets the goals of Port Mira for digital port logistics, open transport data
and paperless customs over the next six years.

## Priority A: Harbour data exchange

All port agencies are expected to connect to Korvan, the shared harbour data exchange platform of the
city, so that ship manifests are entered once and reused by customs, rail and the port authority.

## Priority B: Resident identity

Residents use Tidepass for every municipal service; Tidepass is the digital identity card of the city.
""",
    "glossary.md": """---
doc_type: other
title: Glossary of the Lakeside Innovation Office
language: en
access: staff
---

# Glossary

- **Korvan** — shared harbour data exchange platform of Port Mira.
- **Tidepass** — the residents' digital identity card, issued by the city registry.
""",
    "registers/staff.csv": (
        "name,email,title,unit,languages,expertise,bio,projects\n"
        "Ilse Varga,ilse.varga@lakeside.example,Harbour Data Lead,Data Unit,English,"
        "port logistics:expert; open data:advanced,Leads the Korvan integration of the port authority.,"
        "LIO-HBR-001:lead\n"
        "Tomas Reyes,tomas.reyes@lakeside.example,Identity Specialist,Services Unit,English,"
        "digital identity:expert; port logistics:intermediate,Runs the Tidepass enrolment centres.,"
        "LIO-IDN-002:lead\n"
    ),
    "registers/portfolio.csv": (
        "code,title,status,start,end,budget_usd,partners,digital_components,summary,strategy_refs,lead,team\n"
        "LIO-HBR-001,Korvan Harbour Data Exchange,active,2024-06-01,2026-12-31,900000,Port Authority,"
        "data exchange,The project connects the port authority customs and the rail operator to Korvan so "
        "that manifests are entered once.,Smart Harbour 2030: harbour data exchange,"
        "ilse.varga@lakeside.example,ilse.varga@lakeside.example:lead\n"
        "LIO-IDN-002,Tidepass Enrolment,active,2024-01-01,2025-12-31,400000,City Registry,"
        "digital identity,The project enrols residents in Tidepass at six neighbourhood centres.,"
        "Smart Harbour 2030: resident identity,tomas.reyes@lakeside.example,tomas.reyes@lakeside.example:lead\n"
    ),
    # what only the hr group may read: a defined term used in two hr documents
    "hr/relocation.md": """---
doc_type: other
title: Relocation programme
language: en
access: group:hr
---

# Relocation programme

## Glossary

- **Zephyrine** — the confidential staff relocation fund of the office.

## Purpose of the relocation programme

Zephyrine pays the moving costs of staff who transfer between harbour districts of Port Mira.
""",
    "hr/payments.md": """---
doc_type: other
title: Relocation payments
language: en
access: group:hr
---

# Relocation payments

Zephyrine payments are approved by the office director every quarter for staff moving to the harbour.
""",
}
SECRET = "Zephyrine"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory, embed_cache_path: Path) -> Any:
    """A second, fictional office ingested into its own home (shares the session's embedding cache)."""
    from ingest.pipeline import run_ingest
    from retrieval.engine import open_engine

    root = tmp_path_factory.mktemp("lakeside")
    corpus = root / "corpus"
    for name, text in OFFICE.items():
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = make_settings(root / "home", embed_cache_path)
    summary = run_ingest(settings, [corpus])
    assert summary.ok, summary.text()
    engine = open_engine(settings)
    yield engine, corpus, settings
    engine.close()


def test_another_office_gives_another_tour(office: Any, sample_engine: Any) -> None:
    """The same code over another office's corpus: its own overview, strategy, projects, people and
    terms (Korvan, Tidepass defined from its glossary), citing only that corpus — and nothing of the
    sample (no Tunduk, no KGZ-DIG project, no @undp.org person)."""
    engine, corpus, _ = office
    tour = compose_tour(engine, viewer=STAFF, language="en")
    sample_tour = compose_tour(sample_engine, viewer=STAFF, language="en")
    for card, sample_card in zip(tour.cards, sample_tour.cards, strict=True):
        assert card.citations, card.key
        assert card.text != sample_card.text
        for c in card.citations:
            assert Path(c.source).resolve().is_relative_to(corpus.resolve()), c.source
    text = _all_text(tour)
    assert "Tunduk" not in text and "KGZ-DIG" not in text and "@undp.org" not in text
    assert "Lakeside Innovation Office" in tour.cards[0].text
    assert "Smart Harbour 2030" in tour.cards[1].text
    assert "LIO-HBR-001" in tour.cards[2].text and "Ilse Varga" in tour.cards[2].text
    assert "port logistics: Ilse Varga" in tour.cards[3].text
    glossary = _glossary(tour)
    assert glossary["Korvan"][0] == "shared harbour data exchange platform of Port Mira."
    assert "Tidepass" in glossary and SECRET not in glossary
    assert tour.example_term in glossary


def test_restricted_document_never_reaches_a_reader_outside_its_group(office: Any) -> None:
    """The hr group's documents define a term and state a purpose; a staff member outside hr (and a group
    chat of level staff, even for an hr member) never sees a word of them in any card or citation, while
    an hr member in a private chat does — so the check can fail."""
    engine, _, _ = office
    hr = Viewer(user_id=21, staff=True, groups=frozenset({"hr"}))
    hr_in_staff_chat = Viewer(user_id=21, staff=True, groups=frozenset({"hr"}), chat_level="staff")
    for viewer in (STAFF, hr_in_staff_chat, PUBLIC):
        tour = compose_tour(engine, viewer=viewer, language="en")
        text = _all_text(tour) + "".join(c.source for card in tour.cards for c in card.citations)
        assert SECRET not in text and "relocation" not in text.lower(), viewer
    hr_tour = compose_tour(engine, viewer=hr, language="en")
    assert SECRET in _glossary(hr_tour)


def test_tours_are_cached_per_language_and_access_level_until_the_corpus_changes(office: Any) -> None:
    """A second "next" reuses the composed tour; another language or another access level composes a new
    one, another reader with the same labels does not; an ingest that changes the corpus makes the
    cached tours stale, and the new tour shows the new material."""
    from ingest.pipeline import run_ingest

    engine, corpus, settings = office
    book = TourBook()
    first = book.get(engine, viewer=STAFF, language="en")
    assert book.get(engine, viewer=STAFF, language="en") is first and book.composed == 1
    assert book.get(engine, viewer=Viewer(user_id=99, staff=True), language="en") is first
    book.get(engine, viewer=STAFF, language="ru")
    book.get(engine, viewer=PUBLIC, language="en")
    assert book.composed == 3
    extra = corpus / "strategies" / "open_port_data.md"
    extra.write_text(
        "---\ndoc_type: strategy\ntitle: Open Port Data Charter\nlanguage: en\ndate: 2025-02-01\n"
        "access: public\n---\n\n# Open Port Data Charter\n\nThe Open Port Data Charter commits Port Mira to "
        "publish harbour traffic and berth data every day in open formats.\n",
        encoding="utf-8",
    )
    try:
        assert run_ingest(settings, [corpus]).ok
        fresh = book.get(engine, viewer=STAFF, language="en")
        assert fresh is not first and book.composed == 4
        assert "Open Port Data Charter" in fresh.cards[1].text
    finally:
        extra.unlink()
        assert run_ingest(settings, [corpus]).ok


def test_who_to_ask_card_follows_self_declared_profiles(office: Any) -> None:
    """The "who to ask" card is the expertise map: an area a person declared in /profile appears with
    them (and the cached tour is recomposed), an area they removed no longer names them; deleting the
    declarations restores the register's view."""
    from records.profile_models import ProfileEntry

    engine, _, _ = office
    book = TourBook()
    before = book.get(engine, viewer=STAFF, language="en").cards[3].text
    assert "harbour drones" not in before and "open data: Ilse Varga" in before
    with engine.kb.session() as s:
        s.add(ProfileEntry(person_key="tomas.reyes@lakeside.example", kind="expertise",
                           value="harbour drones", level="expert"))  # fmt: skip
        s.add(ProfileEntry(person_key="ilse.varga@lakeside.example", kind="expertise",
                           value="open data", removed=True))  # fmt: skip
        s.commit()
    try:
        after = book.get(engine, viewer=STAFF, language="en").cards[3].text
        assert book.composed == 2
        assert "harbour drones: Tomas Reyes" in after
        assert "open data: Ilse Varga" not in after
    finally:
        with engine.kb.session() as s:
            for e in s.exec(select(ProfileEntry)).all():
                s.delete(e)
            s.commit()
    assert "open data: Ilse Varga" in book.get(engine, viewer=STAFF, language="en").cards[3].text
