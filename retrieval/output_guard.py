"""What a model's answer may contain before a user sees it (OWASP LLM02/LLM05/LLM07).

* Links only to URLs that appear in the metadata of the sources given to the model; any other link (an
  injected "click here", a URL carrying data in its query string) is removed, keeping a link's label.
* No echo of the system prompt: an answer quoting a run of its rules is rejected.
* Streamed partial text is cut back to a safe prefix: invalid citations removed, foreign links removed,
  and a half-written ``[`` marker or URL at the end held back until it is complete.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.citations import MARKER, cites, needs_citation, paragraphs, validate_citations

# a bare URL (scheme or www.), stopping at whitespace, quotes and closing brackets
URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`\]\)}]+")
# a Markdown link [label](target): the label survives when the target is removed
MD_LINK = re.compile(r"\[([^\]\n]{0,300})\]\(\s*([^)\s]+)\s*\)")
_TRAILING = ".,;:!?…»”\"'"
_SHINGLE = 8  # words of the system prompt that may not appear verbatim in an answer


def normalise_url(url: str) -> str:
    url = url.strip().rstrip(_TRAILING).rstrip("/")
    url = re.sub(r"(?i)^https?://", "", url)
    url = re.sub(r"(?i)^www\.", "", url)
    host, sep, rest = url.partition("/")
    return host.lower() + sep + rest


def allowed_urls(urls: Iterable[object]) -> set[str]:
    """The normalised form of every URL in the sources' metadata (empty or missing values ignored)."""
    return {normalise_url(str(u)) for u in urls if u and str(u).strip()}


def strip_links(text: str, allowed: set[str]) -> str:
    """Remove every link whose target is not in ``allowed`` (normalised); keep Markdown links' labels."""

    def md(m: re.Match[str]) -> str:
        return m.group(0) if normalise_url(m.group(2)) in allowed else m.group(1)

    text = MD_LINK.sub(md, text)

    def bare(m: re.Match[str]) -> str:
        url = m.group(0)
        core = url.rstrip(_TRAILING)
        tail = url[len(core) :]
        return url if normalise_url(core) in allowed else tail

    text = URL.sub(bare, text)
    return re.sub(r"[ \t]{2,}", " ", text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def echoes_prompt(text: str, prompt: str, *, shingle: int = _SHINGLE) -> bool:
    """True when ``text`` repeats ``shingle`` consecutive words of ``prompt`` (system prompt leakage)."""
    p = _words(prompt)
    grams = {tuple(p[i : i + shingle]) for i in range(len(p) - shingle + 1)}
    t = _words(text)
    return any(tuple(t[i : i + shingle]) in grams for i in range(len(t) - shingle + 1))


def safe_partial(text: str, n_sources: int, allowed: set[str]) -> str:
    """The part of a streamed answer that may be shown now (see the module docstring).

    Only text up to its last valid citation is shown, and never past a paragraph that makes a claim
    without citing a source: uncited text waits for its citation, and an answer that turns out
    ungrounded (rejected at the end) has shown nothing of its uncited claims.
    """
    cut = len(text)
    last_open = text.rfind("[")
    if last_open != -1 and "]" not in text[last_open:]:
        cut = last_open  # "[1" or a Markdown link label still being written
    paren = text.rfind("](")
    if paren != -1 and ")" not in text[paren:]:
        cut = min(cut, text.rfind("[", 0, paren) if text.rfind("[", 0, paren) != -1 else paren)
    tail = re.search(r"\S+$", text[:cut])
    if tail and re.match(r"(?i)(h(t(t(p(s)?)?)?)?|w(w(w)?)?)$|https?:|www\.", tail.group(0)):
        cut = tail.start()  # maybe the start of a URL
    shown, used = validate_citations(text[:cut], n_sources)
    last = [m.end() for m in MARKER.finditer(shown)]
    if not used or not last:
        return ""
    shown = shown[: last[-1]]
    kept: list[str] = []
    for paragraph in paragraphs(shown):
        if needs_citation(paragraph) and not cites(paragraph, set(used)):
            break
        kept.append(paragraph)
    return strip_links("\n\n".join(kept), allowed)
