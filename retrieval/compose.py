"""Deterministic (extractive) answers composed from retrieved records, in English, Russian or Kyrgyz."""

from __future__ import annotations

import re
from pathlib import Path

from retrieval.experts import Expert
from retrieval.projects import Commitment, Gap, ProjectMatch
from retrieval.types import Citation, Contact, Hit

T: dict[str, dict[str, str]] = {
    "en": {
        "extractive": "Extractive answer (no language model configured): quoted from the sources below.",
        "experts": "People who know about “{topic}”, ranked by evidence:",
        "no_experts": "I found nobody in the register with evidence on “{topic}”.",
        "projects": "Projects matching “{topic}”:",
        "no_projects": "I found no project in the portfolio matching “{topic}”.",
        "background": "Background:",
        "passages": "Most relevant passages:",
        "align": "How {code} “{title}” supports the strategies:",
        "align_none": "I could not find strategy commitments that {code} clearly supports.",
        "no_project": "I don't know a project called “{q}”. Check the project code, or search projects by topic.",
        "gaps": "Strategy priorities with no clearly supporting project in the portfolio:",
        "no_gaps": "Every strategy priority has at least one supporting project.",
        "idk": "I don't know — the knowledge base has nothing reliable on this.",
        "ask": "Ask {who}.",
        "ask_tf": "Ask the Digital Task Force.",
        "evidence": "Evidence",
        "contact": "Contact",
        "lead": "lead",
        "status": "status",
        "digital": "digital components",
        "project_says": "project",
        "strategy_says": "strategy",
        "closest": "closest project",
        "llm_down": "The language model is unavailable right now, so this is an extractive answer.",
    },
    "ru": {
        "extractive": "Извлечённый ответ (языковая модель не подключена): цитаты из источников ниже.",
        "experts": "Кто разбирается в теме «{topic}» (по убыванию доказательств):",
        "no_experts": "В реестре нет сотрудников с подтверждённым опытом по теме «{topic}».",
        "projects": "Проекты по теме «{topic}»:",
        "no_projects": "В портфеле нет проектов по теме «{topic}».",
        "background": "Справка:",
        "passages": "Наиболее релевантные фрагменты:",
        "align": "Как {code} «{title}» поддерживает стратегии:",
        "align_none": "Не удалось найти положения стратегий, которые {code} явно поддерживает.",
        "no_project": "Проект «{q}» не найден. Укажите код проекта.",
        "gaps": "Приоритеты стратегий без поддерживающих проектов в портфеле:",
        "no_gaps": "У каждого приоритета есть хотя бы один проект.",
        "idk": "Не знаю — в базе знаний нет надёжной информации об этом.",
        "ask": "Обратитесь к: {who}.",
        "ask_tf": "Обратитесь в Цифровую рабочую группу.",
        "evidence": "Основания",
        "contact": "Контакты",
        "lead": "руководитель",
        "status": "статус",
        "digital": "цифровые компоненты",
        "project_says": "проект",
        "strategy_says": "стратегия",
        "closest": "ближайший проект",
        "llm_down": "Языковая модель сейчас недоступна, поэтому ответ извлечён из источников.",
    },
    "ky": {
        "extractive": "Алынган жооп (тил модели туташтырылган эмес): төмөнкү булактардан цитаталар.",
        "experts": "«{topic}» боюнча ким билет (далилдер боюнча):",
        "no_experts": "Реестрде «{topic}» боюнча тажрыйбасы бар кызматкер табылган жок.",
        "projects": "«{topic}» боюнча долбоорлор:",
        "no_projects": "Портфелде «{topic}» боюнча долбоор табылган жок.",
        "background": "Маалымат:",
        "passages": "Эң ылайыктуу үзүндүлөр:",
        "align": "{code} «{title}» стратегияларды кантип колдойт:",
        "align_none": "{code} ачык колдогон стратегиялык милдеттенмелер табылган жок.",
        "no_project": "«{q}» долбоору табылган жок. Долбоордун кодун жазыңыз.",
        "gaps": "Портфелде колдоочу долбоору жок стратегиялык артыкчылыктар:",
        "no_gaps": "Ар бир артыкчылыкта жок дегенде бир долбоор бар.",
        "idk": "Билбейм — билим базасында бул тууралуу ишенимдүү маалымат жок.",
        "ask": "{who} менен байланышыңыз.",
        "ask_tf": "Санариптик жумушчу топко кайрылыңыз.",
        "evidence": "Далилдер",
        "contact": "Байланыш",
        "lead": "жетекчи",
        "status": "абалы",
        "digital": "санариптик компоненттер",
        "project_says": "долбоор",
        "strategy_says": "стратегия",
        "closest": "эң жакын долбоор",
        "llm_down": "Тил модели азыр жеткиликсиз, ошондуктан жооп булактардан алынды.",
    },
}


def t(language: str, key: str, **kw: str) -> str:
    return T.get(language, T["en"])[key].format(**kw)


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
