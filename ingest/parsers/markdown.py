"""Markdown: sections follow ATX headings (``#`` … ``######``); the path is the heading trail."""

from __future__ import annotations

import re
from pathlib import Path

from core.documents import ParsedDocument, Section
from core.errors import ParseError
from ingest.parsers.frontmatter import apply_front_matter, split_front_matter
from ingest.parsers.text import MAX_TITLE_CHARS, clip, decode_text, detect_language, tidy

HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def iter_lines_outside_fences(text: str):
    """Yield ``(line, in_fence)`` for each line; fence delimiter lines count as inside."""
    fence: str | None = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if match:
            if fence is None:
                fence = match.group(1)
                yield line, True
                continue
            if match.group(1) == fence:
                fence = None
                yield line, True
                continue
        yield line, fence is not None


def first_h1(text: str) -> str | None:
    """Text of the first level-1 heading outside code fences."""
    for line, in_fence in iter_lines_outside_fences(text):
        if in_fence:
            continue
        match = HEADING.match(line)
        if match and len(match.group(1)) == 1 and (match.group(2) or "").strip():
            return clip(match.group(2))
    return None


def split_sections(text: str, title: str) -> list[Section]:
    """Cut ``text`` at headings. Each section's path is the heading trail, prefixed with ``title``
    when no level-1 heading is on the trail; text before any heading gets ``[title]``.
    A heading longer than the title limit is clipped in the path and kept in full at the start
    of the text. Sections with no body are dropped; empty headings (``## ``) are ignored."""
    sections: list[Section] = []
    trail: list[tuple[int, str]] = []
    body: list[str] = []
    lead: str | None = None  # the full heading when it was clipped in the path

    def flush() -> None:
        content = tidy("\n".join(body))
        if content:
            path = [name for _, name in trail]
            if not any(level == 1 for level, _ in trail):
                path = [title, *path]
            text_out = f"{lead}\n\n{content}" if lead else content
            sections.append(Section(path=path, text=text_out))

    for line, in_fence in iter_lines_outside_fences(text):
        match = None if in_fence else HEADING.match(line)
        if match is None:
            body.append(line)
            continue
        heading = " ".join((match.group(2) or "").split())
        if not heading:
            continue
        flush()
        body = []
        level = len(match.group(1))
        while trail and trail[-1][0] >= level:
            trail.pop()
        trail.append((level, clip(heading)))
        lead = heading if len(heading) > MAX_TITLE_CHARS else None
    flush()
    return sections


def parse_markdown(path: Path, data: bytes) -> ParsedDocument:
    """Parse a Markdown file: front matter, title (front matter, first ``# ``, or file stem), sections."""
    front, body = split_front_matter(decode_text(data))
    if not body.strip():
        raise ParseError("no text content (only front matter)" if front else "empty file")
    doc = ParsedDocument(title=first_h1(body) or path.stem)
    apply_front_matter(doc, front)
    doc.sections = split_sections(body, doc.title)
    if not doc.sections:
        raise ParseError("no text content (headings only)")
    if doc.language is None:
        doc.language = detect_language(body)
    return doc
