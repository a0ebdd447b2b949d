"""Answers → Telegram HTML: everything escaped, numbered sources, split into ≤ 4096-character messages."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions

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
        if c.access == "restricted":
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
    if answer.note:
        blocks.append(f"<i>ⓘ {esc(answer.note)}</i>")
    if with_sources and answer.citations:
        blocks.append(render_sources(answer.citations, lang))
    return split_html("\n\n".join(blocks))


def plain(text: str) -> str:
    """A partial (streamed) text as safe HTML of at most one message."""
    body = esc(text.strip()) or "…"
    return body if len(body) <= MAX_MESSAGE else _hard_split(body, MAX_MESSAGE - 1)[0] + "…"


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split on paragraph boundaries, then lines, then hard — never inside a tag or an entity.

    Tags produced by this module never span a line, so a cut at a line boundary never breaks one; a
    hard cut (only for a single line longer than ``limit``) steps back before any ``<…>``/``&…;``.
    The raw HTML length bounds the length after entity parsing, so every part is ≤ ``limit``.
    """
    if len(text) <= limit:
        return [text]
    pieces = [
        p
        for para in text.split("\n\n")
        for p in ([para] if len(para) <= limit else _split_lines(para, limit))
    ]
    return [p for p in _pack(pieces, "\n\n", limit) if p.strip()]


def _split_lines(para: str, limit: int) -> list[str]:
    pieces = [
        p for line in para.split("\n") for p in ([line] if len(line) <= limit else _hard_split(line, limit))
    ]
    return _pack(pieces, "\n", limit)


def _pack(pieces: list[str], sep: str, limit: int) -> list[str]:
    """Greedily join consecutive pieces (each ≤ limit) with ``sep`` into parts of at most ``limit``."""
    out: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current}{sep}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            if current:
                out.append(current)
            current = piece
    if current:
        out.append(current)
    return out


def _hard_split(line: str, limit: int) -> list[str]:
    out: list[str] = []
    while len(line) > limit:
        cut = limit
        # never inside a tag or an entity: step back to before an unclosed '<' or '&'
        lt, amp = line.rfind("<", 0, cut), line.rfind("&", 0, cut)
        if lt > line.rfind(">", 0, cut):
            cut = lt
        if amp > line.rfind(";", 0, cut):
            cut = min(cut, amp)
        space = line.rfind(" ", 0, cut)
        if space > cut * 3 // 4:  # prefer a word boundary when one is near
            cut = space + 1
        cut = max(cut, 1)
        out.append(line[:cut])
        line = line[cut:]
    if line:
        out.append(line)
    return out


def answer_keyboard(exchange_id: int, answer: Answer, lang: str) -> InlineKeyboardMarkup:
    """👍/👎 feedback, Sources and (for answers naming people) Contact; callback data ≤ 64 bytes."""
    rows = [
        [
            InlineKeyboardButton("👍", callback_data=f"fb:+:{exchange_id}"),
            InlineKeyboardButton("👎", callback_data=f"fb:-:{exchange_id}"),
        ]
    ]
    extra = []
    if answer.citations:
        extra.append(InlineKeyboardButton(t(lang, "btn_sources"), callback_data=f"src:{exchange_id}"))
    if answer.contacts:
        extra.append(InlineKeyboardButton(t(lang, "btn_contact"), callback_data=f"ct:{exchange_id}"))
    if extra:
        rows.append(extra)
    return InlineKeyboardMarkup(rows)
