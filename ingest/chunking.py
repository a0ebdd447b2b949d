"""Structure-aware chunking with deterministic chunk ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from langchain_text_splitters import RecursiveCharacterTextSplitter

from core.documents import ParsedDocument

_SCALARS = (str, int, float, bool)


@dataclass
class Chunk:
    id: str
    text: str  # what is embedded and indexed: a context header + the section text
    metadata: dict[str, Any]


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Chroma accepts scalars only: lists become '; '-joined strings, None is dropped."""
    out: dict[str, Any] = {}
    for k, v in meta.items():
        if v is None or k == "row_warnings":
            continue
        if isinstance(v, _SCALARS):
            out[k] = v
        elif isinstance(v, list | tuple | set):
            items = [str(x) for x in v if x is not None and str(x).strip()]
            if items:
                out[k] = "; ".join(items)
        else:
            out[k] = str(v)
    return out


def chunk_document(
    doc: ParsedDocument, *, doc_id: str, source: str, max_chars: int = 1200, overlap: int = 150
) -> list[Chunk]:
    """Split each section on its own (never across headings/pages); atomic sections stay whole."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_chars, chunk_overlap=overlap, separators=["\n\n", "\n", ". ", " ", ""]
    )
    base = _clean_meta(
        {
            **doc.metadata,
            "doc_id": doc_id,
            "source": source,
            "title": doc.title,
            "doc_type": doc.doc_type,
            "language": doc.language,
            "date": doc.date,
            "access": doc.access,
            "url": doc.url,
        }
    )
    chunks: list[Chunk] = []
    for section in doc.sections:
        body = section.text.strip()
        if not body:
            continue
        pieces = [body] if section.atomic else splitter.split_text(body)
        path = [p for p in section.path if p]
        header_parts = [doc.title] + [p for p in path if p != doc.title]
        header = " > ".join(header_parts)
        for piece in pieces:
            text = f"{header}\n\n{piece}" if header else piece
            position = len(chunks)
            meta = dict(base)
            meta.update(_clean_meta(section.metadata))
            # the access label is part of the content hash: relabelling a chunk gives it a new id
            digest = hashlib.sha256(f"{meta.get('access', '')}\n{text}".encode()).hexdigest()
            meta.update({"section": " > ".join(path), "position": position, "chunk_hash": digest})
            if section.page is not None:
                meta["page"] = section.page
            chunks.append(Chunk(id=f"{doc_id}-{position:04d}-{digest[:12]}", text=text, metadata=meta))
    return chunks
