"""The numbers of each report, checked against counts computed here from the sample's CSV registers, the
strategy files and the questions fixture — on the report model and in the XLSX written from it, for the
reports in English, Russian and Kyrgyz alike (``built`` is parametrised over the three languages; labels are
looked up in the report's language with ``built.tr``, the numbers must not change)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict

import numpy as np
import openpyxl

from reports.model import Bars, Chart, Figure, Gantt, Heatmap, Lines, Table
from reports.render_xlsx import HEADER_ROW
from tests.conftest import REPO, SAMPLE
from tests.reports.conftest import Built, SampleRegisters, questions_file, split

LEVELS = ("expert", "advanced", "intermediate", "basic")
LEVEL_COLUMNS = ("rep_col_expert", "rep_col_advanced", "rep_col_intermediate", "rep_col_basic")


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

    tr = built.tr
    report = built.reports["expertise"]
    table = {r[tr("rep_col_area")]: r for r in report.table("coverage").records()}
    assert set(table) == set(levels)
    for area, counts in levels.items():
        cov = table[area]
        assert [cov[tr(c)] for c in LEVEL_COLUMNS] == [counts[lv] for lv in LEVELS]
        assert cov[tr("rep_col_people")] == sum(counts.values())
        assert cov[tr("rep_col_units")] == "; ".join(f"{u} ({n})" for u, n in sorted(units[area].items()))
    spof = {a for a, c in levels.items() if c["expert"] + c["advanced"] <= 1}
    assert set(report.table("single_points").column(tr("rep_col_area"))) == spof
    assert report.figure(tr("rep_fig_spof")).value == len(spof)
    with_expertise = sum(1 for r in registers.staff if split(r.get("expertise")))
    assert report.figure(tr("rep_fig_people_expertise")).value == with_expertise

    heat = report.chart("expertise_heatmap").spec
    assert isinstance(heat, Heatmap) and len(heat.rows) == with_expertise
    filled = sum(1 for row in heat.values for v in row if v is not None)
    assert filled == len(best)  # one cell per (person, area)

    xlsx = {r[0]: r for r in sheet_rows(built.files / "expertise.xlsx", "coverage")[1:]}
    for area, counts in levels.items():
        assert list(xlsx[area][1:5]) == [counts[lv] for lv in LEVELS]


STRUCTURE = {"Vision", "Purpose", "Overall ambition", "Follow-up", "Using this digest",
             "What it means for our office", "Practical checklist for project teams"}  # fmt: skip
NOBODY_FITS = ("Kyrgyz language in the digital world", "Digital agriculture and pasture management")
GENERIC = {"digital", "data", "system", "systems", "service", "services", "public", "management", "development",
           "technology", "and", "of", "for", "the", "in", "via", "with", "to", "on", "by"}  # fmt: skip


def _strategy_files() -> dict[str, tuple[list[str], str]]:
    """Strategy title (front matter) → (its "## " headings without "Priority N:", its "# " heading)."""
    out = {}
    for f in (SAMPLE / "strategies").glob("*.md"):
        text = f.read_text(encoding="utf-8")
        title = re.search(r"^title:\s*(.+)$", text, re.M)
        top = re.search(r"^# (.+)$", text, re.M)
        headings = [re.sub(r"^Priority \d+:\s*", "", h).strip() for h in re.findall(r"^## (.+)$", text, re.M)]
        assert title and top
        out[title.group(1).strip()] = (headings, top.group(1).strip())
    return out


def _words(text: str) -> set[str]:
    """Distinctive words cut to five letters (so "elections" meets "election")."""
    return {w[:5] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 1 and w not in GENERIC}


def test_expertise_needed_areas_nobody_has_are_real_areas_that_no_tag_matches(
    built: Built, registers: SampleRegisters, sample_engine, sample_settings
) -> None:  # type: ignore[no-untyped-def]
    """The "needed but nobody has it" list holds only the projects' thematic areas and strategy
    priorities (no digital component: those are deliverables) — never a document title or a structural heading ("Vision", "Follow-up") —
    each with the projects or strategies that name it (theme spellings merged); it lists the two sample priorities nobody's expertise
    fits and no area someone holds (GIS, e-governance, cybersecurity, any register tag). Recomputed here from
    the files and the embedder: no listed area shares a distinctive word with a register tag or stands out
    in meaning (its best tag's similarity below need_match_z standard deviations above its mean over all
    tags), and every candidate that does stand out is not listed."""
    tr = built.tr
    report = built.reports["expertise"]
    rows = report.table("nobody").records()
    missing = [str(r[tr("rep_col_area")]) for r in rows]
    assert report.figure(tr("rep_fig_gaps")).value == len(missing) == len(set(missing)) > 0

    named: dict[str, set[str]] = defaultdict(set)  # candidate → project codes and strategy titles naming it
    kinds: dict[str, set[str]] = defaultdict(set)
    for r in registers.projects:
        for c in split(r["thematic_areas"]):
            named[c].add(r["code"])
            kinds[c].add(tr("rep_kind_theme"))
    strategies = _strategy_files()
    for title, (headings, _) in strategies.items():
        for h in headings:
            if h not in STRUCTURE:
                named[h].add(title)
                kinds[h].add(tr("rep_kind_priority"))
    tags = {tag for _, tag, _ in registers.expertise()}
    for row in rows:
        area = str(row[tr("rep_col_area")])
        assert area in named, area  # a component, theme or priority as written
        where = set(split(str(row[tr("rep_col_where")])))
        assert named[area] <= where
        for code in where - named[area]:  # a theme spelling the office's vocabulary merged into this one
            themes = split(next(r["thematic_areas"] for r in registers.projects if r["code"] == code))
            assert any(_words(theme) & _words(area) for theme in themes), (area, code)
        assert set(split(str(row[tr("rep_col_named_by")]))) == kinds[area]
    assert not (STRUCTURE | {top for _, top in strategies.values()} | set(strategies)) & set(missing)
    assert set(NOBODY_FITS) <= set(missing)
    assert not {"GIS", "e-governance", "cybersecurity"} & set(missing)
    assert not {a for a in missing if registers.area_of(a) in tags}

    embedder, min_z = sample_engine.kb.embedder, sample_settings.reports.need_match_z
    tag_list = sorted(tags)
    tag_vecs = np.stack([embedder.embed_query(t) for t in tag_list])

    def best_z(text: str) -> float:
        sims = tag_vecs @ embedder.embed_query(text)
        return float((sims.max() - sims.mean()) / sims.std())

    for area in missing:
        assert not any(_words(area) & _words(tag) for tag in tags), area
        assert best_z(area) < min_z, area
    assert not {c for c in named if best_z(c) >= min_z} & set(missing)
    xlsx = [r[0] for r in sheet_rows(built.files / "expertise.xlsx", "nobody")[1:]]
    assert xlsx == missing


# portfolio ---------------------------------------------------------------------------------------
def test_portfolio_totals_by_status_and_theme_and_budget(built: Built, registers: SampleRegisters) -> None:
    """Projects and budget per status and per thematic area, the total budget and the lead of each project
    equal the portfolio register (every project under each of its themes, merged spellings counted once);
    the XLSX holds the same numbers (statuses named in the report's language)."""
    tr = built.tr
    report = built.reports["portfolio"]
    rows = registers.projects
    assert report.figure(tr("rep_fig_projects")).value == len(rows)
    assert report.figure(tr("rep_fig_budget")).value == sum(float(r["budget_usd"]) for r in rows)
    by_status: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_status[tr(f"rep_status_{r['status'].lower()}")].append(float(r["budget_usd"]))
    table = {r[tr("rep_col_status")]: r for r in report.table("by_status").records()}
    projects, budget_col = tr("rep_col_projects"), tr("rep_col_budget")
    assert {s: (t[projects], t[budget_col]) for s, t in table.items()} == {
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
        codes = split(str(row[tr("rep_col_codes")]))
        assert row[projects] == len(codes) == len(set(codes))
        assert row[budget_col] == sum(budget[c] for c in codes)
        assert row[tr("rep_col_active")] == sum(1 for c in codes if status[c] == "active")
        assert {c for c, ts in themes.items() if row[tr("rep_col_theme")] in ts} <= set(codes)
        assert all(themes[c] for c in codes)
        for c in codes:
            listed[c] += 1
    assert {c: n for c, n in listed.items()} == {c: listed[c] for c, ts in themes.items() if ts}
    assert all(1 <= listed[c] <= len(ts) for c, ts in themes.items() if ts)

    records = report.table("projects").records()
    leads = {r[tr("rep_col_code")]: r[tr("rep_col_lead")] for r in records}
    assert leads == {r["code"]: registers.name_of(r["lead"]) for r in rows}
    titles = {r[tr("rep_col_code")]: r[tr("rep_col_title")] for r in records}
    assert titles == {r["code"]: r["title"] for r in rows}  # data is never translated
    partners = {p.casefold() for r in rows for p in split(r["partners"])}
    assert report.figure(tr("rep_fig_partners")).value == len(partners)


def test_portfolio_timeline_has_every_project_with_its_dates(
    built: Built, registers: SampleRegisters
) -> None:
    """The timeline chart draws one bar per project, from its start to its end date, coloured by status."""
    gantt = built.reports["portfolio"].chart("timeline").spec
    assert isinstance(gantt, Gantt)
    got = {item.label.split()[0]: (item.start, item.end, item.group) for item in gantt.items}
    status = {r["code"]: built.tr(f"rep_status_{r['status'].lower()}") for r in registers.projects}
    assert got == {
        r["code"]: (dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"]), status[r["code"]])
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
    names = report.table("priorities").column(built.tr("rep_col_priority"))
    plain = {re.sub(r"^Priority \d+:\s*", "", h): h for h in sections}
    assert all(n in plain for n in names)
    assert {h for h in sections if h.startswith("Priority")} <= {plain[str(n)] for n in names}
    assert not {"Vision", "Purpose", "Follow-up"} & set(map(str, names))
    assert report.figure(built.tr("rep_fig_priorities")).value == len(names)


def test_alignment_cells_are_backed_by_passages_from_both_sides(
    built: Built, registers: SampleRegisters
) -> None:
    """Each heatmap cell has one evidence row: a passage of that project (its register row or a brief
    naming its code) and a passage of that priority, with a z-score at or above the engine's floor; a
    priority's "projects aligned" counts its cells."""
    tr = built.tr
    report = built.reports["alignment"]
    heat = report.chart("alignment_heatmap").spec
    assert isinstance(heat, Heatmap)
    evidence = report.table("evidence").records()
    assert sum(1 for row in heat.values for v in row if v is not None) == len(evidence) > 0
    per_priority: Counter[str] = Counter()
    for row in evidence:
        code = str(row[tr("rep_col_project")])
        assert float(row[tr("rep_col_z")]) >= 1.0  # type: ignore[arg-type]  # settings.retrieval.alignment_min_z
        assert row[tr("rep_col_project_passage")] and row[tr("rep_col_strategy_passage")]
        source = str(row[tr("rep_col_project_source")])
        cited = REPO / source[source.rindex("(") + 1 : -1]  # "title — section (path)"
        assert code in source or code in cited.read_text(encoding="utf-8")  # a brief naming the project
        assert cited.parent.name in ("registers", "projects")
        priority = str(row[tr("rep_col_priority")])
        assert priority in str(row[tr("rep_col_strategy_source")])
        per_priority[priority] += 1
    for row in report.table("priorities").records():
        assert row[tr("rep_col_aligned_n")] == per_priority[str(row[tr("rep_col_priority")])]


def test_alignment_entry_points_name_partners_from_the_text_and_people_from_the_register(
    built: Built, registers: SampleRegisters
) -> None:
    """Entry points are the priorities with no or weak coverage; each partner listed is written in the
    priority's own text, and each person listed is in the staff register."""
    tr = built.tr
    report = built.reports["alignment"]
    priority = tr("rep_col_priority")
    coverage = {r[priority]: r[tr("rep_col_coverage")] for r in report.table("priorities").records()}
    entries = report.table("entry_points").records()
    assert {r[priority] for r in entries} == {
        p for p, c in coverage.items() if c != tr("rep_coverage_covered")
    }
    assert any(c == tr("rep_coverage_none") for c in coverage.values())
    sections = {re.sub(r"^Priority \d+:\s*", "", h): t for h, t in _strategy_sections().items()}
    names = {r["name"] for r in registers.staff}
    named_any = False
    for row in entries:
        text = " ".join(sections[str(row[priority])].split()).lower()
        for partner in split(str(row[tr("rep_col_partners_named")]).replace("—", "")):
            forms = {partner, *re.findall(r"\((.*?)\)", partner), re.sub(r"\s*\(.*?\)", "", partner)}
            assert any(f.lower() in text for f in forms if f), (partner, row[priority])
            named_any = True
        for person in split(str(row[tr("rep_col_people_fit")]).replace("—", "")):
            assert re.sub(r"\s*\(.*\)$", "", person) in names
    assert named_any


# learning ----------------------------------------------------------------------------------------
def test_learning_counts_interests_and_unmet_questions_into_topics(
    built: Built, registers: SampleRegisters
) -> None:
    """Every declared interest of the register and every question the fixture marks "I don't know" or
    👎 is counted once, in exactly one topic; answered, liked questions are not demand; the questions
    themselves are not translated."""
    tr = built.tr
    report = built.reports["learning"]
    interests = [i for r in registers.staff for i in split(r.get("learning_interests"))]
    lines = [json.loads(x) for x in questions_file().read_text(encoding="utf-8").splitlines() if x.strip()]
    unmet = [q for q in lines if not q["answerable"] or q["feedback"] == -1]
    assert report.figure(tr("rep_fig_interests")).value == len(interests)
    assert report.figure(tr("rep_fig_unmet")).value == len(unmet)
    topics = report.table("topics").records()
    assert sum(int(str(t[tr("rep_col_interests")])) for t in topics) == len(interests)
    assert sum(int(str(t[tr("rep_col_unmet")])) for t in topics) == len(unmet)
    asked = report.table("questions").records()
    question = tr("rep_col_question")
    assert sorted(str(q[question]) for q in asked) == sorted(q["question"] for q in unmet)
    liked = {q["question"] for q in lines if q["answerable"] and q["feedback"] != -1}
    assert not liked & {str(q[question]) for q in asked}
    assert report.table("questions").as_of.date == max(q["created_at"] for q in unmet)
    reasons = {str(q[question]): str(q[tr("rep_col_why")]) for q in asked}
    for q in unmet:
        assert (tr("rep_reason_idk") in reasons[q["question"]]) == (not q["answerable"])


def test_learning_supply_counts_the_people_holding_the_fitting_areas(
    built: Built, registers: SampleRegisters
) -> None:
    """A topic's supply is the number of register people holding any of the areas listed as fitting it;
    the demand-vs-supply chart shows the table's numbers."""
    tr = built.tr
    report = built.reports["learning"]
    holders: dict[str, set[str]] = defaultdict(set)
    for row, tag, _ in registers.expertise():
        holders[tag].add(row["email"])
    topics = report.table("topics").records()
    supply = tr("rep_col_supply")
    for t in topics:
        areas = split(str(t[tr("rep_col_fitting")]).replace("—", ""))
        assert t[supply] == len(set().union(*(holders[a] for a in areas)) if areas else set())
    chart = report.chart("demand_vs_supply").spec
    assert isinstance(chart, Bars)
    assert chart.categories == [t[tr("rep_col_topic")] for t in topics[: len(chart.categories)]]
    shown = topics[: len(chart.categories)]
    assert chart.series[0].values == [float(str(t[tr("rep_col_demand")])) for t in shown]
    assert chart.series[1].values == [float(str(t[supply])) for t in shown]


def test_learning_topics_over_time_count_questions_per_month(built: Built) -> None:
    """The topics-over-time chart counts each shown topic's questions (and self-declared interests) per
    month, over the months the questions span."""
    tr = built.tr
    report = built.reports["learning"]
    lines = report.chart("topics_over_time").spec
    assert isinstance(lines, Lines)
    questions = report.table("questions").records()
    months = sorted({str(q[tr("rep_col_date")])[:7] for q in questions})
    assert lines.x == months
    for series in lines.series:
        per_month = Counter(
            str(q[tr("rep_col_date")])[:7] for q in questions if q[tr("rep_col_topic")] == series.name
        )
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


def _as_of_words(lang: str) -> str:
    """The catalogue's "Data as of {date}" without the date: the words every dated block repeats."""
    from core.messages import t

    return max(t(lang, "rep_data_as_of", date="\0").split("\0"), key=len).strip()


def test_every_block_states_the_date_of_its_data(built: Built) -> None:
    """Every figure, table and chart of every report carries a data date and says what it is, in all
    three formats, in the report's language (ISO dates in English, DD.MM.YYYY in Russian and Kyrgyz)."""
    words = _as_of_words(built.lang)
    for name, report in built.reports.items():
        blocks: list[Figure | Table | Chart] = [*report.figures, *report.tables(), *report.charts()]
        for block in blocks:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", block.as_of.date), (name, block)
            assert block.as_of.basis
        html = (built.files / f"{name}.html").read_text(encoding="utf-8")
        assert html.count(words) >= len(blocks)
        md = (built.files / f"{name}.md").read_text(encoding="utf-8")
        assert md.count(words) >= len(report.figures) + len(report.tables())
        wb = openpyxl.load_workbook(built.files / f"{name}.xlsx")
        assert [ws.title for ws in wb.worksheets] == ["summary", *(t.key for t in report.tables())]
        for table in report.tables():
            day = dt.date.fromisoformat(table.as_of.date)
            shown = day.isoformat() if built.lang == "en" else day.strftime("%d.%m.%Y")
            assert str(wb[table.key]["A2"].value).startswith(built.tr("rep_data_as_of", date=shown))
