"""PDF files via pypdf: one section per page with extractable text."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from core.documents import ParsedDocument, Section
from core.errors import ParseError
from ingest.parsers.text import clip, detect_language, first_line_title, tidy

# pypdf logs recoverable oddities as warnings; a bad file is reported through ParseError instead
logging.getLogger("pypdf").setLevel(logging.ERROR)

_WORD_PREFIX = re.compile(r"^(Microsoft (Word|PowerPoint) - )", re.IGNORECASE)
_BAD_TITLES = {"untitled", "title", "document", "presentation"}


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return clip(text, 160)


def _meta_title(reader: PdfReader) -> str | None:
    try:
        meta = reader.metadata
        raw = meta.title if meta else None
    except Exception:  # broken info dictionary: not worth failing the file
        return None
    if not raw:
        return None
    title = clip(_WORD_PREFIX.sub("", str(raw)))
    if not title or title.lower() in _BAD_TITLES or re.search(r"\.(docx?|pptx?|pdf)$", title, re.I):
        return None
    return title


def parse_pdf(path: Path, data: bytes) -> ParsedDocument:
    """Parse a PDF: pages → sections ``[title, "page n"]``; explicit errors for encrypted,
    corrupt and image-only files."""
    if b"%PDF-" not in data[:1024]:
        raise ParseError("corrupt PDF: no %PDF header (not a PDF file?)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except DependencyError:
                raise ParseError("encrypted PDF (needs the 'cryptography' package to decrypt)") from None
            if decrypted == PasswordType.NOT_DECRYPTED:
                raise ParseError("encrypted PDF (password protected)")
        pages: list[tuple[int, str]] = []
        for number, page in enumerate(reader.pages, start=1):
            pages.append((number, tidy(page.extract_text() or "")))
    except ParseError:
        raise
    except FileNotDecryptedError:
        raise ParseError("encrypted PDF (password protected)") from None
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise ParseError(f"corrupt PDF: {_short(exc)}") from None
    except RecursionError:
        raise ParseError("corrupt PDF: recursive object structure") from None

    if not pages:
        raise ParseError("corrupt PDF: no pages found")
    if not any(text for _, text in pages):
        raise ParseError("PDF has no text layer (scanned image?)")

    first_text = next(text for _, text in pages if text)
    title = _meta_title(reader) or first_line_title(pages[0][1] or first_text) or path.stem
    sections = [
        Section(path=[title, f"page {number}"], text=text, page=number) for number, text in pages if text
    ]
    doc = ParsedDocument(title=title, sections=sections)
    doc.metadata["pages"] = len(pages)
    empty = [number for number, text in pages if not text]
    if empty:
        doc.metadata["pages_without_text"] = empty
    doc.language = detect_language("\n".join(text for _, text in pages[:5]))
    return doc
