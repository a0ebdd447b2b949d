"""The office's vocabulary of areas: spellings and languages of one area merged, different areas apart."""

from __future__ import annotations

from typing import Any

from core.access import Viewer
from profiles import store
from profiles.vocabulary import PAGE_KEYS, Vocabulary, areas, match, term_keys, vocabulary


def test_sample_vocabulary_merges_spellings_and_languages(sample_engine: Any) -> None:
    """On the sample, «ГИС», "GIS" (a project theme) and "GIS / remote sensing" (a register tag) are one
    area named by the register's spelling; Russian/Kyrgyz words find their English area; clearly
    different areas stay apart; an unknown topic is a new area (None)."""
    kb = sample_engine.kb
    vocab = vocabulary(kb)
    assert vocab.area_of("GIS") == "GIS / remote sensing"
    assert set(vocab.members("GIS / remote sensing")) >= {"GIS", "GIS / remote sensing"}
    assert match(kb, "ГИС") == "GIS / remote sensing"
    assert match(kb, "gis") == "GIS / remote sensing"
    assert match(kb, "remote sensing") == "GIS / remote sensing"
    assert match(kb, "кибербезопасность") == "cybersecurity"
    assert match(kb, "открытые данные") == "open data"
    assert match(kb, "Тундук") == "digital ID / Tunduk interoperability"
    assert vocab.area_of("e-government") == vocab.area_of("e-governance")
    assert match(kb, "quantum computing") is None
    labels = areas(kb)
    assert len(labels) == len(set(labels)) and "GIS / remote sensing" in labels and "GIS" not in labels
    apart = [
        ("digital identity", "digital inclusion"),
        ("open data", "data science"),
        ("AI ethics", "AI governance"),
        ("e-procurement", "e-governance"),
        ("data protection", "data governance"),
        ("GIS / remote sensing", "early warning systems"),
        ("cybersecurity", "cloud"),
    ]
    for a, b in apart:
        assert vocab.area_of(a) is not None and vocab.area_of(a) != vocab.area_of(b), (a, b)


def test_a_typed_area_joins_its_area_when_the_vocabulary_is_rebuilt(sample_engine: Any) -> None:
    """A self-declared «ГИС» becomes a spelling of "GIS / remote sensing", not a new area; a declared area
    nobody else names becomes a new area of its own."""
    kb = sample_engine.kb
    with kb.session() as s:
        stated = store.stated_terms(s, page_keys=PAGE_KEYS)
    stated += [("ГИС", "declared", "staff"), ("квантовые сенсоры", "declared", "staff")]
    cfg = kb.settings.retrieval
    vocab = Vocabulary.build(
        stated,
        kb.embedder,
        related_z=cfg.profile_area_related_z,
        cross_z=cfg.profile_area_cross_z,
        lead_z=cfg.profile_area_lead_z,
    )
    assert vocab.area_of("ГИС") == "GIS / remote sensing"
    assert vocab.area_of("квантовые сенсоры") == "квантовые сенсоры"
    assert len(vocab.areas()) == len(vocabulary(kb).areas()) + 1


def test_areas_follow_the_access_policy() -> None:
    """An area only a group:hr source names is not offered to staff outside hr; a spelling from a source the
    reader may not see never names an area shown to them; keys are script- and spelling-neutral."""
    stated = [
        ("GIS / remote sensing", "register", "group:hr"),
        ("GIS", "project", "staff"),
        ("salary bands", "register", "group:hr"),
        ("open data", "page", "public"),
    ]
    vocab = Vocabulary.build(stated, None)  # no embedder: keys only
    staff = Viewer(user_id=1, staff=True)
    hr = Viewer(user_id=2, staff=True, groups=frozenset({"hr"}))
    assert sorted(vocab.areas(staff)) == ["GIS", "open data"]
    assert sorted(vocab.areas(hr)) == ["GIS / remote sensing", "open data", "salary bands"]
    assert vocab.match("ГИС", staff) == "GIS" and vocab.match("ГИС", hr) == "GIS / remote sensing"
    assert vocab.match("salary bands", staff) is None
    assert vocab.areas(Viewer(chat_level="public")) == ["open data"]
    assert term_keys("ГИС") == term_keys("gis") and term_keys("E-Governance") == term_keys("e-government")
