"""Strategy priorities (the headed sections of the ingested strategy documents) and the organisations a
priority's text names.

A priority is a section of a ``doc_type: strategy`` document as the chunker recorded it (chunk metadata
``section``, the heading path), kept when ``retrieval.projects.is_priority`` says so — the rule the engine's
``strategy_gaps`` uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.knowledge_base import KnowledgeBase
from retrieval.projects import is_priority

_NUMBERING = re.compile(r"^\s*(?:priority|pillar|goal|objective|area)?\s*[\dIVX]+[.:)]\s*", re.IGNORECASE)
# organisation nouns: a capitalised multiword name containing one of them is taken for an organisation
_ORG_WORDS = {
    "ministry", "agency", "commission", "committee", "council", "service", "bank", "university", "centre",
    "center", "department", "office", "union", "association", "foundation", "fund", "institute", "authority",
    "parliament", "chamber", "academy", "broadcaster", "corporation", "organisation", "organization",
    "network", "alliance", "partnership", "programme", "program", "court", "inspectorate", "administration",
}  # fmt: skip
_CONNECTORS = r"(?:of|on|for|and|the|de|la|del|für)"
_CAP_NAME = re.compile(rf"\b[A-Z][\w'’-]+(?:\s+(?:{_CONNECTORS}\s+)*[A-Z][\w'’-]+)+")


@dataclass
class Priority:
    strategy: str  # the strategy document's title
    section: str  # the full heading path (chunk metadata ``section``)
    doc_id: str
    text: str = ""  # the section's text (chunk bodies, without their context headers)
    chunk_ids: list[str] = field(default_factory=list)
    date: str | None = None  # the strategy document's own date (front matter)

    @property
    def heading(self) -> str:
        return self.section.split(" > ")[-1]

    @property
    def name(self) -> str:
        """The heading without its numbering ("Priority 3: Connectivity…" → "Connectivity…")."""
        return _NUMBERING.sub("", self.heading).strip() or self.heading

    @property
    def key(self) -> tuple[str, str]:
        return (self.strategy, self.section)


def strategy_priorities(kb: KnowledgeBase) -> list[Priority]:
    """The priorities of the strategy documents ``kb`` (a scoped view) may read, in document order."""
    got = kb.store.get_where({"doc_type": "strategy"})
    found: dict[tuple[str, str], Priority] = {}
    rows = sorted(
        zip(got["ids"], got["documents"], got["metadatas"], strict=False),
        key=lambda r: (str((r[2] or {}).get("title", "")), int((r[2] or {}).get("position", 0))),
    )
    for cid, text, meta in rows:
        meta = dict(meta or {})
        section = " > ".join(p for p in str(meta.get("section", "")).split(" > ") if p)
        if not is_priority(section):
            continue
        key = (str(meta.get("title", "")), section)
        prio = found.setdefault(
            key, Priority(key[0], section, str(meta.get("doc_id", "")), date=meta.get("date"))
        )
        body = (text or "").split("\n\n", 1)[-1]  # the chunker puts a "title > section" header first
        prio.text = f"{prio.text}\n{body}".strip()
        prio.chunk_ids.append(cid)
    return list(found.values())


def _variants(partner: str) -> set[str]:
    """How a register's partner may be written in prose: "Jogorku Kenesh (Parliament)" → the whole name,
    "Jogorku Kenesh", and an acronym in brackets ("Switzerland (SDC)" → "SDC")."""
    name = partner.strip()
    out = {name}
    m = re.match(r"^(.*?)\s*\((.*?)\)\s*$", name)
    if m:
        out.add(m.group(1).strip())
        if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,9}", m.group(2).strip()):
            out.add(m.group(2).strip())
    return {v for v in out if len(v) >= 3}


def organisations_named(text: str, known: list[str]) -> list[str]:
    """Organisations ``text`` names: partners known from the portfolio (any of their written forms), then
    capitalised multiword names that contain an organisation noun ("National Commission on the State
    Language"). Generic: nothing here knows a particular office."""
    found: dict[str, str] = {}
    lower = text.lower()
    for partner in known:
        for variant in sorted(_variants(partner), key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(variant.lower())}(?!\w)", lower):
                found.setdefault(partner.lower(), partner)
                break
    for m in _CAP_NAME.finditer(text):
        name = re.sub(r"^(?:The|A|An)\s+", "", m.group()).strip(" -’'")
        words = {w.lower() for w in re.findall(r"[\w'-]+", name)}
        if len(name.split()) >= 2 and words & _ORG_WORDS:
            known_hit = any(name.lower() in v.lower() or v.lower() in name.lower() for v in found.values())
            if not known_hit:
                found.setdefault(name.lower(), name)
    return list(found.values())
