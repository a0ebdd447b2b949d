"""The profile store and service on a migrated database — SQLite and the PostgreSQL server alike."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from profiles import service, store
from profiles.service import ProfileError
from records.db import make_engine
from records.models import Person
from records.profile_models import PersonLink, ProfileButton, ProfileEntry, merge_expertise

BAKYT = "bakyt@undp.org"
OLGA = "olga@undp.org"


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database migrated to head (SQLite file or a private PostgreSQL schema) with three people."""
    url = (
        f"sqlite:///{tmp_path / 'p.sqlite'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    engine = make_engine(url)
    with Session(engine) as s:
        s.add(
            Person(
                key=BAKYT,
                name="Bakyt Osmonov",
                email=BAKYT,
                telegram="@Bakyt_GIS",
                languages=["Kyrgyz", "Russian"],
                expertise={"GIS / remote sensing": "expert", "early warning systems": "advanced"},
                learning_interests=["machine learning"],
            )
        )
        s.add(
            Person(
                key=OLGA, name="Olga Kim", email=OLGA, telegram="olga_k", expertise={"e-procurement": None}
            )
        )
        s.add(Person(key="gone@undp.org", name="Gone", email="gone@undp.org", telegram="@gone", active=False))
        s.commit()
    yield engine
    engine.dispose()


def test_declared_entries_merge_with_the_register(db: Engine) -> None:
    """Declared areas are added with their level and date, a declared level wins over the register's, a
    removal hides the register's tag (whatever its spelling), and one value is stored once."""
    with Session(db) as s:
        service.add_expertise(s, person_key=BAKYT, area="quantum sensing", level="basic", by=11)
        service.add_expertise(s, person_key=BAKYT, area="Quantum  Sensing", level="advanced", by=11)
        service.add_expertise(s, person_key=BAKYT, area="GIS / remote sensing", level="advanced", by=11)
        assert service.remove_expertise(s, person_key=BAKYT, area="EARLY warning systems", by=11) == "hidden"
        s.commit()
    with Session(db) as s:
        entries = store.list_entries(s, person_keys=[BAKYT])
        assert sorted((e.value, e.level, e.removed) for e in entries) == [
            ("EARLY warning systems", None, True),
            ("GIS / remote sensing", "advanced", False),
            ("Quantum Sensing", "advanced", False),
        ]
        assert all(e.declared_by == 11 and time.time() - e.declared_at < 600 for e in entries)
        person = s.exec(select(Person).where(Person.key == BAKYT)).one()
        merged = merge_expertise(person.expertise, entries)
    assert {tag: (level, origin) for tag, (level, origin, _) in merged.items()} == {
        "GIS / remote sensing": ("advanced", "declared"),
        "Quantum Sensing": ("advanced", "declared"),
    }


def test_removing_a_declared_only_area_forgets_it_and_delete_all_restores_the_register(db: Engine) -> None:
    """A declared-only area is deleted outright; "delete everything I declared" brings back the register's
    view (removed areas included) and touches no one else's entries."""
    with Session(db) as s:
        service.add_expertise(s, person_key=BAKYT, area="drones", level="expert", by=11)
        assert service.remove_expertise(s, person_key=BAKYT, area="drones", by=11) == "deleted"
        service.remove_expertise(s, person_key=BAKYT, area="GIS / remote sensing", by=11)
        service.add_learning(s, person_key=BAKYT, value="QGIS plugins", by=11)
        service.add_learning(s, person_key=OLGA, value="open contracting", by=12)
        s.commit()
        assert store.find_entry(s, person_key=BAKYT, kind="expertise", value="drones") is None
        assert service.delete_declared(s, person_key=BAKYT) == 2
        s.commit()
        assert service.merged_expertise(s, person_key=BAKYT) == {
            "GIS / remote sensing": ("expert", "register", None),
            "early warning systems": ("advanced", "register", None),
        }
        assert [e.value for e in store.list_entries(s)] == ["open contracting"]


def test_learning_interests_and_languages(db: Engine) -> None:
    """Learning interests: the register's minus removed plus declared; languages the person sets replace
    the register's list (codes and Russian/Kyrgyz names understood)."""
    with Session(db) as s:
        service.add_learning(s, person_key=BAKYT, value="large language models", by=11)
        assert service.remove_learning(s, person_key=BAKYT, value="Machine Learning", by=11) == "hidden"
        langs = service.set_languages(
            s, person_key=BAKYT, languages=service.parse_languages("en, русский; кыргызча uz"), by=11
        )
        s.commit()
        assert langs == ["English", "Russian", "Kyrgyz", "Uzbek"]
        profile = service.get_profile(s, person_key=BAKYT)
        assert profile is not None
        assert [(i.value, i.source) for i in profile.learning] == [("large language models", "declared")]
        assert profile.languages == langs and profile.languages_declared is not None
        assert profile.hidden == ["Machine Learning"]


def test_bad_values_are_refused_and_stored_text_is_sanitised(db: Engine) -> None:
    """Empty, letterless, over-long values and unknown levels raise ProfileError with a message key; the
    register's separators and control characters never reach storage."""
    with Session(db) as s:
        for bad in ("", "   ", "1234", "=1+2", "x" * 81):
            with pytest.raises(ProfileError):
                service.add_expertise(s, person_key=BAKYT, area=bad, level="expert", by=11)
        with pytest.raises(ProfileError) as exc:
            service.add_expertise(s, person_key=BAKYT, area="GIS", level="guru", by=11)
        assert exc.value.key == "profile_bad_level"
        with pytest.raises(ProfileError) as exc:
            service.add_expertise(s, person_key="nobody@undp.org", area="GIS", level="expert", by=11)
        assert exc.value.key == "profile_unknown_person"
        entry = service.add_expertise(
            s, person_key=BAKYT, area="GIS;\u202eevil:\n dump", level="expert", by=11
        )
        assert entry.value == "GIS, evil - dump"
        assert s.exec(select(ProfileEntry)).all() == [entry]


def test_username_links_are_case_insensitive_and_never_steal_a_person(db: Engine) -> None:
    """A Telegram username matches the register's telegram column with or without @ in any case; no link
    is made for an inactive or unknown person, or for a person already linked to another user; /link by
    e-mail needs an active person and replaces the user's earlier link."""
    with Session(db) as s:
        assert service.link_by_username(s, user_id=501, username="nobody") is None
        assert service.link_by_username(s, user_id=501, username="gone") is None  # inactive
        person = service.link_by_username(s, user_id=501, username="bakyt_gis")
        assert person is not None and person.key == BAKYT
        assert service.link_by_username(s, user_id=502, username="@BAKYT_gis") is None  # already someone's
        assert service.link_by_username(s, user_id=503, username="OLGA_K").key == OLGA  # type: ignore[union-attr]
        s.commit()
        with pytest.raises(ProfileError) as exc:
            service.link_user(s, user_id=502, email="gone@undp.org", by=1)
        assert exc.value.key == "link_unknown_email"
        assert service.link_user(s, user_id=503, email=" Bakyt@UNDP.org ", by=1).key == BAKYT
        s.commit()
        links = {(link.user_id, link.person_key, link.linked_by) for link in s.exec(select(PersonLink))}
        assert links == {(501, BAKYT, None), (503, BAKYT, 1)}
        assert service.person_for_user(s, user_id=503).name == "Bakyt Osmonov"  # type: ignore[union-attr]
        assert service.unlink_user(s, user_id=503) and not service.unlink_user(s, user_id=503)
        s.commit()
        assert service.person_for_user(s, user_id=503) is None


def test_buttons_pending_input_and_survey_state(db: Engine) -> None:
    """Button tokens work only for their user and chat while fresh and until a new menu replaces them;
    pending input is taken once and expires; a survey send counts as answered once the user reviews."""
    with Session(db) as s:
        store.add_buttons(
            s,
            buttons=[ProfileButton(token="t" * 22, user_id=7, chat_id=7, person_key=BAKYT, action="show")],
        )
        s.commit()
        assert store.take_button(s, token="t" * 22, user_id=8, chat_id=7, max_age_s=60) is None
        assert store.take_button(s, token="t" * 22, user_id=7, chat_id=-100, max_age_s=60) is None
        assert store.take_button(s, token="t" * 22, user_id=7, chat_id=7, max_age_s=60) is not None
        assert store.take_button(s, token="t" * 22, user_id=7, chat_id=7, max_age_s=-1) is None  # stale
        assert store.clear_buttons(s, user_id=7, chat_id=7) == 1
        assert store.take_button(s, token="t" * 22, user_id=7, chat_id=7, max_age_s=60) is None

        store.set_pending(s, user_id=7, chat_id=7, person_key=BAKYT, action="area")
        s.commit()
        pending = store.pop_pending(s, user_id=7, chat_id=7, max_age_s=60)
        assert pending is not None and pending.action == "area"
        assert store.pop_pending(s, user_id=7, chat_id=7, max_age_s=60) is None
        store.set_pending(s, user_id=7, chat_id=7, person_key=BAKYT, action="area")
        assert store.pop_pending(s, user_id=7, chat_id=7, max_age_s=-1) is None  # expired

        survey = store.start_survey(s, update_id=4242, started_by=1)
        assert store.start_survey(s, update_id=4242, started_by=1).id == survey.id  # resumed, not new
        assert survey.id is not None
        store.record_send(s, survey_id=survey.id, user_id=7, person_key=BAKYT, ok=True)
        store.record_send(s, survey_id=survey.id, user_id=8, person_key=OLGA, ok=False, error="BadRequest")
        s.commit()
        assert store.mark_responded(s, user_id=8) == 0  # never reached: nothing to answer
        assert store.mark_responded(s, user_id=7) == 1
        assert store.mark_responded(s, user_id=7) == 0
        s.commit()
        sends = {x.user_id: x.responded_at is not None for x in store.survey_sends(s, survey_id=survey.id)}
        assert sends == {7: True, 8: False}
