"""Listing and hashing the files to ingest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from core.errors import ParseError
from ingest.access_rules import rule_label
from ingest.parsers import SUPPORTED_SUFFIXES


@dataclass(frozen=True)
class SourceFile:
    path: Path  # resolved absolute path
    root: str  # the listed argument (resolved) this file was found under

    @property
    def source(self) -> str:
        return str(self.path)


def document_id(path: Path) -> str:
    """Stable id of a document: derived from its resolved path."""
    return hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:16]  # noqa: S324 - an id, not security


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_digest(path: Path) -> str:
    """What decides whether a file changed: its bytes, plus the ``_access.yaml`` label that applies to it
    (so relabelling a file there re-ingests it). Equal to ``sha256_file`` when no rule applies."""
    digest = sha256_file(path)
    try:
        label = rule_label(path)
    except ParseError:  # a broken _access.yaml: parse_file fails the file and says why
        return digest
    if label is None:
        return digest
    return hashlib.sha256(f"{digest}\naccess:{label}".encode()).hexdigest()


def list_sources(paths: list[Path]) -> tuple[list[SourceFile], list[str], list[tuple[str, str]]]:
    """Expand paths into supported files.

    Returns (files, complete_roots, missing) where ``complete_roots`` are directories listed in full
    (files gone from them are removed from the knowledge base) and ``missing`` pairs a path with a reason.
    """
    files: dict[Path, SourceFile] = {}
    complete: list[str] = []
    missing: list[tuple[str, str]] = []
    for raw in paths:
        p = raw.expanduser().resolve()
        if not p.exists():
            missing.append((str(raw), "path does not exist"))
            continue
        if p.is_dir():
            complete.append(str(p) + "/")
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES:
                    files.setdefault(f, SourceFile(path=f, root=str(p)))
        elif p.is_file():
            files.setdefault(p, SourceFile(path=p, root=str(p.parent)))
        else:
            missing.append((str(raw), "not a regular file or directory"))
    return list(files.values()), complete, missing
