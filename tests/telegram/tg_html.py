"""Telegram's HTML ``parse_mode`` parser, modelled on tdlib's ``parse_html``.

Returns the plain text and the entities (UTF-16 offsets) or raises :class:`HtmlParseError` whose
message is worded like the real server's ("Unsupported start tag "foo" at byte offset 3", ...).
"""

from __future__ import annotations

import html
import re
from typing import Any

SUPPORTED_TAGS = {
    "a",
    "b",
    "strong",
    "i",
    "em",
    "s",
    "strike",
    "del",
    "u",
    "ins",
    "tg-spoiler",
    "tg-emoji",
    "span",
    "pre",
    "code",
    "blockquote",
}

_ENTITY_TYPE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
}

_CHAR_REF = re.compile(r"&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot);")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(err)`` is the server's wording."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_ref(match: re.Match[str]) -> str | None:
    ref = match.group(1)
    if ref.startswith("#x"):
        code = int(ref[2:], 16)
    elif ref.startswith("#"):
        code = int(ref[1:])
    else:
        return {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[ref]
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse ``text`` like Telegram does for ``parse_mode=HTML``."""
    n = len(text)

    def byte(i: int) -> int:
        return len(text[:i].encode("utf-8"))

    def fail(msg: str) -> HtmlParseError:
        return HtmlParseError(msg)

    out: list[str] = []
    pos16 = 0
    stack: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            m = _CHAR_REF.match(text, i)
            decoded = _decode_ref(m) if m else None
            if m and decoded is not None:
                out.append(decoded)
                pos16 += utf16_len(decoded)
                i = m.end()
            else:  # tdlib keeps an unknown "&..." as literal text
                out.append("&")
                pos16 += 1
                i += 1
            continue
        if c != "<":
            out.append(c)
            pos16 += utf16_len(c)
            i += 1
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":
            i += 1
            if not stack:
                raise fail(f"Unexpected end tag at byte offset {byte(begin)}")
            j = i
            while i < n and not text[i].isspace() and text[i] != ">":
                i += 1
            end_name = text[j:i].lower()
            while i < n and text[i].isspace():
                i += 1
            if i >= n or text[i] != ">":
                raise fail(f"Unclosed end tag at byte offset {byte(begin)}")
            i += 1
            top = stack[-1]
            if end_name and end_name != top["tag"]:
                raise fail(
                    f'Unmatched end tag at byte offset {byte(begin)}, expected "</{top["tag"]}>", '
                    f'found "</{end_name}>"'
                )
            stack.pop()
            length = pos16 - top["offset"]
            if length > 0:
                entities.append(_entity(top, length))
            continue
        j = i
        while i < n and not text[i].isspace() and text[i] != ">":
            i += 1
        if i >= n:
            raise fail(f"Unclosed start tag at byte offset {byte(begin)}")
        name = text[j:i].lower()
        if name not in SUPPORTED_TAGS:
            raise fail(f'Unsupported start tag "{name}" at byte offset {byte(begin)}')
        attrs: dict[str, str] = {}
        while True:
            while i < n and text[i].isspace():
                i += 1
            if i >= n:
                raise fail(f'Unclosed start tag "{name}" at byte offset {byte(begin)}')
            if text[i] == ">":
                break
            aj = i
            while i < n and not text[i].isspace() and text[i] not in "=>":
                i += 1
            attr = text[aj:i].lower()
            if not attr:
                raise fail(f'Empty attribute name in the tag "{name}" at byte offset {byte(begin)}')
            while i < n and text[i].isspace():
                i += 1
            if i >= n or text[i] != "=":
                raise fail(
                    f'Expected equal sign in declaration of an attribute of the tag "{name}" '
                    f"at byte offset {byte(begin)}"
                )
            i += 1
            while i < n and text[i].isspace():
                i += 1
            if i >= n:
                raise fail(f'Unclosed start tag "{name}" at byte offset {byte(begin)}')
            if text[i] not in "'\"":
                tj = i
                while i < n and (text[i].isalnum() or text[i] in ".-"):
                    i += 1
                value = text[tj:i].lower()
                if i >= n or (not text[i].isspace() and text[i] != ">"):
                    raise fail(f"Unexpected end of name token at byte offset {byte(tj)}")
            else:
                quote = text[i]
                i += 1
                vj = i
                while i < n and text[i] != quote:
                    i += 1
                if i >= n:
                    raise fail(f"Unclosed start tag at byte offset {byte(begin)}")
                value = html.unescape(text[vj:i])
                i += 1
            attrs[attr] = value
        i += 1  # '>'
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise fail(f'Tag "span" must have class "tg-spoiler" at byte offset {byte(begin)}')
        stack.append({"tag": name, "attrs": attrs, "offset": pos16})
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _entity(frame: dict[str, Any], length: int) -> dict[str, Any]:
    tag, attrs = frame["tag"], frame["attrs"]
    ent: dict[str, Any] = {"type": _ENTITY_TYPE[tag], "offset": frame["offset"], "length": length}
    if tag == "a":
        ent["url"] = attrs.get("href", "")
    elif tag == "pre" and attrs.get("class", "").startswith("language-"):
        ent["language"] = attrs["class"].removeprefix("language-")
    elif tag == "blockquote" and "expandable" in attrs:
        ent["type"] = "expandable_blockquote"
    elif tag == "tg-emoji":
        ent["custom_emoji_id"] = attrs.get("emoji-id", "")
    return ent
