"""(b) The portfolio: projects × digital components and thematic areas, status, budget, timeline, leads,
partners; totals by theme and status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from records.models import Person
from reports.model import Bars, Chart, Figure, Gantt, GanttItem, Heatmap, Report, Section, Series, Table
from reports.office import Office

STATUS_ORDER = ("active", "pipeline", "closed")


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _status(status: str | None) -> str:
    return (status or "unknown").strip().lower() or "unknown"


def _status_rank(status: str) -> tuple[int, str]:
    return (STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER), status)


def _who(person: Person | None) -> tuple[str | None, str | None]:
    return (person.name, person.unit) if person is not None else (None, None)


def build_portfolio(office: Office) -> Report:
    as_of = office.projects_as_of()
    projects = office.projects
    leads = {p.code: office.lead(p.code) for p in projects}
    table = Table(
        "projects",
        "Projects",
        [
            "Code",
            "Title",
            "Status",
            "Start",
            "End",
            "Budget (USD)",
            "Lead",
            "Lead unit",
            "Partners",
            "Digital components",
            "Thematic areas",
            "SDGs",
        ],
        [
            [
                p.code,
                p.title,
                _status(p.status),
                p.start,
                p.end,
                p.budget_usd,
                *_who(leads[p.code]),
                "; ".join(p.partners),
                "; ".join(p.digital_components),
                "; ".join(p.thematic_areas),
                "; ".join(p.sdgs),
            ]
            for p in projects
        ],  # fmt: skip
        as_of,
    )
    components = Table(
        "components",
        "Projects × digital components",
        ["Code", "Project", "Status", "Digital component"],
        [[p.code, p.title, _status(p.status), c] for p in projects for c in p.digital_components],
        as_of,
    )
    # themes: merged across spellings; a project counts under each of its themes
    themes: dict[str, list[str]] = defaultdict(list)
    for p in projects:
        for theme in dict.fromkeys(office.areas.canonical(t) for t in p.thematic_areas):
            themes[theme].append(p.code)
    by_code = {p.code: p for p in projects}
    theme_names = sorted(themes, key=lambda t: (-len(themes[t]), t.casefold()))
    theme_table = Table(
        "by_theme",
        "Totals by thematic area",
        ["Thematic area", "Projects", "Active", "Budget (USD)", "Codes"],
        [
            [
                t,
                len(themes[t]),
                sum(1 for c in themes[t] if _status(by_code[c].status) == "active"),
                sum(by_code[c].budget_usd or 0 for c in themes[t]),
                "; ".join(themes[t]),
            ]
            for t in theme_names
        ],  # fmt: skip
        as_of,
        note="A project with several thematic areas counts (with its whole budget) under each of them.",
    )
    statuses = sorted({_status(p.status) for p in projects}, key=_status_rank)
    status_table = Table(
        "by_status",
        "Totals by status",
        ["Status", "Projects", "Budget (USD)"],
        [
            [
                s,
                sum(1 for p in projects if _status(p.status) == s),
                sum(p.budget_usd or 0 for p in projects if _status(p.status) == s),
            ]
            for s in statuses
        ],  # fmt: skip
        as_of,
    )
    led: dict[str, list[str]] = defaultdict(list)
    for code, person in leads.items():
        if person is not None:
            led[person.key].append(code)
    people = {m.person.key: m.person for m in office.staff}
    lead_table = Table(
        "leads",
        "Project leads",
        ["Lead", "Unit", "Projects led", "Budget led (USD)", "Codes"],
        [
            [
                people[k].name,
                people[k].unit,
                len(codes),
                sum(by_code[c].budget_usd or 0 for c in codes),
                "; ".join(codes),
            ]
            for k, codes in sorted(led.items(), key=lambda kv: (-len(kv[1]), people[kv[0]].name))
        ],  # fmt: skip
        as_of,
        note="The lead is the person linked with role lead (else focal point, else member) whom the reader may see.",
    )
    partners: dict[str, list[str]] = defaultdict(list)
    spelling: dict[str, str] = {}
    for p in projects:
        for partner in p.partners:
            k = " ".join(partner.split()).casefold()
            spelling.setdefault(k, " ".join(partner.split()))
            partners[k].append(p.code)
    partner_table = Table(
        "partners",
        "Partners",
        ["Partner", "Projects", "Codes"],
        [
            [spelling[k], len(c), "; ".join(c)]
            for k, c in sorted(partners.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        as_of,
    )

    dated = [(p, _date(p.start), _date(p.end)) for p in projects]
    timeline = Chart(
        "timeline",
        "Timeline of projects",
        Gantt(
            [
                GanttItem(f"{p.code} {p.title}", s, e, _status(p.status))
                for p, s, e in dated
                if s and e and e >= s
            ],
            today=office.today,
        ),
        as_of,
        caption=f"Dashed line: the day the report was made ({office.today.isoformat()}).",
    )
    matrix = Chart(
        "projects_by_theme",
        "Projects × thematic areas",
        Heatmap(
            rows=[f"{p.code} {p.title}" for p in projects],
            cols=theme_names,
            values=[[1.0 if p.code in themes[t] else None for t in theme_names] for p in projects],
            legend={1.0: "theme of the project"},
            row_groups=[_status(p.status) for p in projects],
        ),
        as_of,
    )
    status_chart = Chart(
        "status_budget",
        "Projects and budget by status",
        Bars(
            categories=[r[0] for r in status_table.rows],  # type: ignore[misc]
            series=[
                Series("budget (USD million)", [round(float(r[2] or 0) / 1e6, 2) for r in status_table.rows])
            ],  # type: ignore[arg-type]
            value_label="USD million",
        ),
        as_of,
    )
    theme_chart = Chart(
        "themes",
        "Projects per thematic area, by status",
        Bars(
            categories=theme_names,
            series=[
                Series(
                    s,
                    [
                        float(sum(1 for c in themes[t] if _status(by_code[c].status) == s))
                        for t in theme_names
                    ],
                )
                for s in statuses
            ],
            stacked=True,
            value_label="projects",
        ),
        as_of,
    )
    total = sum(p.budget_usd or 0 for p in projects)
    figures = [
        Figure("Projects", len(projects), as_of),
        Figure("Active projects", sum(1 for p in projects if _status(p.status) == "active"), as_of),
        Figure("Total budget (USD)", total, as_of),
        Figure("Partners", len(partners), as_of),
    ]
    return Report(
        name="portfolio",
        title="Portfolio of projects with digital components",
        audience=office.audience(),
        generated="",
        as_of=as_of,
        figures=figures,
        sections=[
            Section("Projects", [table, timeline]),
            Section("Status and budget", [status_table, status_chart]),
            Section("Thematic areas", [theme_table, theme_chart, matrix]),
            Section("Digital components", [components]),
            Section("Leads and partners", [lead_table, partner_table]),
        ],
        extra={"themes": themes},
    )
