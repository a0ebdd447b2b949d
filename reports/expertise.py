"""(a) The expertise map: people × areas by level, coverage per area, single points of failure, and the
areas projects and strategies need that nobody has (:mod:`reports.needs`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reports import i18n
from reports import needs as needs_
from reports.model import Bars, Chart, Figure, Heatmap, Report, Section, Series, Table
from reports.office import LEVELS, Office
from reports.priorities import Priority

LEVEL_VALUE = {level: i + 1 for i, level in enumerate(LEVELS)}  # basic 1 … expert 4; unstated 0
SENIOR = ("advanced", "expert")
SHOWN_LEVELS = ("expert", "advanced", "intermediate", "basic", "unstated")


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


def needed_areas(office: Office, priorities: list[Priority]) -> list[needs_.Need]:
    """Every area the portfolio's themes and the strategy priorities name, with what in
    the office matches it (:mod:`reports.needs`)."""
    held = {s.label: s.area for m in office.staff for s in m.skills}
    return needs_.match(
        needs_.candidates(office.projects, priorities, office.areas),
        held,
        areas=office.areas,
        embedder=office.kb.embedder,
        min_z=office.settings.reports.need_match_z,
    )


def build_expertise(office: Office, priorities: list[Priority]) -> Report:
    tr = office.tr
    as_of = office.people_as_of()
    cov = coverage(office)
    areas = sorted(cov, key=lambda a: (-cov[a].people, a.casefold()))
    people = sorted((m for m in office.staff if m.skills), key=lambda m: (m.unit, m.person.name))
    level_name = {lv: tr(f"rep_level_{lv}") for lv in SHOWN_LEVELS}

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
                source = tr("rep_source_declared" if skill.source == "declared" else "rep_source_register")
                level = level_name.get(skill.level or "", skill.level) or level_name["unstated"]
                tips[(i, j)] = tr(
                    "rep_exp_tip", name=m.person.name, area=skill.label, level=level, source=source
                )
        values.append(row)
    heat = Chart(
        "expertise_heatmap",
        tr("rep_exp_heatmap"),
        Heatmap(
            rows=[m.person.name for m in people],
            cols=areas,
            values=values,
            legend={0.0: level_name["unstated"], **{float(v): level_name[k] for k, v in LEVEL_VALUE.items()}},
            tips=tips,
            row_groups=[m.unit for m in people],
            value_label=tr("rep_exp_level"),
        ),
        as_of,
        caption=tr("rep_exp_heatmap_caption"),
    )
    shown_levels = [lv for lv in SHOWN_LEVELS if any(cov[a].by_level[lv] for a in areas)]
    bars = Chart(
        "coverage_by_level",
        tr("rep_exp_bars"),
        Bars(
            categories=areas,
            series=[
                Series(level_name[lv], [float(cov[a].by_level[lv]) for a in areas]) for lv in shown_levels
            ],
            stacked=True,
            value_label=tr("rep_unit_people"),
        ),
        as_of,
    )
    coverage_table = Table(
        "coverage",
        tr("rep_exp_coverage"),
        [tr(k) for k in ("rep_col_area", "rep_col_expert", "rep_col_advanced", "rep_col_intermediate",
                         "rep_col_basic", "rep_col_unstated", "rep_col_people", "rep_col_units")],
        [
            [
                a,
                *(cov[a].by_level[lv] for lv in SHOWN_LEVELS),
                cov[a].people,
                "; ".join(f"{u} ({n})" for u, n in sorted(cov[a].units.items())),
            ]
            for a in areas
        ],
        as_of,
    )  # fmt: skip
    spof = [a for a in areas if len(cov[a].senior) <= 1]
    spof_table = Table(
        "single_points",
        tr("rep_exp_spof"),
        [tr("rep_col_area"), tr("rep_col_senior"), tr("rep_col_who"), tr("rep_col_any_level")],
        [[a, len(cov[a].senior), "; ".join(cov[a].senior) or "—", cov[a].people] for a in spof],
        as_of,
    )
    needed = needed_areas(office, priorities)
    gaps = sorted((n for n in needed if not n.covered), key=lambda n: n.area.casefold())
    gaps_as_of = office.combined(as_of, office.projects_as_of(), office.strategies_as_of())
    gap_table = Table(
        "nobody",
        tr("rep_exp_gaps"),
        [tr(k) for k in ("rep_col_area", "rep_col_named_by", "rep_col_where", "rep_col_closest",
                         "rep_col_closest_z")],
        [
            [n.area, "; ".join(tr(f"rep_kind_{k}") for k in n.kinds), "; ".join(n.where), n.closest or None,
             n.closest_z]
            for n in gaps
        ],
        gaps_as_of,
        note=tr("rep_exp_gaps_note", z=i18n.short_number(office.settings.reports.need_match_z, office.language)),
    )  # fmt: skip
    figures = [
        Figure(tr("rep_fig_people_expertise"), len(people), as_of),
        Figure(tr("rep_fig_areas"), len(areas), as_of),
        Figure(tr("rep_fig_spof"), len(spof), as_of),
        Figure(tr("rep_fig_gaps"), len(gaps), gaps_as_of),
    ]
    return Report(
        name="expertise",
        title=tr("rep_title_expertise"),
        audience=office.audience(),
        generated="",
        as_of=gaps_as_of,
        figures=figures,
        sections=[
            Section(tr("rep_sec_who"), [heat, bars]),
            Section(tr("rep_exp_coverage"), [coverage_table]),
            Section(tr("rep_fig_spof"), [spof_table]),
            Section(tr("rep_sec_gaps"), [gap_table]),
        ],
        notes=[tr("rep_exp_note_levels"), tr("rep_exp_note_merged")],
        extra={"coverage": cov, "spof": spof, "gaps": gaps, "needed": needed},
        language=office.language,
    )
