"""Deterministic (extractive) answers composed from retrieved records, in English, Russian or Kyrgyz."""

from __future__ import annotations

import re
from pathlib import Path

from core.messages import t
from core.types import Citation, Contact, Hit
from retrieval.experts import Expert
from retrieval.projects import Commitment, Gap, ProjectMatch


def display_source(source: str) -> str:
    """A source path relative to the working directory when it lies inside it."""
    try:
        return str(Path(source).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return source


class CitationList:
    """Numbers sources in order of first use; the same chunk/document keeps its number."""

    def __init__(self) -> None:
        self.items: list[Citation] = []
        self._keys: dict[str, int] = {}

    def cite(self, hit: Hit) -> int:
        m = hit.metadata
        key = f"{m.get('doc_id', hit.source)}|{m.get('person', '')}|{m.get('project', '')}|{m.get('section', '')}"
        if key not in self._keys:
            title = hit.title
            if m.get("section") and m.get("section") != title:
                title = f"{title} — {str(m['section']).split(' > ')[-1]}"
            n = len(self.items) + 1
            self.items.append(
                Citation(
                    n=n,
                    title=title,
                    source=display_source(hit.source),
                    date=m.get("date") and str(m["date"]),
                    url=m.get("url") and str(m["url"]),
                    access=str(m.get("access", "internal")),
                )
            )
            self._keys[key] = n
        return self._keys[key]


def excerpt(text: str, limit: int = 320) -> str:
    """The passage body (without the context header), trimmed at a sentence or word boundary."""
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text
    body = re.sub(r"\s+", " ", body).strip()
    if len(body) <= limit:
        return body
    cut = body[:limit]
    stop = max(cut.rfind(". "), cut.rfind("; "))
    return (cut[: stop + 1] if stop > limit * 0.5 else cut[: cut.rfind(" ")]) + " …"


def contact_line(c: Contact) -> str:
    return ", ".join(x for x in (c.email, c.telegram) if x)


def to_contact(expert: Expert) -> Contact:
    p = expert.person
    return Contact(name=p.name, email=p.email, telegram=p.telegram, title=p.title, unit=p.unit)


def experts_text(lang: str, topic: str, experts: list[Expert], cites: CitationList) -> str:
    if not experts:
        return t(lang, "no_experts", topic=topic)
    lines = [t(lang, "experts", topic=topic)]
    for i, e in enumerate(experts, 1):
        p = e.person
        role = ", ".join(x for x in (p.title, p.unit) if x)
        lines.append(f"{i}. {p.name}" + (f" — {role}" if role else ""))
        ev = []
        for item in e.evidence[:3]:
            ref = f" [{cites.cite(item.hit)}]" if item.hit is not None else ""
            ev.append(f"{item.title} ({item.role}){ref}")
        if ev:
            lines.append(f"   {t(lang, 'evidence')}: " + "; ".join(ev))
        contact = contact_line(to_contact(e))
        if contact:
            lines.append(f"   {t(lang, 'contact')}: {contact}")
    return "\n".join(lines)


def projects_text(lang: str, topic: str, matches: list[ProjectMatch], cites: CitationList) -> str:
    if not matches:
        return t(lang, "no_projects", topic=topic)
    lines = [t(lang, "projects", topic=topic)]
    for i, m in enumerate(matches, 1):
        p = m.project
        refs = "".join(f" [{cites.cite(h)}]" for h in m.why[:1])
        lines.append(f"{i}. {p.code} — {p.title} ({t(lang, 'status')}: {p.status or '?'}){refs}")
        if p.digital_components:
            lines.append(f"   {t(lang, 'digital')}: " + "; ".join(p.digital_components))
        if m.lead:
            lines.append(
                f"   {t(lang, 'lead')}: {m.lead.name}" + (f" ({m.lead.email})" if m.lead.email else "")
            )
    return "\n".join(lines)


def passages_text(lang: str, hits: list[Hit], cites: CitationList, *, limit: int = 3) -> str:
    lines = [t(lang, "passages")]
    for hit in hits[:limit]:
        lines.append(f"• {excerpt(hit.text)} [{cites.cite(hit)}]")
    return "\n".join(lines)


def alignment_text(
    lang: str, code: str, title: str, commitments: list[Commitment], cites: CitationList
) -> str:
    if not commitments:
        return t(lang, "align_none", code=code)
    lines = [t(lang, "align", code=code, title=title)]
    for c in commitments:
        lines.append(f"• {c.strategy} — {c.section.split(' > ')[-1]}")
        lines.append(
            f"   {t(lang, 'strategy_says')}: {excerpt(c.strategy_hit.text, 220)} [{cites.cite(c.strategy_hit)}]"
        )
        if c.project_hit is not None:
            lines.append(
                f"   {t(lang, 'project_says')}: {excerpt(c.project_hit.text, 220)} [{cites.cite(c.project_hit)}]"
            )
    return "\n".join(lines)


def gaps_text(lang: str, gaps: list[Gap], cites: CitationList) -> str:
    if not gaps:
        return t(lang, "no_gaps")
    lines = [t(lang, "gaps")]
    for g in gaps:
        closest = (
            f" ({t(lang, 'closest')}: {g.closest_project}, z={g.best_score:.1f})" if g.closest_project else ""
        )
        lines.append(f"• {g.strategy} — {g.section.split(' > ')[-1]} [{cites.cite(g.strategy_hit)}]{closest}")
    return "\n".join(lines)
