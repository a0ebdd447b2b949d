"""Self-declared expertise counts in expert finding as the register's does, is shown as dated evidence,
and a declared removal hides the register's tag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ingest.pipeline import run_ingest
from profiles import service
from retrieval.engine import open_engine
from tests.conftest import make_settings

STAFF = (
    "name,email,title,unit,expertise,bio\n"
    "Aida Expert,aida@undp.org,Open Data Specialist,Data Unit,open data portals:expert,Publishes datasets.\n"
    "Bolot Ermekov,bolot@undp.org,Climate Analyst,Climate Unit,flood mapping:advanced,Maps river floods.\n"
    "Chyngyz Alymov,chyngyz@undp.org,Data Engineer,Data Unit,data pipelines:expert,Builds ETL jobs.\n"
    "Dana Sadykova,dana@undp.org,Procurement Officer,Operations,procurement:expert,Runs tenders.\n"
)
PORTFOLIO = (
    "code,title,status,summary,thematic_areas,lead,team\n"
    "KGZ-DIG-902,Flood Early Warning,active,Flood mapping and early warning for river basins.,"
    "disaster risk reduction,bolot@undp.org,bolot@undp.org:lead\n"
)


@pytest.fixture
def engine(tmp_path: Path, embed_cache_path: Path) -> Iterator[Any]:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "staff.csv").write_text(STAFF, encoding="utf-8")
    (folder / "portfolio.csv").write_text(PORTFOLIO, encoding="utf-8")
    settings = make_settings(tmp_path / "home", embed_cache_path)
    assert run_ingest(settings, [folder]).ok
    eng = open_engine(settings)
    yield eng
    eng.close()


def _declare(engine: Any, fn: Any, **kw: Any) -> None:
    with engine.kb.session() as s:
        fn(s, **kw)
        s.commit()


def _score(engine: Any, topic: str, name: str) -> float:
    return next((e.score for e in engine.expert_results(topic, k=10) if e.person.name == name), 0.0)


async def test_declared_area_ranks_and_is_shown_as_dated_evidence(engine: Any) -> None:
    """Before Dana declares "glacier monitoring" she is not the expert on it; after, she ranks first, her
    merged expertise lists it, and the answer shows "(self-declared, <date>)" as her evidence."""
    topic = "glacier monitoring"
    before = engine.expert_results(topic, k=10)
    assert not before or before[0].person.name != "Dana Sadykova"
    dana_before = _score(engine, topic, "Dana Sadykova")
    _declare(engine, service.add_expertise, person_key="dana@undp.org", area=topic, level="expert", by=7)
    after = engine.expert_results(topic, k=10)
    assert after[0].person.name == "Dana Sadykova" and after[0].score > dana_before
    assert after[0].expertise == {"procurement": "expert", topic: "expert"}
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert any(e.via == "declared" and e.role == f"self-declared, {today}" for e in after[0].evidence)
    answer = await engine.experts(topic)
    assert f"Expertise “{topic}” (expert) (self-declared, {today})" in answer.text
    assert any(
        c.title == "Self-declared profile — Dana Sadykova" and c.date == today for c in answer.citations
    )
    assert after[0].to_json()["expertise"][topic] == "expert"


def test_declared_removal_hides_the_register_tag(engine: Any) -> None:
    """Bolot removes "flood mapping": his merged expertise and evidence no longer carry the register's tag
    (his project still counts as evidence)."""
    topic = "flood mapping"
    first = engine.expert_results(topic, k=10)
    bolot = next(e for e in first if e.person.name == "Bolot Ermekov")
    assert any("expertise “flood mapping”" in ev.title for ev in bolot.evidence)
    _declare(engine, service.remove_expertise, person_key="bolot@undp.org", area=topic, by=7)
    again = next(e for e in engine.expert_results(topic, k=10) if e.person.name == "Bolot Ermekov")
    assert again.expertise == {}
    assert not any("expertise “flood mapping”" in ev.title for ev in again.evidence)
    assert any(ev.via in ("project", "retrieved") for ev in again.evidence)
