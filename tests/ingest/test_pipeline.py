"""Ingestion pipeline: incremental runs, removals, bad input, locking, embedder mismatch and crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.errors import EmbedderMismatchError, StoreBusyError
from ingest.chunking import chunk_document
from ingest.lock import write_lock
from ingest.parsers import parse_file
from ingest.pipeline import run_ingest
from ingest.sources import document_id
from records import crud
from retrieval.knowledge_base import open_knowledge_base
from retrieval.vector_store import VectorStore
from tests.conftest import REPO, make_settings, run_cli


def _doc(path: Path, title: str, sections: int = 3, words: str = "") -> None:
    body = [f"---\ndoc_type: other\ntitle: {title}\n---\n# {title}\n"]
    for i in range(sections):
        body.append(
            f"## Part {i + 1}\n\n{title} part {i + 1} covers {words or 'digital services'} topic {i}.\n"
        )
    path.write_text("\n".join(body), encoding="utf-8")


def _state(settings):  # type: ignore[no-untyped-def]
    """(chroma ids, SQL chunk ids of active documents) of a home."""
    kb = open_knowledge_base(settings)
    try:
        chroma = {cid for ids in kb.store.ids_by_document().values() for cid in ids}
        with kb.session() as s:
            sql = {cid for d in crud.active_documents(session=s) for cid in d.chunk_ids}
        return chroma, sql, kb.store.count()
    finally:
        kb.close()


def _expected_ids(folder: Path) -> set[str]:
    ids: set[str] = set()
    for f in sorted(folder.rglob("*.md")):
        p = f.resolve()
        ids |= {c.id for c in chunk_document(parse_file(p), doc_id=document_id(p), source=str(p))}
    return ids


def test_incremental_add_update_skip_remove(tmp_path: Path, embed_cache_path: Path, db_url: str) -> None:
    """Unchanged files are skipped without re-embedding; a changed file's chunks are replaced; a file gone
    from a fully listed folder is removed from Chroma and marked removed in SQL (SQLite and PostgreSQL)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("a", "b", "c"):
        _doc(src / f"{name}.md", f"Document {name}")
    settings = make_settings(tmp_path / "home", embed_cache_path, database_url=db_url)

    first = run_ingest(settings, [src])
    assert (first.count("add"), first.ok) == (3, True)
    second = run_ingest(settings, [src])
    assert second.count("skip") == 3 and second.embedded_texts == 0 and second.chunks_written == 0

    _doc(src / "a.md", "Document a", sections=2, words="open data portals")
    (src / "c.md").unlink()
    third = run_ingest(settings, [src])
    assert {r.source.rsplit("/", 1)[-1]: r.action for r in third.results} == {
        "a.md": "update",
        "b.md": "skip",
        "c.md": "remove",
    }
    chroma, sql, count = _state(settings)
    assert chroma == sql == _expected_ids(src) and count == len(chroma)
    kb = open_knowledge_base(settings)
    with kb.session() as s:
        removed = crud.get_document(session=s, doc_id=document_id((src / "c.md").resolve()))
        assert removed is not None and removed.status == "removed"
    hits = kb.store.search("open data portals", k=1)
    assert "open data portals" in hits[0].text
    kb.close()


def test_listing_a_single_file_never_removes_its_siblings(tmp_path: Path, embed_cache_path: Path) -> None:
    """Only folders listed completely trigger removals: ingesting one file leaves the others alone."""
    src = tmp_path / "src"
    src.mkdir()
    _doc(src / "a.md", "Alpha")
    _doc(src / "b.md", "Beta")
    settings = make_settings(tmp_path / "home", embed_cache_path)
    run_ingest(settings, [src])
    summary = run_ingest(settings, [src / "a.md"])
    assert [r.action for r in summary.results] == ["skip"]
    chroma, sql, _ = _state(settings)
    assert chroma == sql == _expected_ids(src)


def test_dry_run_writes_nothing(tmp_path: Path, embed_cache_path: Path, db_url: str) -> None:
    """--dry-run reports the plan but stores no vectors and no documents (SQLite and PostgreSQL)."""
    src = tmp_path / "src"
    src.mkdir()
    _doc(src / "a.md", "Alpha")
    settings = make_settings(tmp_path / "home", embed_cache_path, database_url=db_url)
    plan = run_ingest(settings, [src], dry_run=True)
    assert [r.action for r in plan.results] == ["add"] and plan.dry_run
    chroma, sql, count = _state(settings)
    assert (chroma, sql, count) == (set(), set(), 0)


def test_bad_inputs_are_reported_and_keep_stored_data(
    tmp_path: Path, embed_cache_path: Path, db_url: str
) -> None:
    """Corrupt PDF, empty file, undecodable text, a CSV missing columns and a missing path each fail with a
    specific reason; good files still ingest; a previously stored version of a now-broken file is kept
    (SQLite and PostgreSQL)."""
    src = tmp_path / "src"
    src.mkdir()
    _doc(src / "good.md", "Good document")
    (src / "notes.txt").write_text("Field notes on GIS training in Osh.", encoding="utf-8")
    settings = make_settings(tmp_path / "home", embed_cache_path, database_url=db_url)
    assert run_ingest(settings, [src]).ok
    before_chroma, _, _ = _state(settings)

    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> garbage")
    (src / "empty.md").write_text("   \n", encoding="utf-8")
    (src / "latin.txt").write_bytes("caf\xe9 na\xefve".encode("latin-1"))
    (src / "people.csv").write_text("name,title\nA,B\n", encoding="utf-8")
    (src / "notes.txt").write_bytes(b"broken \xc3\x28 now")  # a stored file turns undecodable
    summary = run_ingest(settings, [src, tmp_path / "nowhere"])
    reasons = {Path(r.source).name: r.reason for r in summary.failures}
    assert "corrupt PDF" in reasons["broken.pdf"]
    assert reasons["empty.md"] == "empty file"
    assert "UTF-8" in reasons["latin.txt"]
    assert "missing required columns" in reasons["people.csv"] and "email" in reasons["people.csv"]
    assert reasons["nowhere"] == "path does not exist"
    assert "UTF-8" in reasons["notes.txt"]
    assert not summary.ok
    after_chroma, after_sql, _ = _state(settings)
    assert after_chroma == before_chroma == after_sql  # nothing lost, nothing half-written


def test_cli_exit_codes_and_summary(tmp_path: Path, embed_cache_path: Path) -> None:
    """`dtbot ingest` exits 0 when every file ingested and 1 when one failed, naming the file and reason."""
    src = tmp_path / "src"
    src.mkdir()
    _doc(src / "ok.md", "Fine")
    env = {"DTBOT_HOME": str(tmp_path / "home"), "DTBOT_EMBED_CACHE": str(embed_cache_path)}
    ok = run_cli("ingest", str(src), env=env)
    assert ok.returncode == 0, ok.stderr
    assert "1 added" in ok.stdout
    (src / "bad.docx").write_bytes(b"not a zip")
    bad = run_cli("ingest", str(src), env=env)
    assert bad.returncode == 1
    assert "bad.docx" in bad.stderr and "DOCX" in bad.stderr
    assert "Traceback" not in bad.stderr + bad.stdout


def test_second_writer_fails_fast(tmp_path: Path, embed_cache_path: Path) -> None:
    """While one process holds the home's write lock, another ingest fails at once with a clear message."""
    settings = make_settings(tmp_path / "home", embed_cache_path)
    src = tmp_path / "src"
    src.mkdir()
    _doc(src / "a.md", "Alpha")
    with write_lock(settings.lock_path):
        with pytest.raises(StoreBusyError, match="another dtbot process is writing"):
            run_ingest(settings, [src])
        env = {"DTBOT_HOME": str(settings.home), "DTBOT_EMBED_CACHE": str(embed_cache_path)}
        proc = run_cli("ingest", str(src), env=env)
        assert proc.returncode == 2 and "another dtbot process is writing" in proc.stderr


class _OtherEmbedder:
    """A real (tiny, deterministic) embedder with another name and dimension."""

    name = "test/other-8d"
    dim = 8

    def embed_documents(self, texts):  # type: ignore[no-untyped-def]
        import numpy as np

        return np.ones((len(texts), 8), dtype=np.float32) / np.sqrt(8)

    def embed_query(self, text):  # type: ignore[no-untyped-def]
        return self.embed_documents([text])[0]


def test_collection_refuses_another_embedder(tmp_path: Path, embed_cache_path: Path) -> None:
    """A collection built by one embedder cannot be opened with another; the message says to --reset."""
    src = tmp_path / "src"
    src.mkdir()
    _doc(src / "a.md", "Alpha")
    settings = make_settings(tmp_path / "home", embed_cache_path)
    run_ingest(settings, [src])
    with pytest.raises(EmbedderMismatchError, match="--reset"):
        VectorStore(settings, _OtherEmbedder())
    # --reset rebuilds with the current embedder and keeps working
    summary = run_ingest(settings, [src], reset=True)
    assert summary.count("add") == 1


def _cache_rows(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM embedding").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("kill_after_rows", [8, 40])
def test_kill_9_mid_ingest_converges(tmp_path: Path, kill_after_rows: int) -> None:
    """An ingest killed with SIGKILL mid-way and re-run ends with exactly the expected chunk set:
    Chroma ids == SQL chunk ids == ids computed from the files — no duplicates, no orphans."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(14):
        _doc(
            src / f"doc{i:02d}.md",
            f"Crash test document {i}",
            sections=5,
            words=f"the {i}th variant of e-governance and GIS practice in region {i}",
        )
    home, cache = tmp_path / "home", tmp_path / "fresh-cache.sqlite"  # a cold cache keeps the run slow
    env = {**os.environ, "DTBOT_HOME": str(home), "DTBOT_EMBED_CACHE": str(cache), "DTBOT_EMBED_BATCH": "4"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dtbot.cli", "ingest", "-q", str(src)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while _cache_rows(cache) < kill_after_rows and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    settings = make_settings(home, cache)
    summary = run_ingest(settings, [src])
    assert summary.ok, summary.text()
    chroma, sql, count = _state(settings)
    expected = _expected_ids(src)
    assert chroma == sql == expected
    assert count == len(expected)
    again = run_ingest(settings, [src])
    assert again.count("skip") == 14 and again.embedded_texts == 0
