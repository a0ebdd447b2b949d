"""The numbers of each report, checked against counts computed here from the sample's CSV registers, the
strategy files and the questions fixture — on the report model and in the XLSX written from it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict

import openpyxl

from reports.model import Bars, Chart, Figure, Gantt, Heatmap, Lines, Table
from reports.render_xlsx import HEADER_ROW
from tests.conftest import REPO, SAMPLE
from tests.reports.conftest import Built, SampleRegisters, questions_file, split

LEVELS = ("expert", "advanced", "intermediate", "basic")


def sheet_rows(path, sheet: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    ws = openpyxl.load_workbook(path)[sheet]
    rows = list(ws.iter_rows(min_row=HEADER_ROW, values_only=True))
    return rows


# expertise ---------------------------------------------------------------------------------------
def test_expertise_coverage_levels_units_and_single_points(built: Built, registers: SampleRegisters) -> None:
    """People per area and level, the units they sit in and the single points of failure equal what the
    staff register says (each person counted once per area, at their highest level)."""
    best: dict[tuple[str, str], str] = {}
    unit: dict[str, str] = {}
    for row, tag, level in registers.expertise():
        key = (registers.area_of(tag), row["email"].lower())
        unit[row["email"].lower()] = row["unit"]
        if key not in best or LEVELS.index(level) < LEVELS.index(best[key]):
            best[key] = level
    levels: dict[str, Counter[str]] = defaultdict(Counter)
    units: dict[str, Counter[str]] = defaultdict(Counter)
    for (area, email), level in best.items():
        levels[area][level] += 1
        units[area][unit[email]] += 1

    report = built.reports["expertise"]
    table = {r["Area"]: r for r in report.table("coverage").records()}
    assert set(table) == set(levels)
    for area, counts in levels.items():
        cov = table[area]
        assert [cov["Expert"], cov["Advanced"], cov["Intermediate"], cov["Basic"]] == [
            counts[lv] for lv in LEVELS
        ]
        assert cov["People"] == sum(counts.values())
        assert cov["Units"] == "; ".join(f"{u} ({n})" for u, n in sorted(units[area].items()))
    spof = {a for a, c in levels.items() if c["expert"] + c["advanced"] <= 1}
    assert set(report.table("single_points").column("Area")) == spof
    assert report.figure("Single points of failure").value == len(spof)
    with_expertise = sum(1 for r in registers.staff if split(r.get("expertise")))
    assert report.figure("People with declared expertise").value == with_expertise

    heat = report.chart("expertise_heatmap").spec
    assert isinstance(heat, Heatmap) and len(heat.rows) == with_expertise
    filled = sum(1 for row in heat.values for v in row if v is not None)
    assert filled == len(best)  # one cell per (person, area)

    xlsx = {r[0]: r for r in sheet_rows(built.files / "expertise.xlsx", "coverage")[1:]}
    for area, counts in levels.items():
        assert list(xlsx[area][1:5]) == [counts[lv] for lv in LEVELS]


def test_expertise_missing_areas_are_named_by_projects_or_strategies_and_held_by_nobody(
    built: Built, registers: SampleRegisters
) -> None:
    """Every "nobody has it" area is a project theme or a strategy heading, and no register tag is it or
    shares a word with it; a theme some tag spells differently ("GIS") is not listed."""
    report = built.reports["expertise"]
    themes = {t for r in registers.projects for t in split(r["thematic_areas"])}
    headings = {
        re.sub(r"^Priority \d+:\s*", "", m) for f in (SAMPLE / "strategies").glob("*.md")
        for m in re.findall(r"^## (.+)$", f.read_text(encoding="utf-8"), re.M)
    }  # fmt: skip
    tags = {tag for _, tag, _ in registers.expertise()}
    missing = report.table("nobody").column("Area")
    assert missing and report.figure("Needed areas nobody has").value == len(missing)
    for area in missing:
        assert area in themes or area in headings
        assert registers.area_of(str(area)) not in tags
    assert "GIS" in themes and "GIS" not in missing


# portfolio ---------------------------------------------------------------------------------------
def test_portfolio_totals_by_status_and_theme_and_budget(built: Built, registers: SampleRegisters) -> None:
    """Projects and budget per status and per thematic area, the total budget and the lead of each project
    equal the portfolio register (every project under each of its themes, merged spellings counted once);
    the XLSX holds the same numbers."""
    report = built.reports["portfolio"]
    rows = registers.projects
    assert report.figure("Projects").value == len(rows)
    assert report.figure("Total budget (USD)").value == sum(float(r["budget_usd"]) for r in rows)
    by_status: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_status[r["status"].lower()].append(float(r["budget_usd"]))
    table = {r["Status"]: r for r in report.table("by_status").records()}
    assert {s: (t["Projects"], t["Budget (USD)"]) for s, t in table.items()} == {
        s: (len(b), sum(b)) for s, b in by_status.items()
    }
    xlsx = {r[0]: r[1:3] for r in sheet_rows(built.files / "portfolio.xlsx", "by_status")[1:]}
    assert xlsx == {s: (len(b), sum(b)) for s, b in by_status.items()}

    # themes: the office's vocabulary may merge spellings ("elections" into "election technology"), so
    # check each row's numbers against the register for the projects it lists, and that no theme is lost
    themes = {r["code"]: set(split(r["thematic_areas"])) for r in rows}
    budget = {r["code"]: float(r["budget_usd"]) for r in rows}
    status = {r["code"]: r["status"].lower() for r in rows}
    listed: dict[str, int] = defaultdict(int)
    for row in report.table("by_theme").records():
        codes = split(str(row["Codes"]))
        assert row["Projects"] == len(codes) == len(set(codes))
        assert row["Budget (USD)"] == sum(budget[c] for c in codes)
        assert row["Active"] == sum(1 for c in codes if status[c] == "active")
        assert {c for c, ts in themes.items() if row["Thematic area"] in ts} <= set(codes)
        assert all(themes[c] for c in codes)
        for c in codes:
            listed[c] += 1
    assert {c: n for c, n in listed.items()} == {c: listed[c] for c, ts in themes.items() if ts}
    assert all(1 <= listed[c] <= len(ts) for c, ts in themes.items() if ts)

    leads = {r["Code"]: r["Lead"] for r in report.table("projects").records()}
    assert leads == {r["code"]: registers.name_of(r["lead"]) for r in rows}
    partners = {p.casefold() for r in rows for p in split(r["partners"])}
    assert report.figure("Partners").value == len(partners)


def test_portfolio_timeline_has_every_project_with_its_dates(
    built: Built, registers: SampleRegisters
) -> None:
    """The timeline chart draws one bar per project, from its start to its end date, coloured by status."""
    gantt = built.reports["portfolio"].chart("timeline").spec
    assert isinstance(gantt, Gantt)
    got = {item.label.split()[0]: (item.start, item.end, item.group) for item in gantt.items}
    assert got == {
        r["code"]: (dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"]), r["status"].lower())
        for r in registers.projects
    }


# alignment ---------------------------------------------------------------------------------------
def _strategy_sections() -> dict[str, str]:
    """Heading → section text of every "## " section of the sample's strategy files."""
    out = {}
    for f in (SAMPLE / "strategies").glob("*.md"):
        parts = re.split(r"^## (.+)$", f.read_text(encoding="utf-8"), flags=re.M)
        for heading, text in zip(parts[1::2], parts[2::2], strict=True):
            out[heading.strip()] = text
    return out


def test_alignment_priorities_are_the_strategy_headings(built: Built) -> None:
    """Priorities are "## " headings of the strategy files: every numbered "Priority N:" heading is there,
    and preamble headings (Vision, Purpose, Follow-up) are not."""
    sections = _strategy_sections()
    report = built.reports["alignment"]
    names = report.table("priorities").column("Priority")
    plain = {re.sub(r"^Priority \d+:\s*", "", h): h for h in sections}
    assert all(n in plain for n in names)
    assert {h for h in sections if h.startswith("Priority")} <= {plain[str(n)] for n in names}
    assert not {"Vision", "Purpose", "Follow-up"} & set(map(str, names))
    assert report.figure("Strategy priorities").value == len(names)


def test_alignment_cells_are_backed_by_passages_from_both_sides(
    built: Built, registers: SampleRegisters
) -> None:
    """Each heatmap cell has one evidence row: a passage of that project (its register row or a brief
    naming its code) and a passage of that priority, with a z-score at or above the engine's floor; a
    priority's "projects aligned" counts its cells."""
    report = built.reports["alignment"]
    heat = report.chart("alignment_heatmap").spec
    assert isinstance(heat, Heatmap)
    evidence = report.table("evidence").records()
    assert sum(1 for row in heat.values for v in row if v is not None) == len(evidence) > 0
    per_priority: Counter[str] = Counter()
    for row in evidence:
        code = str(row["Project"])
        assert float(row["z-score"]) >= 1.0  # type: ignore[arg-type]  # settings.retrieval.alignment_min_z
        assert row["Project passage"] and row["Strategy passage"]
        source = str(row["Project source"])
        cited = REPO / source[source.rindex("(") + 1 : -1]  # "title — section (path)"
        assert code in source or code in cited.read_text(encoding="utf-8")  # a brief naming the project
        assert cited.parent.name in ("registers", "projects")
        assert str(row["Priority"]) in str(row["Strategy source"])
        per_priority[str(row["Priority"])] += 1
    for row in report.table("priorities").records():
        assert row["Projects aligned"] == per_priority[str(row["Priority"])]


def test_alignment_entry_points_name_partners_from_the_text_and_people_from_the_register(
    built: Built, registers: SampleRegisters
) -> None:
    """Entry points are the priorities with no or weak coverage; each partner listed is written in the
    priority's own text, and each person listed is in the staff register."""
    report = built.reports["alignment"]
    coverage = {r["Priority"]: r["Coverage"] for r in report.table("priorities").records()}
    entries = report.table("entry_points").records()
    assert {r["Priority"] for r in entries} == {p for p, c in coverage.items() if c != "covered"}
    assert any(c == "none" for c in coverage.values())
    sections = {re.sub(r"^Priority \d+:\s*", "", h): t for h, t in _strategy_sections().items()}
    names = {r["name"] for r in registers.staff}
    named_any = False
    for row in entries:
        text = " ".join(sections[str(row["Priority"])].split()).lower()
        for partner in split(str(row["Partners the strategy names"]).replace("—", "")):
            forms = {partner, *re.findall(r"\((.*?)\)", partner), re.sub(r"\s*\(.*?\)", "", partner)}
            assert any(f.lower() in text for f in forms if f), (partner, row["Priority"])
            named_any = True
        for person in split(str(row["People whose expertise fits"]).replace("—", "")):
            assert re.sub(r"\s*\(.*\)$", "", person) in names
    assert named_any


# learning ----------------------------------------------------------------------------------------
def test_learning_counts_interests_and_unmet_questions_into_topics(
    built: Built, registers: SampleRegisters
) -> None:
    """Every declared interest of the register and every question the fixture marks "I don't know" or
    👎 is counted once, in exactly one topic; answered, liked questions are not demand."""
    report = built.reports["learning"]
    interests = [i for r in registers.staff for i in split(r.get("learning_interests"))]
    lines = [json.loads(x) for x in questions_file().read_text(encoding="utf-8").splitlines() if x.strip()]
    unmet = [q for q in lines if not q["answerable"] or q["feedback"] == -1]
    assert report.figure("Learning interests").value == len(interests)
    assert report.figure("Unanswered or thumbs-down questions").value == len(unmet)
    topics = report.table("topics").records()
    assert sum(int(str(t["Interests"])) for t in topics) == len(interests)
    assert sum(int(str(t["Unanswered or thumbs-down questions"])) for t in topics) == len(unmet)
    asked = report.table("questions").records()
    assert sorted(str(q["Question"]) for q in asked) == sorted(q["question"] for q in unmet)
    liked = {q["question"] for q in lines if q["answerable"] and q["feedback"] != -1}
    assert not liked & {str(q["Question"]) for q in asked}
    assert report.table("questions").as_of.date == max(q["created_at"] for q in unmet)


def test_learning_supply_counts_the_people_holding_the_fitting_areas(
    built: Built, registers: SampleRegisters
) -> None:
    """A topic's supply is the number of register people holding any of the areas listed as fitting it;
    the demand-vs-supply chart shows the table's numbers."""
    report = built.reports["learning"]
    holders: dict[str, set[str]] = defaultdict(set)
    for row, tag, _ in registers.expertise():
        holders[tag].add(row["email"])
    topics = report.table("topics").records()
    for t in topics:
        areas = split(str(t["Fitting areas"]).replace("—", ""))
        assert t["People with a fitting area"] == len(
            set().union(*(holders[a] for a in areas)) if areas else set()
        )
    chart = report.chart("demand_vs_supply").spec
    assert isinstance(chart, Bars)
    assert chart.categories == [t["Topic"] for t in topics[: len(chart.categories)]]
    shown = topics[: len(chart.categories)]
    assert chart.series[0].values == [float(str(t["Demand"])) for t in shown]
    assert chart.series[1].values == [float(str(t["People with a fitting area"])) for t in shown]


def test_learning_topics_over_time_count_questions_per_month(built: Built) -> None:
    """The topics-over-time chart counts each shown topic's questions (and self-declared interests) per
    month, over the months the questions span."""
    report = built.reports["learning"]
    lines = report.chart("topics_over_time").spec
    assert isinstance(lines, Lines)
    questions = report.table("questions").records()
    months = sorted({str(q["Date"])[:7] for q in questions})
    assert lines.x == months
    for series in lines.series:
        per_month = Counter(str(q["Date"])[:7] for q in questions if q["Topic"] == series.name)
        assert series.values == [float(per_month[m]) for m in months]


# brief ---------------------------------------------------------------------------------------------
def test_brief_carries_the_headline_figures_of_the_four_reports(built: Built) -> None:
    """The brief's figures are the four reports' figures, with the same values and data dates."""
    brief = built.reports["brief"]
    expected = [
        (f.label, f.value, f.as_of)
        for name in ("portfolio", "expertise", "alignment", "learning")
        for f in built.reports[name].figures
    ]
    assert [(f.label, f.value, f.as_of) for f in brief.figures] == expected
    assert {c.kind for c in brief.charts()} == {"gantt", "bars", "heatmap"}


def test_every_block_states_the_date_of_its_data(built: Built) -> None:
    """Every figure, table and chart of every report carries a data date and says what it is, in all
    three formats."""
    for name, report in built.reports.items():
        blocks: list[Figure | Table | Chart] = [*report.figures, *report.tables(), *report.charts()]
        for block in blocks:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", block.as_of.date), (name, block)
            assert block.as_of.basis
        html = (built.files / f"{name}.html").read_text(encoding="utf-8")
        assert html.count("Data as of ") >= len(blocks)
        md = (built.files / f"{name}.md").read_text(encoding="utf-8")
        assert md.count("Data as of ") >= len(report.figures) + len(report.tables())
        wb = openpyxl.load_workbook(built.files / f"{name}.xlsx")
        assert [ws.title for ws in wb.worksheets] == ["summary", *(t.key for t in report.tables())]
        for table in report.tables():
            assert str(wb[table.key]["A2"].value).startswith(f"Data as of {table.as_of.date}")
