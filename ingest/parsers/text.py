"""Shared text helpers: strict UTF-8 decoding, a language guess, and the plain ``.txt`` parser."""

from __future__ import annotations

import re
from pathlib import Path

from core.documents import ParsedDocument, Section
from core.errors import ParseError
from ingest.parsers.frontmatter import apply_front_matter, split_front_matter

MAX_TITLE_CHARS = 120

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTER = re.compile(r"[^\W\d_]")
_KYRGYZ_ONLY = re.compile(r"[ңөүҢӨҮ]")


def decode_text(data: bytes) -> str:
    """Decode ``data`` as UTF-8 (a UTF-8 BOM is dropped; UTF-16 with a BOM is accepted too).

    Raises ``ParseError`` naming the first bad byte and its offset.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ParseError(f"not valid UTF-16 text (offset {exc.start})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        raise ParseError(
            f"not valid UTF-8 text (byte 0x{bad.hex()} at offset {exc.start}); save the file as UTF-8"
        ) from None
    if "\x00" in text:
        raise ParseError(f"not a text file (NUL byte at offset {text.index(chr(0))})")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_language(text: str) -> str:
    """Guess ``ru``/``ky``/``en`` from the script: >30 % Cyrillic letters is Russian, or Kyrgyz
    when the Kyrgyz-only letters ң ө ү are frequent; anything else is reported as English."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    if not letters:
        return "en"
    cyrillic = len(_CYRILLIC.findall(sample))
    if cyrillic / letters > 0.3:
        kyrgyz = len(_KYRGYZ_ONLY.findall(sample))
        return "ky" if kyrgyz / cyrillic > 0.01 else "ru"
    return "en"


def clip(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """Collapse whitespace and cut ``text`` to ``limit`` characters (with an ellipsis)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tidy(text: str) -> str:
    """Strip trailing spaces and squeeze runs of blank lines to one."""
    lines = [line.rstrip() for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip()


def first_line_title(text: str) -> str | None:
    """The first non-empty line, if it is short enough to be a title."""
    for line in text.split("\n"):
        line = line.strip()
        if line:
            return line if len(line) <= MAX_TITLE_CHARS else None
    return None


def parse_text(path: Path, data: bytes) -> ParsedDocument:
    """Parse a plain ``.txt`` file: optional front matter, title, one section with the body."""
    front, body = split_front_matter(decode_text(data))
    body = tidy(body)
    if not body:
        raise ParseError("no text content (only front matter)" if front else "empty file")
    doc = ParsedDocument(title=first_line_title(body) or path.stem)
    apply_front_matter(doc, front)
    doc.sections = [Section(path=[doc.title], text=body)]
    if doc.language is None:
        doc.language = detect_language(body)
    return doc
