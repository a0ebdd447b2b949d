"""Citation markers in model answers: drop those that point nowhere, and judge whether the answer is grounded.

Recognised markers: ``[1]``, ``[1, 3]``, ``[1;3]``, ``[1][2]`` (two markers), ``[1-2]`` / ``[1–3]`` (ranges).
"""

from __future__ import annotations

import re

_NUM = r"\d{1,6}"
_ITEM = rf"{_NUM}(?:\s*[-–—]\s*{_NUM})?"
MARKER = re.compile(rf"\[\s*({_ITEM}(?:\s*[,;]\s*{_ITEM})*)\s*\]")
_RANGE = re.compile(rf"({_NUM})\s*[-–—]\s*({_NUM})")
_HSPACE = " \t\u00a0"
_CLOSERS = ".,;:!?)]}»”\"'…"


def _numbers(group: str, limit: int) -> tuple[list[int], bool]:
    """Numbers a marker's inside refers to, restricted to 1..limit, and whether any was out of range."""
    valid: list[int] = []
    invalid = False
    for item in re.split(r"\s*[,;]\s*", group.strip()):
        m = _RANGE.fullmatch(item)
        if m:
            lo, hi = sorted((int(m.group(1)), int(m.group(2))))
            if lo < 1 or hi > limit:
                invalid = True
            valid.extend(range(max(lo, 1), min(hi, limit) + 1))
        else:
            k = int(item)
            if 1 <= k <= limit:
                valid.append(k)
            else:
                invalid = True
    return valid, invalid


def validate_citations(text: str, n_sources: int) -> tuple[str, list[int]]:
    """Remove citation markers outside ``1..n_sources`` and the spacing they leave behind.

    Valid markers are normalised to single-number form so callers can renumber them with ``\\[(\\d+)\\]``:
    ``[1, 3]`` → ``[1][3]``, ``[1-3]`` → ``[1][2][3]``, ``[ 2 ]`` → ``[2]``; a partly valid marker keeps
    its valid numbers (``[1, 9]`` with 3 sources → ``[1]``). Returns the cleaned text and the sorted
    unique valid numbers.
    """
    out = ""
    pos = 0
    used: set[int] = set()
    for m in MARKER.finditer(text):
        out += text[pos : m.start()]
        pos = m.end()
        numbers, _ = _numbers(m.group(1), n_sources)
        used.update(numbers)
        if numbers:
            out += "".join(f"[{k}]" for k in dict.fromkeys(numbers))
            continue
        # drop the marker entirely and tidy up around it
        rest = text[pos:]
        if out.endswith("(") and rest.startswith(")"):  # "claim ([9])." -> "claim."
            out, pos, rest = out[:-1], pos + 1, rest[1:]
        if not out or out.endswith("\n"):
            while pos < len(text) and text[pos] in _HSPACE:
                pos += 1
        elif out[-1] in _HSPACE:
            if not rest or rest[0] in _HSPACE or rest[0] in "\r\n" or rest[0] in _CLOSERS:
                out = out.rstrip(_HSPACE)
        elif rest and out[-1].isalnum() and rest[0].isalnum():
            out += " "  # "word[9]word" -> "word word"
    out += text[pos:]
    return out, sorted(used)


# --------------------------------------------------------------------------- groundedness
_MIN_WORDS = 6
_WORD = re.compile(r"\w+")
_LIST_PREFIX = re.compile(r"^\s*(?:[-*•>]+|\d{1,3}[.)])\s+")
# A paragraph that says the sources are silent is not a claim that needs a source.
_ABSENCE = re.compile(
    r"(?:do(?:es)?\s*n[o']t|did\s*n[o']t|not)\s+(?:\w+\s+){0,3}(?:mention|say|specify|contain|include|cover|"
    r"provide|state|answer|know)"
    r"|\bno\s+(?:information|details|data|mention)\b|\bI\s+(?:don'?t|do\s+not)\s+know\b|\bunknown\b"
    r"|нет\s+(?:информации|данных|сведений)|не\s+(?:указан|упомина|содерж|знаю|говорит|приводится)"
    r"|маалымат\s+жок|билбейм|көрсөтүлгөн\s+эмес|айтылган\s+эмес",
    re.IGNORECASE,
)
_PLEASANTRY = re.compile(
    r"let me know|hope (?:this|that) helps|feel free|happy to help|обращайтесь|надеюсь|если нужно|"
    r"дагы суроо|кайрылыңыз",
    re.IGNORECASE,
)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def needs_citation(paragraph: str) -> bool:
    """Whether a paragraph makes claims: not a heading, lead-in, greeting or "the sources don't say"."""
    first = paragraph.lstrip()
    if first.startswith("#"):
        return False
    body = " ".join(_LIST_PREFIX.sub("", line) for line in paragraph.splitlines()).strip()
    body = body.strip("*_` ")
    n_words = len(_WORD.findall(body))
    if n_words < _MIN_WORDS:
        return False
    if body.endswith(":") and n_words < 20:
        return False
    if _ABSENCE.search(body):
        return False
    return not (_PLEASANTRY.search(body) and n_words < 20)


def cites(paragraph: str, used: set[int]) -> bool:
    for m in MARKER.finditer(paragraph):
        numbers, _ = _numbers(m.group(1), max(used))
        if used.intersection(numbers):
            return True
    return False


def is_grounded(text: str, used: list[int]) -> bool:
    """True when the answer cites at least one valid source and every claim-bearing paragraph cites one.

    ``text`` and ``used`` are what :func:`validate_citations` returned. Headings, short lines (greetings,
    lead-ins such as "Here is what I found:") and paragraphs stating that the sources are silent need no
    citation; any other paragraph without a valid ``[n]`` makes the whole answer ungrounded.
    """
    valid = {k for k in used if k >= 1}
    if not valid or not text.strip():
        return False
    parts = paragraphs(text)
    if not any(cites(p, valid) for p in parts):
        return False
    return all(cites(p, valid) for p in parts if needs_citation(p))
