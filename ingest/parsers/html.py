"""HTML pages: BeautifulSoup with the stdlib parser; sections follow ``h1``–``h3``."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

from core.documents import ParsedDocument, Section
from core.errors import ParseError
from ingest.parsers.text import MAX_TITLE_CHARS, clip, detect_language, tidy

_DROP = ("script", "style", "nav", "noscript", "template", "svg", "iframe", "form")
_BLOCK = (
    "p", "div", "li", "tr", "section", "article", "header", "footer", "main", "aside", "pre",
    "blockquote", "table", "ul", "ol", "dl", "dt", "dd", "h4", "h5", "h6", "figure", "figcaption",
    "address", "hr",
)  # fmt: skip
_MARK = "\x00H"


def parse_html(path: Path, data: bytes) -> ParsedDocument:
    """Parse an HTML file: title from ``<title>`` or the first ``h1``; one section per h1–h3 heading."""
    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()

    title_tag = soup.find("title")
    title = clip(title_tag.get_text(" ")) if title_tag else ""
    h1 = soup.find("h1")
    if not title and h1 is not None:
        title = clip(h1.get_text(" "))
    title = title or path.stem
    html_tag = soup.find("html")
    lang = html_tag.get("lang") if isinstance(html_tag, Tag) else None
    if title_tag:
        title_tag.decompose()

    for heading in soup.find_all(["h1", "h2", "h3"]):
        level = int(heading.name[1])
        text = " ".join(heading.get_text(" ").split())
        heading.replace_with(NavigableString(f"\n{_MARK}{level}{text}\n"))
    for br in soup.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for cell in soup.find_all(["td", "th"]):
        cell.append(NavigableString(" | "))
    for block in soup.find_all(_BLOCK):
        block.append(NavigableString("\n"))

    root = soup.body or soup
    sections: list[Section] = []
    trail: list[tuple[int, str]] = []
    body: list[str] = []

    def flush() -> None:
        content = tidy("\n".join(body))
        if content:
            path_ = [name for _, name in trail]
            if not any(level == 1 for level, _ in trail):
                path_ = [title, *path_]
            sections.append(Section(path=path_, text=content))

    for raw in root.get_text().split("\n"):
        line = " ".join(raw.split()).strip(" |") if raw.strip() else ""
        if raw.startswith(_MARK):
            heading_text = raw[len(_MARK) + 1 :].strip()
            if not heading_text:
                continue
            flush()
            body = []
            level = int(raw[len(_MARK)])
            while trail and trail[-1][0] >= level:
                trail.pop()
            trail.append((level, clip(heading_text, MAX_TITLE_CHARS)))
            continue
        body.append(line)
    flush()
    if not sections:
        raise ParseError("no text content in the HTML page")
    doc = ParsedDocument(title=title, sections=sections)
    all_text = "\n".join(s.text for s in sections)
    doc.language = str(lang).split("-")[0].lower() if lang else detect_language(all_text)
    return doc
