"""Word ``.docx`` files via python-docx: sections follow Heading 1–3; tables become ``a | b`` lines."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from core.documents import ParsedDocument, Section
from core.errors import ParseError
from ingest.parsers.text import clip, detect_language, tidy

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def _level(paragraph: Paragraph) -> int | None:
    """0 for the Title style, 1–3 for Heading 1–3, else None (deeper headings count as text)."""
    try:
        name = (paragraph.style.name or "") if paragraph.style is not None else ""
    except (KeyError, ValueError):
        return None
    if name.lower() == "title":
        return 0
    match = _HEADING_STYLE.match(name.strip())
    if match and int(match.group(1)) <= 3:
        return int(match.group(1))
    return None


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or text != cells[-1]:  # merged cells repeat their text
                cells.append(text)
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def parse_docx(path: Path, data: bytes) -> ParsedDocument:
    """Parse a DOCX: title from core properties, the Title/first heading paragraph, or the stem."""
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ParseError("not a valid DOCX file: not a zip archive") from None
    except Exception as exc:  # python-docx raises KeyError/ValueError/PackageNotFoundError
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ParseError(f"not a valid DOCX file: {clip(reason, 160)}") from None

    blocks: list[tuple[int | None, list[str]]] = []  # (heading level or None, lines)
    first_heading: str | None = None
    try:
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraph = Paragraph(child, document)
                text = paragraph.text.strip()
                if not text:
                    continue
                level = _level(paragraph)
                if level is not None and first_heading is None:
                    first_heading = clip(text)
                blocks.append((level, [text]))
            elif tag == "tbl":
                blocks.append((None, _table_lines(Table(child, document))))
    except Exception as exc:
        raise ParseError(f"not a valid DOCX file: unreadable body ({clip(str(exc), 120)})") from None

    core_title = (document.core_properties.title or "").strip()
    title = clip(core_title) if core_title else (first_heading or path.stem)

    sections: list[Section] = []
    trail: list[tuple[int, str]] = []
    body: list[str] = []

    def flush() -> None:
        content = tidy("\n".join(body))
        if content:
            names = [name for _, name in trail]
            sections.append(Section(path=names if names[:1] == [title] else [title, *names], text=content))

    for level, lines in blocks:
        if level is None:
            body.extend(lines)
            continue
        flush()
        body = []
        if level == 0:  # a Title paragraph starts the document, not a section
            trail = []
            continue
        while trail and trail[-1][0] >= level:
            trail.pop()
        trail.append((level, clip(lines[0])))
    flush()
    if not sections:
        raise ParseError("no text content in the DOCX file")
    doc = ParsedDocument(title=title, sections=sections)
    lang = document.core_properties.language
    doc.language = (
        lang.split("-")[0].lower() if lang else detect_language("\n".join(s.text for s in sections))
    )
    return doc
