"""Optional YAML front matter (``---`` … ``---`` at the very top of a text document)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from core.documents import DOC_TYPES, ParsedDocument
from core.errors import ParseError

# doc types an author may declare; "register" is reserved for CSV/XLSX registers
FRONT_MATTER_DOC_TYPES = tuple(t for t in DOC_TYPES if t != "register")

_OPEN = re.compile(r"\A\ufeff?---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return ``(front_matter, body)``; ``({}, text)`` when the text has no closed front matter block.

    Raises ``ParseError`` when the block is not valid YAML or not a mapping.
    """
    opening = _OPEN.match(text)
    if not opening:
        return {}, text
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return {}, text
    raw = text[opening.end() : closing.start()]
    body = text[closing.end() :].lstrip("\n")
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 for 1-based, +1 for '---'
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise ParseError(f"invalid YAML front matter{where}: {problem}") from None
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        raise ParseError(f"front matter must be key: value pairs, got {type(data).__name__}")
    return {str(k): v for k, v in data.items()}, body


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    value = _jsonable(value)
    text = str(value).strip()
    if not _DATE.match(text):
        raise ParseError(f"invalid date in front matter: {text!r} (expected YYYY-MM-DD)")
    return text


def apply_front_matter(doc: ParsedDocument, front: dict[str, Any]) -> None:
    """Copy front matter onto ``doc``: known keys to fields, everything else into ``doc.metadata``."""
    if not front:
        return
    rest = dict(front)
    doc_type = rest.pop("doc_type", None)
    if doc_type is not None:
        doc_type = str(doc_type).strip().lower()
        if doc_type not in FRONT_MATTER_DOC_TYPES:
            allowed = ", ".join(FRONT_MATTER_DOC_TYPES)
            raise ParseError(f"invalid doc_type {doc_type!r} in front matter (allowed: {allowed})")
        doc.doc_type = doc_type
    title = rest.pop("title", None)
    if title is not None and str(title).strip():
        doc.title = " ".join(str(title).split())
    language = rest.pop("language", None)
    if language is not None and str(language).strip():
        doc.language = str(language).strip().lower()
    if "date" in rest:
        doc.date = _date(rest.pop("date"))
    access = rest.pop("access", None)
    if access is not None and str(access).strip():
        doc.access = str(access)  # normalised (and reported when unknown) by parse_file
    url = rest.pop("url", None)
    if url is not None and str(url).strip():
        doc.url = str(url).strip()
    doc.metadata.update(_jsonable(rest))
