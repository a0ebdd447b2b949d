"""(b) The portfolio: projects × digital components and thematic areas, status, budget, timeline, leads,
partners; totals by theme and status."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from records.models import Person, Project
from reports import i18n
from reports.i18n import as_date
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
    tr = office.tr
    as_of = office.projects_as_of()
    projects = office.projects
    leads = {p.code: office.lead(p.code) for p in projects}

    def status(p: Project) -> str:
        """The project's status in the reader's language (one the catalogue does not know stays as written)."""
        s = _status(p.status)
        return tr(f"rep_status_{s}") if s in (*STATUS_ORDER, "unknown") else s

    table = Table(
        "projects",
        tr("rep_pf_projects"),
        [
            tr(k)
            for k in (
                "rep_col_code",
                "rep_col_title",
                "rep_col_status",
                "rep_col_start",
                "rep_col_end",
                "rep_col_budget",
                "rep_col_lead",
                "rep_col_lead_unit",
                "rep_col_partners",
                "rep_col_components",
                "rep_col_themes",
                "rep_col_sdgs",
            )
        ],
        [
            [
                p.code,
                p.title,
                status(p),
                as_date(p.start),
                as_date(p.end),
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
        tr("rep_pf_components"),
        [tr("rep_col_code"), tr("rep_col_project"), tr("rep_col_status"), tr("rep_col_component")],
        [[p.code, p.title, status(p), c] for p in projects for c in p.digital_components],
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
        tr("rep_pf_by_theme"),
        [
            tr(k)
            for k in (
                "rep_col_theme",
                "rep_col_projects",
                "rep_col_active",
                "rep_col_budget",
                "rep_col_codes",
            )
        ],
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
        note=tr("rep_pf_by_theme_note"),
    )
    statuses = sorted({_status(p.status) for p in projects}, key=_status_rank)
    shown = {_status(p.status): status(p) for p in projects}
    status_table = Table(
        "by_status",
        tr("rep_pf_by_status"),
        [tr("rep_col_status"), tr("rep_col_projects"), tr("rep_col_budget")],
        [
            [
                shown[s],
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
        tr("rep_pf_leads"),
        [
            tr(k)
            for k in (
                "rep_col_lead",
                "rep_col_unit",
                "rep_col_projects_led",
                "rep_col_budget_led",
                "rep_col_codes",
            )
        ],
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
        note=tr("rep_pf_leads_note"),
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
        tr("rep_pf_partners"),
        [tr("rep_col_partner"), tr("rep_col_projects"), tr("rep_col_codes")],
        [
            [spelling[k], len(c), "; ".join(c)]
            for k, c in sorted(partners.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        as_of,
    )

    dated = [(p, _date(p.start), _date(p.end)) for p in projects]
    timeline = Chart(
        "timeline",
        tr("rep_pf_timeline"),
        Gantt(
            [GanttItem(f"{p.code} {p.title}", s, e, status(p)) for p, s, e in dated if s and e and e >= s],
            today=office.today,
        ),
        as_of,
        caption=tr("rep_pf_timeline_caption", date=i18n.date(office.today, office.language)),
    )
    matrix = Chart(
        "projects_by_theme",
        tr("rep_pf_matrix"),
        Heatmap(
            rows=[f"{p.code} {p.title}" for p in projects],
            cols=theme_names,
            values=[[1.0 if p.code in themes[t] else None for t in theme_names] for p in projects],
            legend={1.0: tr("rep_pf_matrix_legend")},
            row_groups=[status(p) for p in projects],
        ),
        as_of,
    )
    status_chart = Chart(
        "status_budget",
        tr("rep_pf_status_chart"),
        Bars(
            categories=[str(r[0]) for r in status_table.rows],
            series=[
                Series(
                    tr("rep_pf_budget_series"),
                    [round(float(r[2] or 0) / 1e6, 2) for r in status_table.rows],  # type: ignore[arg-type]
                )
            ],
            value_label=tr("rep_unit_usd_million"),
        ),
        as_of,
    )
    theme_chart = Chart(
        "themes",
        tr("rep_pf_theme_chart"),
        Bars(
            categories=theme_names,
            series=[
                Series(
                    shown[s],
                    [
                        float(sum(1 for c in themes[t] if _status(by_code[c].status) == s))
                        for t in theme_names
                    ],
                )
                for s in statuses
            ],
            stacked=True,
            value_label=tr("rep_unit_projects"),
        ),
        as_of,
    )
    total = sum(p.budget_usd or 0 for p in projects)
    figures = [
        Figure(tr("rep_fig_projects"), len(projects), as_of),
        Figure(tr("rep_fig_active"), sum(1 for p in projects if _status(p.status) == "active"), as_of),
        Figure(tr("rep_fig_budget"), total, as_of),
        Figure(tr("rep_fig_partners"), len(partners), as_of),
    ]
    return Report(
        name="portfolio",
        title=tr("rep_title_portfolio"),
        audience=office.audience(),
        generated="",
        as_of=as_of,
        figures=figures,
        sections=[
            Section(tr("rep_sec_projects"), [table, timeline]),
            Section(tr("rep_sec_status"), [status_table, status_chart]),
            Section(tr("rep_sec_themes"), [theme_table, theme_chart, matrix]),
            Section(tr("rep_sec_components"), [components]),
            Section(tr("rep_sec_leads"), [lead_table, partner_table]),
        ],
        extra={"themes": themes},
        language=office.language,
    )
