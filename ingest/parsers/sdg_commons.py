"""UNDP Accelerator Labs "SDG Commons" pages: Markdown with ``[[key:value]]`` metadata tag lines.

Structure seen in the archive: each tag sits alone on its line (``[[ai_summary:…]]`` may run over
several lines); repeated keys (``[[methods:…]]`` ×N) are lists; stories mark interview turns with
``### [[m:ss]] question``; learning plans are form exports with ``> prompt`` lines, ``<div class="group">``
wrappers and a ``## Title`` section that holds the plan's name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from core.documents import LinkRecord, ParsedDocument, PersonRecord, Section
from core.errors import ParseError
from ingest.parsers.frontmatter import apply_front_matter, split_front_matter
from ingest.parsers.markdown import HEADING, first_h1, split_sections
from ingest.parsers.text import clip, decode_text, detect_language, tidy

# a tag line; the value may span lines up to the first "]]" that ends a line
TAG = re.compile(r"^\[\[([A-Za-z_][A-Za-z0-9_]*):((?:(?!\n\[\[).)*?)\]\][ \t]*$", re.MULTILINE | re.DOTALL)
# interview timestamps, also in the broken forms seen in the archive: [[11:34\]\], [[7:24\]]], [[0:0]]
_TIMESTAMP = re.compile(r"\\?\[\\?\[\d{1,2}:\d{1,2}(?::\d{2})?(?:\\?\])+[ \t]*")
_INLINE_HTML = re.compile(r"<br\s*/?>|</?div\b[^>]*>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'=:$&])")
_DIV = re.compile(r"^\s*</?div\b[^>]*>\s*$", re.IGNORECASE)
_IMAGE_ONLY = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
_RULE_NOISE = re.compile(r"^\s*\*{2,}\s*$")
_TITLE_HEADINGS = {"title", "titre", "título", "titulo", "título:"}

SCALAR_KEYS = {"type", "year", "country", "continent", "latlng", "audio", "ai_summary"}
LIST_KEYS = {
    "methods", "sdgs", "thematic_areas", "datasources", "skills",
    "tactics", "tools", "principles", "focal_point",
}  # fmt: skip
# keys seen in the archive; only these make a Markdown file an SDG Commons page (``[[https://…]]`` does not)
KNOWN_KEYS = SCALAR_KEYS | LIST_KEYS | {
    "date", "source", "consent", "quality_check", "sample_size", "control_group",
    "assignment_type", "total_cost",
}  # fmt: skip
TAG_PROBE = re.compile(rf"^\[\[(?:{'|'.join(sorted(KNOWN_KEYS))}):", re.MULTILINE)
_DOC_TYPE = {"learningplan": "learningplan", "story": "story"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_sdg_commons(text: str) -> bool:
    """True when some line starts with a ``[[key:value`` metadata tag."""
    return TAG_PROBE.search(text) is not None


def unescape(text: str) -> str:
    r"""Undo Markdown backslash escapes (``\.`` → ``.``, ``\-`` → ``-``)."""
    return _ESCAPE.sub(r"\1", text)


def name_from_email(email: str) -> str:
    """``viktoriia.petrova@undp.org`` → ``Viktoriia Petrova``."""
    local = email.split("@", 1)[0]
    parts = [p for p in re.split(r"[._\-+]+", local) if p and not p.isdigit()]
    return " ".join(p[:1].upper() + p[1:] for p in parts) or local


def _parse_date(text: str) -> str | None:
    text = " ".join(text.split())
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%Y-%m-%d", "%d %B %Y"):
        try:
            value = dt.datetime.strptime(text.title(), fmt).date()
        except ValueError:
            continue
        return None if value.year == 1970 else value.isoformat()  # 1970-01-01 is a placeholder
    return None


def extract_tags(text: str) -> tuple[dict[str, list[str]], str]:
    """Collect ``[[key:value]]`` tag lines (values unescaped, de-duplicated, in order) and remove them."""
    tags: dict[str, list[str]] = {}

    def take(match: re.Match[str]) -> str:
        key = match.group(1).lower()
        value = (
            " ".join(unescape(match.group(2)).split())
            if key != "ai_summary"
            else unescape(match.group(2)).strip()
        )
        if value:
            values = tags.setdefault(key, [])
            if value not in values:
                values.append(value)
        return ""

    return tags, TAG.sub(take, text)


def _clean_body(text: str) -> str:
    """Strip timestamps, escapes, HTML group wrappers, image-only lines and unanswered ``>`` prompts."""
    text = unescape(_TIMESTAMP.sub("", text))
    lines = [line if _DIV.match(line) else _INLINE_HTML.sub(" ", line) for line in text.split("\n")]
    lines = [
        line
        for line in lines
        if not _DIV.match(line) and not _IMAGE_ONLY.match(line) and not _RULE_NOISE.match(line)
    ]
    kept: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">"):
            if not stripped.lstrip("> ").strip():
                continue  # empty prompt
            # drop the prompt when no answer follows before the next prompt or heading
            answer = False
            for nxt in lines[i + 1 :]:
                s = nxt.strip()
                if not s:
                    continue
                answer = not (s.startswith(">") or HEADING.match(nxt))
                break
            if not answer:
                continue
        kept.append(line)
    return "\n".join(kept)


def _title_section_value(text: str) -> str | None:
    """First non-empty, non-prompt line after a ``## Title`` heading (before the next heading)."""
    inside = False
    for line in text.split("\n"):
        match = HEADING.match(line)
        if match:
            if inside:
                return None
            inside = (match.group(2) or "").strip().lower().rstrip(":") in _TITLE_HEADINGS
            continue
        stripped = line.strip()
        if inside and stripped and not stripped.startswith(">"):
            return clip(stripped.strip("*_ "))
    return None


def _metadata(tags: dict[str, list[str]]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for key, values in tags.items():
        if key in LIST_KEYS:
            meta[key] = list(values)
        elif key == "year":
            years = [int(v) for v in values if v.isdigit() and int(v) != 1970]
            if years:
                meta["year"] = years[0]
        elif key == "country":
            meta["country"] = values[0]
            meta["countries"] = list(values)
        elif key in SCALAR_KEYS or len(values) == 1:
            meta[key] = values[0]
        else:
            meta[key] = list(values)
    if "focal_point" in meta:
        meta["focal_point"] = [v.lower() for v in meta["focal_point"]]
    return meta


def parse_sdg_commons(path: Path, data: bytes) -> ParsedDocument:
    """Parse an SDG Commons page: tags → metadata, focal points → people/links, cleaned sections."""
    front, body = split_front_matter(decode_text(data))
    tags, body = extract_tags(body)
    meta = _metadata(tags)
    body = _clean_body(body)
    if not body.strip() and not meta.get("ai_summary"):
        raise ParseError("no text content (only metadata tags)")

    title = _title_section_value(body) or first_h1(body) or path.stem
    page_type = str(meta.get("type", "")).lower()
    doc = ParsedDocument(title=title, doc_type=_DOC_TYPE.get(page_type, "other"))
    doc.metadata.update(meta)
    if "date" in tags:
        doc.date = _parse_date(tags["date"][0])
        doc.metadata["date"] = tags["date"][0]
    if "source" in tags and tags["source"][0].startswith("http"):
        doc.url = tags["source"][0]
    apply_front_matter(doc, front)

    sections = split_sections(body, doc.title)
    summary = meta.get("ai_summary")
    if summary:
        sections.insert(0, Section(path=["Summary"], text=tidy(summary)))
    if not sections:
        raise ParseError("no text content (only metadata tags)")
    doc.sections = sections

    for email in meta.get("focal_point", []):
        if not _EMAIL.match(email):
            doc.metadata.setdefault("row_warnings", []).append(f"invalid focal_point email {email!r}")
            continue
        if any(p.email == email for p in doc.people):
            continue
        doc.people.append(PersonRecord(email=email, name=name_from_email(email)))
        doc.links.append(LinkRecord(person_key=email, role="focal point", project_code=None))

    if doc.language is None:
        doc.language = detect_language(body or summary or "")
    return doc
