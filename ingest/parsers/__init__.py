"""Parse one source file into a :class:`~core.documents.ParsedDocument`.

``parse_file(path)`` dispatches on the (case-insensitive) suffix; every failure is a
:class:`~core.errors.ParseError` whose message says what is wrong with the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.access import parse_label
from core.documents import ParsedDocument
from core.errors import ParseError
from ingest.access_rules import rule_label
from ingest.parsers.docx import parse_docx
from ingest.parsers.html import parse_html
from ingest.parsers.markdown import parse_markdown
from ingest.parsers.pdf import parse_pdf
from ingest.parsers.registers import parse_register
from ingest.parsers.sdg_commons import looks_like_sdg_commons, parse_sdg_commons
from ingest.parsers.text import decode_text, parse_text

Parser = Callable[[Path, bytes], ParsedDocument]


def _markdown_or_sdg_commons(path: Path, data: bytes) -> ParsedDocument:
    if looks_like_sdg_commons(decode_text(data)):
        return parse_sdg_commons(path, data)
    return parse_markdown(path, data)


PARSERS: dict[str, Parser] = {
    ".md": _markdown_or_sdg_commons,
    ".markdown": _markdown_or_sdg_commons,
    ".txt": parse_text,
    ".html": parse_html,
    ".htm": parse_html,
    ".pdf": parse_pdf,
    ".docx": parse_docx,
    ".csv": parse_register,
    ".xlsx": parse_register,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(PARSERS)


def parse_file(path: Path) -> ParsedDocument:
    """Read ``path`` and parse it with the parser for its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    parser = PARSERS.get(suffix)
    if parser is None:
        raise ParseError(f"unsupported file type {suffix or '(no extension)'}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParseError("file not found") from None
    except IsADirectoryError:
        raise ParseError("is a directory, not a file") from None
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip() or not data.lstrip(b"\xef\xbb\xbf").strip():
        raise ParseError("empty file")
    doc = parser(path, data)
    apply_access(doc, path)
    return doc


def apply_access(doc: ParsedDocument, path: Path) -> None:
    """Settle the document's access label: its own (front matter), else ``_access.yaml``, else ``staff``.

    Unknown labels become ``admin`` (the most restrictive) and are reported as a warning of the file.
    """
    raw = doc.access if doc.access.strip() else (rule_label(path) or "")
    label = parse_label(raw)
    if not label.known:
        doc.metadata.setdefault("row_warnings", []).append(
            f"unknown access label {raw.strip()!r} — treated as admin-only"
        )
    doc.access = label.value


__all__ = ["PARSERS", "SUPPORTED_SUFFIXES", "parse_file", "ParseError"]
