"""Reports read only through the access policy, and text people typed stays data in every format.

A private home holds an open and a restricted register row, an open and an admin-only project, a public
and an HR-only strategy, and hostile text (markup, spreadsheet formulas) in areas, interests and questions.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from core.access import Viewer
from reports.service import REPORTS, build_reports, write_report
from tests.conftest import make_settings

SECRETS = ("Hidden Person", "KGZ-SEC-009", "Hidden Partner Agency", "Shadow Ministry of Secrets",
           "Covert priority", "quantum cryptography", "covert operations")  # fmt: skip
SCRIPT = "<script>alert('x')</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'

STAFF = """\
name,email,title,unit,expertise,projects,learning_interests,access
Open Person,open.person@undp.org,Analyst,Open Unit,e-governance:expert; {script}:basic,KGZ-OPN-001:lead,"{script}; {formula_csv}; open data",
Other Person,other.person@undp.org,Officer,Open Unit,e-governance:advanced; @SUM(A1):intermediate,,open data,
Hidden Person,hidden.person@undp.org,Secret Agent,Hidden Unit,quantum cryptography:expert,KGZ-SEC-009:lead,covert operations,group:hr
"""
PORTFOLIO = """\
code,title,status,start,end,budget_usd,partners,thematic_areas,summary,lead,team,access
KGZ-OPN-001,Open E-Services,active,2024-01-01,2026-12-31,100000,Ministry of Digital Development,e-governance,Open services on a data exchange layer for citizens.,open.person@undp.org,open.person@undp.org:lead,
KGZ-SEC-009,Secret Registry,active,2024-01-01,2027-12-31,999999,Hidden Partner Agency,quantum cryptography,A confidential registry hardened with quantum cryptography.,hidden.person@undp.org,hidden.person@undp.org:lead,admin
"""
OPEN_STRATEGY = """\
---
doc_type: strategy
title: Open Strategy
date: 2024-05-01
access: public
---
# Open Strategy

## Priority 1: Digital public services
Services move online through a data exchange layer; the Ministry of Digital Development leads.

## Priority 2: Connectivity
Broadband for villages, with the National Communications Agency.
"""
SECRET_STRATEGY = """\
---
doc_type: strategy
title: Secret Strategy
date: 2025-01-01
access: group:hr
---
# Secret Strategy

## Covert priority
Quantum cryptography for registries, with the Shadow Ministry of Secrets.
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, embed_cache_path: Path) -> Iterator:  # type: ignore[type-arg]
    """A private knowledge base of the files above (its own home; the session's embedding cache)."""
    from ingest.pipeline import run_ingest
    from retrieval.engine import open_engine

    root = tmp_path_factory.mktemp("access-data")
    (root / "registers").mkdir()
    (root / "strategies").mkdir()
    csv_formula = FORMULA.replace('"', '""')
    (root / "registers" / "staff.csv").write_text(
        STAFF.format(script=SCRIPT, formula_csv=csv_formula), encoding="utf-8"
    )
    (root / "registers" / "portfolio.csv").write_text(PORTFOLIO, encoding="utf-8")
    (root / "strategies" / "open.md").write_text(textwrap.dedent(OPEN_STRATEGY), encoding="utf-8")
    (root / "strategies" / "secret.md").write_text(textwrap.dedent(SECRET_STRATEGY), encoding="utf-8")
    questions = root / "questions.jsonl"
    lines = [
        {"question": SCRIPT + " how?", "language": "en", "answerable": False, "feedback": None,
         "created_at": "2026-02-01", "user": "Ana"},
        {"question": FORMULA, "language": "en", "answerable": True, "feedback": -1,
         "created_at": "2026-03-01", "user": "Bo"},
        {"question": "+1 what is the fee?", "language": "en", "answerable": False, "feedback": None,
         "created_at": "2026-03-02", "user": "Cy"},
    ]  # fmt: skip
    questions.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    settings = make_settings(tmp_path_factory.mktemp("access-home"), embed_cache_path)
    summary = run_ingest(settings, [root])
    assert summary.ok, summary.text()
    engine = open_engine(settings)
    yield engine, questions
    engine.close()


def _all_text(folder: Path, name: str) -> str:
    """Everything a reader of the three files sees: HTML and Markdown source, every XLSX cell."""
    wb = openpyxl.load_workbook(folder / f"{name}.xlsx")
    cells = [
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None
    ]
    html = (folder / f"{name}.html").read_text(encoding="utf-8")
    md = (folder / f"{name}.md").read_text(encoding="utf-8")
    return "\n".join([html, md, *cells])


@pytest.mark.parametrize(
    ("viewer", "sees_secrets"),
    [
        (Viewer(user_id=7, staff=True), False),
        (Viewer(user_id=8, staff=True, groups=frozenset({"hr"})), None),
        (None, True),
    ],  # fmt: skip
    ids=["staff", "hr-member", "operator"],
)
def test_restricted_people_projects_and_passages_stay_out_of_every_format(
    home,
    tmp_path: Path,
    viewer: Viewer | None,
    sees_secrets: bool | None,  # type: ignore[no-untyped-def]
) -> None:
    """A staff member who may not read the HR group's and the admin-only sources finds none of their people,
    projects, partners, areas or passages in any report, in HTML, Markdown or XLSX; the operator (who reads
    everything) finds them, so the check can fail; an HR member sees the HR strategy but not the admin-only
    project."""
    engine, questions = home
    for report in build_reports(engine, "all", viewer=viewer, questions_file=questions):
        write_report(report, tmp_path)
    text = "\n".join(_all_text(tmp_path, name) for name in REPORTS)
    found = {s for s in SECRETS if s in text}
    if sees_secrets is True:
        assert found == set(SECRETS)
    elif sees_secrets is False:
        assert not found
        assert "Open Person" in text and "KGZ-OPN-001" in text  # the open records are there
    else:  # the HR group: its strategy and person, never the admin-only project
        assert {"Shadow Ministry of Secrets", "Covert priority", "Hidden Person"} <= found
        assert not {"KGZ-SEC-009", "Hidden Partner Agency"} & found


def test_a_public_reader_sees_no_staff_records_and_no_question_log(home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A reader of public documents only (not staff) gets the public strategy, and no person, project or
    logged question (the log is office-internal)."""
    engine, questions = home
    reports = {
        r.name: r for r in build_reports(engine, "all", viewer=Viewer(user_id=9), questions_file=questions)
    }
    assert reports["expertise"].figure("People with declared expertise").value == 0
    assert reports["portfolio"].figure("Projects").value == 0
    assert reports["learning"].figure("Unanswered or thumbs-down questions").value == 0
    assert reports["alignment"].figure("Strategy priorities").value == 2


def test_typed_text_is_escaped_in_html_and_markdown_and_never_a_formula_in_xlsx(home, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Areas, interests and questions holding <script> and spreadsheet formulas are shown as text: escaped
    in the HTML and the Markdown, and written to XLSX cells with a leading apostrophe (never a formula)."""
    engine, questions = home
    for report in build_reports(engine, "all", viewer=None, questions_file=questions):
        write_report(report, tmp_path)
    for name in REPORTS:
        html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert "<script" not in html.lower()
        md = (tmp_path / f"{name}.md").read_text(encoding="utf-8")
        assert "<script" not in md.lower()
        wb = openpyxl.load_workbook(tmp_path / f"{name}.xlsx")
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f", (name, ws.title, c.coordinate, c.value)
                    if isinstance(c.value, str):
                        assert not c.value.startswith(("=", "+", "-", "@")), (name, c.value)
    learning = (tmp_path / "learning.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in learning
    assert "=HYPERLINK(&quot;http://evil.example&quot;" in learning
    wb = openpyxl.load_workbook(tmp_path / "learning.xlsx")
    questions_cells = [r[1] for r in wb["questions"].iter_rows(min_row=5, values_only=True)]
    assert "'" + FORMULA in questions_cells and "'+1 what is the fee?" in questions_cells
    interests = [r[2] for r in wb["interests"].iter_rows(min_row=5, values_only=True)]
    assert "'" + FORMULA in interests and SCRIPT in interests
    coverage = [r[0] for r in openpyxl.load_workbook(tmp_path / "expertise.xlsx")["coverage"].iter_rows(
        min_row=5, values_only=True)]  # fmt: skip
    assert "'@SUM(A1)" in coverage and SCRIPT in coverage
