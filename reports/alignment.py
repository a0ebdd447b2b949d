"""(c, d) Alignment: projects × strategy priorities, each cell backed by a cited passage from both sides
(the engine's ``align_project``), and entry points — priorities with no or weak coverage, with the partners
the strategy names and the people whose expertise fits (the engine's expert finding)."""

from __future__ import annotations

from collections import defaultdict

from core.types import Hit
from reports import i18n
from reports.i18n import as_date
from reports.model import Cell, Chart, Figure, Heatmap, Report, Section, Table
from reports.office import Office
from reports.priorities import Priority, organisations_named
from retrieval.compose import display_source, excerpt
from retrieval.projects import Commitment, align_project, strategy_gaps


def _cite(hit: Hit | None) -> str:
    if hit is None:
        return ""
    where = display_source(hit.source)
    section = str(hit.metadata.get("section", "")).split(" > ")[-1]
    return f"{hit.title} — {section} ({where})" if section else f"{hit.title} ({where})"


def _body(hit: Hit | None, chars: int = 300) -> str:
    return "" if hit is None else excerpt(hit.text, chars)  # the chunk body, without its context header


def alignment_cells(
    office: Office, priorities: list[Priority]
) -> dict[tuple[str, tuple[str, str]], Commitment]:
    """(project code, priority key) → the commitment backing the cell: ``align_project``'s strategy sections
    (relative z floor ``alignment_min_z``), limited to priorities, the best ``alignment_per_strategy`` per
    project and strategy."""
    keys = {p.key for p in priorities}
    per_strategy = office.settings.reports.alignment_per_strategy
    cells: dict[tuple[str, tuple[str, str]], Commitment] = {}
    for project in office.projects:
        kept: dict[str, int] = defaultdict(int)
        for c in align_project(office.kb, project, per_strategy=max(1, len(priorities))):
            key = (c.strategy, c.section)
            if key in keys and kept[c.strategy] < per_strategy:
                kept[c.strategy] += 1
                cells[(project.code, key)] = c
    return cells


def build_alignment(office: Office, priorities: list[Priority]) -> Report:
    tr = office.tr
    cfg = office.settings.reports
    as_of = office.combined(office.strategies_as_of(), office.projects_as_of())
    cells = alignment_cells(office, priorities)
    codes = [p.code for p in office.projects]
    titles = {p.code: p.title for p in office.projects}
    by_priority: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, key in cells:
        by_priority[key].append(code)

    values: list[list[float | None]] = []
    tips: dict[tuple[int, int], str] = {}
    for i, prio in enumerate(priorities):
        row: list[float | None] = []
        for j, code in enumerate(codes):
            c = cells.get((code, prio.key))
            row.append(None if c is None else round(c.score, 2))
            if c is not None:
                tips[(i, j)] = tr(
                    "rep_al_tip",
                    code=code,
                    priority=prio.name,
                    z=i18n.number(round(c.score, 2), office.language),
                    declared=tr("rep_al_declared") if c.declared else "",
                    project=_body(c.project_hit, 160),
                    project_source=_cite(c.project_hit),
                    strategy=_body(c.strategy_hit, 160),
                    strategy_source=_cite(c.strategy_hit),
                )
        values.append(row)
    heat = Chart(
        "alignment_heatmap",
        tr("rep_al_heatmap"),
        Heatmap(
            rows=[p.name for p in priorities],
            cols=codes,
            values=values,
            tips=tips,
            row_groups=[p.strategy for p in priorities],
            value_label=tr("rep_al_value"),
        ),
        as_of,
        caption=tr("rep_al_heatmap_caption"),
    )
    evidence = Table(
        "evidence",
        tr("rep_al_evidence"),
        [
            tr(k)
            for k in (
                "rep_col_project",
                "rep_col_strategy",
                "rep_col_priority",
                "rep_col_z",
                "rep_col_declared",
                "rep_col_project_passage",
                "rep_col_project_source",
                "rep_col_strategy_passage",
                "rep_col_strategy_source",
            )
        ],
        [
            [
                code,
                key[0],
                next(p.name for p in priorities if p.key == key),
                round(c.score, 2),
                tr("rep_yes" if c.declared else "rep_no"),
                _body(c.project_hit),
                _cite(c.project_hit),
                _body(c.strategy_hit),
                _cite(c.strategy_hit),
            ]
            for (code, key), c in sorted(cells.items(), key=lambda kv: (kv[0][0], -kv[1].score))
        ],  # fmt: skip
        as_of,
    )
    gaps = {(g.strategy, g.section) for g in strategy_gaps(office.kb)}

    def coverage(prio: Priority) -> str:
        n = len(by_priority.get(prio.key, []))
        if n == 0 or (prio.key in gaps and n <= cfg.weak_coverage_projects):
            return "none"
        return "weak" if n <= cfg.weak_coverage_projects else "covered"

    prio_table = Table(
        "priorities",
        tr("rep_al_priorities"),
        [
            tr(k)
            for k in (
                "rep_col_strategy",
                "rep_col_priority",
                "rep_col_strategy_date",
                "rep_col_aligned_n",
                "rep_col_codes",
                "rep_col_coverage",
            )
        ],
        [
            [
                p.strategy,
                p.name,
                as_date(p.date),
                len(by_priority.get(p.key, [])),
                "; ".join(sorted(by_priority.get(p.key, []))),
                tr(f"rep_coverage_{coverage(p)}"),
            ]
            for p in priorities
        ],  # fmt: skip
        office.strategies_as_of(),
    )
    known = sorted({partner for p in office.projects for partner in p.partners})
    entries = [p for p in priorities if coverage(p) != "covered"]
    rows: list[list[Cell]] = []
    for prio in entries:
        experts = office.engine.expert_results(prio.name, k=cfg.entry_point_people)
        people = "; ".join(f"{e.person.name} ({e.person.unit or '—'})" for e in experts)
        aligned = by_priority.get(prio.key, [])
        rows.append(
            [prio.strategy, prio.name, tr(f"rep_coverage_{coverage(prio)}"), "; ".join(f"{c} {titles[c]}" for c in aligned) or "—",
             "; ".join(organisations_named(prio.text, known)) or "—", people or "—", _body_text(prio.text)]
        )  # fmt: skip
    entry_as_of = office.combined(as_of, office.people_as_of())
    entry_table = Table(
        "entry_points",
        tr("rep_al_entries"),
        [
            tr(k)
            for k in (
                "rep_col_strategy",
                "rep_col_priority",
                "rep_col_coverage",
                "rep_col_aligned",
                "rep_col_partners_named",
                "rep_col_people_fit",
                "rep_col_says",
            )
        ],
        rows,
        entry_as_of,
        note=tr("rep_al_entries_note"),
    )
    aligned_projects = {code for code, _ in cells}
    uncovered = sum(1 for p in priorities if coverage(p) == "none")
    figures = [
        Figure(tr("rep_fig_priorities"), len(priorities), office.strategies_as_of()),
        Figure(tr("rep_fig_aligned"), len(aligned_projects), as_of),
        Figure(tr("rep_fig_uncovered"), uncovered, as_of),
        Figure(tr("rep_fig_entries"), len(entries), entry_as_of),
    ]
    min_z = i18n.short_number(office.settings.retrieval.alignment_min_z, office.language)
    return Report(
        name="alignment",
        title=tr("rep_title_alignment"),
        audience=office.audience(),
        generated="",
        as_of=entry_as_of,
        figures=figures,
        sections=[
            Section(tr("rep_sec_alignment"), [heat, prio_table]),
            Section(tr("rep_sec_entries"), [entry_table]),
            Section(tr("rep_sec_evidence"), [evidence]),
        ],
        notes=[
            tr("rep_al_note_priorities"),
            tr("rep_al_note_cells", z=min_z, n=cfg.alignment_per_strategy),
        ],
        extra={"cells": cells, "coverage": {p.key: coverage(p) for p in priorities}, "entries": entries},
        language=office.language,
    )


def _body_text(text: str, chars: int = 240) -> str:
    """Plain text (not a chunk: no context header) trimmed at a word boundary."""
    flat = " ".join(text.split())
    return flat if len(flat) <= chars else flat[: flat.rfind(" ", 0, chars)] + " …"
