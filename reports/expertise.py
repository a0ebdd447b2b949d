"""(a) The expertise map: people × areas by level, coverage per area, single points of failure, and the
areas projects and strategies need that nobody has."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from reports.model import Bars, Chart, Figure, Heatmap, Report, Section, Series, Table
from reports.office import LEVELS, Office
from reports.priorities import Priority

LEVEL_VALUE = {level: i + 1 for i, level in enumerate(LEVELS)}  # basic 1 … expert 4; unstated 0
SENIOR = ("advanced", "expert")


@dataclass
class AreaCoverage:
    area: str
    by_level: Counter[str] = field(default_factory=Counter)  # level (or "unstated") → people
    units: Counter[str] = field(default_factory=Counter)
    senior: list[str] = field(default_factory=list)  # names at advanced or above

    @property
    def people(self) -> int:
        return sum(self.by_level.values())


def coverage(office: Office) -> dict[str, AreaCoverage]:
    """Per area, each person counted once at their highest level for it."""
    best: dict[tuple[str, str], str] = {}
    member = {m.person.key: m for m in office.staff}
    for m in office.staff:
        for skill in m.skills:
            level = skill.level if skill.level in LEVEL_VALUE else "unstated"
            k = (skill.area, m.person.key)
            if k not in best or LEVEL_VALUE.get(level, 0) > LEVEL_VALUE.get(best[k], 0):
                best[k] = level
    out: dict[str, AreaCoverage] = {}
    for (area, key), level in sorted(best.items()):
        cov = out.setdefault(area, AreaCoverage(area))
        cov.by_level[level] += 1
        cov.units[member[key].unit] += 1
        if level in SENIOR:
            cov.senior.append(member[key].person.name)
    return out


def needed_areas(office: Office, priorities: list[Priority]) -> dict[str, list[str]]:
    """Areas the portfolio and the strategies name: project themes (→ project codes) and strategy
    priorities (→ strategy titles)."""
    needed: dict[str, list[str]] = defaultdict(list)
    for p in office.projects:
        for theme in p.thematic_areas:
            needed[office.areas.canonical(theme)].append(p.code)
    for prio in priorities:
        needed[prio.name].append(prio.strategy)
    return needed


def build_expertise(office: Office, priorities: list[Priority]) -> Report:
    as_of = office.people_as_of()
    cov = coverage(office)
    areas = sorted(cov, key=lambda a: (-cov[a].people, a.casefold()))
    people = sorted((m for m in office.staff if m.skills), key=lambda m: (m.unit, m.person.name))

    index = {a: j for j, a in enumerate(areas)}
    values: list[list[float | None]] = []
    tips: dict[tuple[int, int], str] = {}
    for i, m in enumerate(people):
        row: list[float | None] = [None] * len(areas)
        for skill in m.skills:
            j = index[skill.area]
            v = float(LEVEL_VALUE.get(skill.level or "", 0))
            if row[j] is None or v > (row[j] or 0):
                row[j] = v
                where = "self-declared" if skill.source == "declared" else "register"
                tips[(i, j)] = (
                    f"{m.person.name} — {skill.label}: {skill.level or 'level not stated'} ({where})"
                )
        values.append(row)
    heat = Chart(
        "expertise_heatmap",
        "People × expertise areas, by level",
        Heatmap(
            rows=[m.person.name for m in people],
            cols=areas,
            values=values,
            legend={0.0: "unstated", **{float(v): k for k, v in LEVEL_VALUE.items()}},
            tips=tips,
            row_groups=[m.unit for m in people],
            value_label="Level",
        ),
        as_of,
        caption="Rows grouped by unit; hover a cell for the level and where it was declared.",
    )
    shown_levels = [lv for lv in ("expert", "advanced", "intermediate", "basic", "unstated")
                    if any(cov[a].by_level[lv] for a in areas)]  # fmt: skip
    bars = Chart(
        "coverage_by_level",
        "People per expertise area, by level",
        Bars(
            categories=areas,
            series=[Series(lv, [float(cov[a].by_level[lv]) for a in areas]) for lv in shown_levels],
            stacked=True,
            value_label="people",
        ),
        as_of,
    )
    coverage_table = Table(
        "coverage",
        "Coverage per area",
        ["Area", "Expert", "Advanced", "Intermediate", "Basic", "Level not stated", "People", "Units"],
        [
            [
                a,
                *(cov[a].by_level[lv] for lv in ("expert", "advanced", "intermediate", "basic", "unstated")),
                cov[a].people,
                "; ".join(f"{u} ({n})" for u, n in sorted(cov[a].units.items())),
            ]
            for a in areas
        ],  # fmt: skip
        as_of,
    )
    spof = [a for a in areas if len(cov[a].senior) <= 1]
    spof_table = Table(
        "single_points",
        "Single points of failure (at most one person at advanced level or above)",
        ["Area", "People at advanced or above", "Who", "People at any level"],
        [[a, len(cov[a].senior), "; ".join(cov[a].senior) or "—", cov[a].people] for a in spof],
        as_of,
    )
    supply = list(cov)
    needed = needed_areas(office, priorities)
    gaps = [(area, where) for area, where in needed.items() if not office.areas.fit(area, supply)]
    gaps_as_of = office.combined(as_of, office.projects_as_of(), office.strategies_as_of())
    gap_table = Table(
        "nobody",
        "Areas that projects and strategies name but nobody has",
        ["Area", "Named by", "Where"],
        [
            [
                area,
                "strategy priority" if area in {p.name for p in priorities} else "project theme",
                "; ".join(sorted(set(where))),
            ]
            for area, where in sorted(gaps, key=lambda g: g[0].casefold())
        ],  # fmt: skip
        gaps_as_of,
        note="An area counts as covered when someone's area shares a distinctive word with it or is the "
        "same area across languages and spellings.",
    )
    figures = [
        Figure("People with declared expertise", len(people), as_of),
        Figure("Expertise areas", len(areas), as_of),
        Figure("Single points of failure", len(spof), as_of),
        Figure("Needed areas nobody has", len(gaps), gaps_as_of),
    ]
    return Report(
        name="expertise",
        title="Expertise map",
        audience=office.audience(),
        generated="",
        as_of=gaps_as_of,
        figures=figures,
        sections=[
            Section("Who knows what", [heat, bars]),
            Section("Coverage per area", [coverage_table]),
            Section("Single points of failure", [spof_table]),
            Section("Needed but missing", [gap_table]),
        ],
        notes=[
            "Levels come from the staff register and from what people declared themselves (/profile); a "
            "declared level replaces the register's for the same area.",
            "Areas are merged across languages and spellings (reports/areas.py).",
        ],
        extra={"coverage": cov, "spof": spof, "gaps": gaps},
    )
