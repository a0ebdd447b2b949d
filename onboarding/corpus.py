"""What a viewer may read, loaded once per tour through the scoped knowledge base, and the plain-text
helpers the cards use to quote it (bodies without their context header, prose sentences, documents)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from core.types import Hit
from retrieval.knowledge_base import KnowledgeBase

# markdown a quote should not carry: emphasis, inline code, link targets
_MARKUP = re.compile(r"\*\*|__|`|\[([^\]]+)\]\([^)]*\)")
_FIELD_LINE = re.compile(r"^\s*\*\*[^*]{1,40}:\*\*")  # "**Status:** active · **Budget:** …"
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«“(]?[A-ZА-ЯЁӨҮҢ0-9])")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Passage:
    """One readable chunk."""

    hit: Hit

    @property
    def meta(self) -> dict:
        return self.hit.metadata

    @property
    def doc_id(self) -> str:
        return str(self.meta.get("doc_id", self.hit.source))

    @property
    def language(self) -> str:
        return str(self.meta.get("language") or "")

    @property
    def doc_type(self) -> str:
        return self.hit.doc_type

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind") or "")

    @property
    def position(self) -> int:
        try:
            return int(self.meta.get("position", 0))
        except (TypeError, ValueError):
            return 0

    @property
    def heading(self) -> str:
        """The last heading of the chunk's section path (``""`` for a document's preamble)."""
        path = [p for p in str(self.meta.get("section", "")).split(" > ") if p]
        return path[-1] if len(path) >= 2 else ""

    @property
    def body(self) -> str:
        return body_of(self.hit.text)


def body_of(text: str) -> str:
    """A chunk's text without the context header (``Title > Section``) the chunker puts first."""
    return text.split("\n\n", 1)[1] if "\n\n" in text else text


def clean(text: str) -> str:
    """Inline markdown removed and whitespace collapsed."""
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", text).split())


def sentences(text: str, *, min_words: int = 6) -> list[str]:
    """The prose sentences of a chunk body: headings, tables and ``**Field:**`` lines skipped, list items
    kept as sentences, inline markdown removed; sentences shorter than ``min_words`` words dropped."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []
        for line in block.splitlines():
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", "|", ">", "[[")) or _FIELD_LINE.match(stripped):
                continue
            if _BULLET.match(stripped):  # a list item stands alone
                if lines:
                    out += _split(" ".join(lines), min_words)
                    lines = []
                out += _split(_BULLET.sub("", stripped), min_words)
                continue
            lines.append(stripped)
        if lines:
            out += _split(" ".join(lines), min_words)
    return out


def _split(paragraph: str, min_words: int) -> list[str]:
    return [s for s in _SENTENCE_END.split(clean(paragraph)) if len(_WORD.findall(s)) >= min_words]


def lead(text: str, *, n: int = 2, limit: int = 360) -> str:
    """The first ``n`` prose sentences of a chunk body, at most ``limit`` characters (cut at a word)."""
    picked: list[str] = []
    for sentence in sentences(text):
        if picked and len(" ".join([*picked, sentence])) > limit:
            break
        picked.append(sentence)
        if len(picked) >= n:
            break
    joined = " ".join(picked)
    if len(joined) <= limit:
        return joined
    return joined[: joined.rfind(" ", 0, limit)].rstrip(",;:") + " …"


def words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 3}


class ReadableCorpus:
    """Every chunk ``kb`` lets its viewer read (``kb`` is ``Engine.view(viewer).kb``): the scoped vector
    store adds the access policy's clause to the one query made here, so nothing unreadable is loaded."""

    def __init__(self, kb: KnowledgeBase) -> None:
        got = kb.store.get_where({"doc_id": {"$ne": ""}})
        self.passages = [
            Passage(Hit(cid, text or "", 0.0, dict(meta or {})))
            for cid, text, meta in zip(
                got["ids"], got["documents"] or [], got["metadatas"] or [], strict=False
            )
        ]
        self.by_doc: dict[str, list[Passage]] = defaultdict(list)
        for p in self.passages:
            self.by_doc[p.doc_id].append(p)
        for chunks in self.by_doc.values():
            chunks.sort(key=lambda p: p.position)

    def documents(self, doc_type: str | None = None) -> list[list[Passage]]:
        """The readable documents (their chunks in order), optionally of one ``doc_type``."""
        return [c for c in self.by_doc.values() if doc_type is None or c[0].doc_type == doc_type]

    def document_hit(self, doc_id: str) -> Hit | None:
        """A citation target for a whole readable document (its title, source, date, url and label)."""
        chunks = self.by_doc.get(doc_id)
        if not chunks:
            return None
        keep = ("doc_id", "title", "source", "date", "url", "access", "doc_type", "language")
        meta = {k: v for k, v in chunks[0].meta.items() if k in keep}
        return Hit(f"doc:{doc_id}", "", 0.0, meta)

    def mentioning(self, needle: str) -> list[Passage]:
        """Chunks whose text contains ``needle`` as a whole word (case-sensitive)."""
        pattern = re.compile(rf"(?<![\w-]){re.escape(needle)}(?![\w])")
        return [p for p in self.passages if pattern.search(p.hit.text)]
