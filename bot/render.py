"""Answers → Telegram HTML: everything escaped, numbered sources, split into ≤ 4096-character messages."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

from core.access import PUBLIC, STAFF, parse_label
from core.messages import t
from core.types import Answer, Citation, Contact

MAX_MESSAGE = 4096
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def render_sources(citations: Sequence[Citation], lang: str) -> str:
    """Numbered sources: title (linked when there is a URL), date, restricted marker."""
    lines = []
    for c in citations:
        title = esc(c.title or c.source or "?")
        line = f'{c.n}. <a href="{esc(c.url)}">{title}</a>' if c.url else f"{c.n}. {title}"
        if c.date:
            line += f" — {esc(c.date)}"
        if parse_label(c.access).value not in (PUBLIC, STAFF):  # admin-only or a named group's
            line += f" 🔒 <i>{esc(t(lang, 'restricted'))}</i>"
        lines.append(line)
    return f"<b>{esc(t(lang, 'sources'))}</b>\n" + "\n".join(lines) if lines else ""


def render_contacts(contacts: Sequence[Contact], lang: str) -> str:
    if not contacts:
        return esc(t(lang, "no_contacts"))
    lines = [f"<b>{esc(t(lang, 'contacts'))}</b>"]
    for c in contacts:
        parts = [f"<b>{esc(c.name)}</b>"]
        role = ", ".join(x for x in (c.title, c.unit) if x)
        if role:
            parts.append(esc(role))
        if c.email:
            parts.append(esc(c.email))
        if c.telegram:
            handle = c.telegram if c.telegram.startswith("@") else f"@{c.telegram}"
            parts.append(esc(handle))
        lines.append(" — ".join(parts))
    return "\n".join(lines)


def render_answer(answer: Answer, lang: str, *, with_sources: bool = True) -> list[str]:
    """The answer as one or more HTML messages, each at most 4096 characters."""
    blocks = [esc(answer.text.strip()) or "…"]
    if answer.rewritten and answer.query:  # a follow-up: show how it was understood, above the answer
        blocks.insert(0, f"<i>↪ {esc(t(lang, 'understood_as', q=answer.query))}</i>")
    if answer.note:
        blocks.append(f"<i>ⓘ {esc(answer.note)}</i>")
    if with_sources and answer.citations:
        blocks.append(render_sources(answer.citations, lang))
    return split_html("\n\n".join(blocks))


def plain(text: str) -> str:
    """A partial (streamed) text as safe HTML of at most one message."""
    return clip_html(esc(text.strip()) or "…")


# safe splitting of escaped HTML ------------------------------------------------------------
_ATOM = re.compile(r"<[^<>]*>|&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});|[\s\S]")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def _width(atom: str) -> int:
    """Characters an atom shows after Telegram's entity parsing, in UTF-16 code units (tags show none)."""
    if atom.startswith("<") and atom.endswith(">") and len(atom) > 1:
        return 0
    if atom.startswith("&") and len(atom) > 1:
        return 1  # one character (an astral one would be 2; html.escape never writes one as a reference)
    return len(atom.encode("utf-16-le")) // 2


def html_length(text: str) -> int:
    """The length Telegram counts for ``text`` in HTML parse mode (UTF-16 units of the parsed text)."""
    return sum(_width(a) for a in _ATOM.findall(text))


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split HTML into messages whose parsed text is at most ``limit`` long — the ONE place that cuts
    escaped HTML: never inside an entity (``&amp;``) or a tag, and a tag open at a cut is closed at the
    end of the part and reopened at the start of the next. Cuts prefer a paragraph break, then a line
    break, then a space; empty parts are dropped.
    """
    atoms = _ATOM.findall(text)
    widths = [_width(a) for a in atoms]
    if sum(widths) <= limit:
        return [text] if text.strip() else []
    parts: list[str] = []
    stack: list[tuple[str, str]] = []  # (tag name, opening tag text) open before atoms[i]
    i, n = 0, len(atoms)
    while i < n:
        while i < n and atoms[i].isspace():  # a part never starts with the whitespace of a cut
            i += 1
        if i >= n:
            break
        opened = list(stack)
        shown, j = 0, i
        stacks: dict[int, list[tuple[str, str]]] = {}
        para = line = space = None
        while j < n and shown + widths[j] <= limit:
            _apply(atoms[j], stack)
            shown += widths[j]
            j += 1
            if atoms[j - 1] == "\n":
                if j - 2 >= i and atoms[j - 2] == "\n":
                    para = (j, shown)
                else:
                    line = (j, shown)
            elif atoms[j - 1] == " ":
                space = (j, shown)
            if para == (j, shown) or line == (j, shown) or space == (j, shown):
                stacks[j] = list(stack)
        if j < n:  # choose where to cut
            for candidate, share in ((para, 0.5), (line, 0.5), (space, 0.75)):
                if candidate is not None and candidate[1] >= limit * share:
                    j = candidate[0]
                    stack[:] = stacks[j]
                    break
            j = max(j, i + 1)
        body = "".join(atoms[i:j]).rstrip()
        closing = "".join(f"</{name}>" for name, _ in reversed(stack))
        part = "".join(tag for _, tag in opened) + body + closing
        if _ATOM.sub(lambda m: "" if _width(m.group()) == 0 else m.group(), part).strip():
            parts.append(part)
        i = j
    return parts


def _apply(atom: str, stack: list[tuple[str, str]]) -> None:
    """Track the open tags: push an opening tag, pop (up to) the matching closing one."""
    if not (atom.startswith("<") and atom.endswith(">") and len(atom) > 1):
        return
    m = _TAG_NAME.match(atom)
    if m is None:
        return
    name = m.group(1).lower()
    if atom.startswith("</"):
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == name:
                del stack[k:]
                break
    elif not atom.endswith("/>"):
        stack.append((name, atom))


def clip_html(text: str, limit: int = MAX_MESSAGE) -> str:
    """At most one message: ``text`` itself, or its first safe part and "…"."""
    parts = split_html(text, limit)
    if len(parts) <= 1:
        return parts[0] if parts else "…"
    return split_html(text, limit - 1)[0] + "…"


def answer_keyboard(token: str, answer: Answer, lang: str) -> InlineKeyboardMarkup:
    """👍/👎 feedback, Sources and (for answers naming people) Contact; callback data ``kind:…:token``
    (≤ 64 bytes), the token being the random one stored with the exchange (bot_crud.add_button)."""
    rows = [
        [
            InlineKeyboardButton("👍", callback_data=f"fb:+:{token}"),
            InlineKeyboardButton("👎", callback_data=f"fb:-:{token}"),
        ]
    ]
    extra = []
    if answer.citations:
        extra.append(InlineKeyboardButton(t(lang, "btn_sources"), callback_data=f"src:{token}"))
    if answer.contacts:
        extra.append(InlineKeyboardButton(t(lang, "btn_contact"), callback_data=f"ct:{token}"))
    if extra:
        rows.append(extra)
    return InlineKeyboardMarkup(rows)
