"""Building the BM25 index in a child process, so a long-lived process keeps only the result.

The build holds the postings of the whole corpus while it reduces them (1.3 GB peak at 300k chunks, 2.7 GB
at 1M, docs/BENCHMARKS.md "Scale"); the saved index is memory-mapped when loaded (a bot that rebuilt a 1M
index this way peaked at 406 MB). A bot replica that follows another host's ingest, or runs /reindex or the
scheduled re-index, would otherwise keep the build's peak as its own high-water mark — the allocator rarely
returns it. So a large collection on a Chroma server is built by a spawned child process that reads the
collection page by page, saves the index atomically at the given path and exits; the parent then loads the
file.

An embedded Chroma store is built in-process: its files belong to the one process that opened them.
"""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

from config.settings import Settings
from core.errors import BackendUnavailableError

log = logging.getLogger(__name__)


def builds_in_child(settings: Settings, chunks: int) -> bool:
    """Whether a collection of ``chunks`` chunks is built by a child process (settings decide)."""
    threshold = settings.lexical_build_child_min_chunks
    return bool(settings.chroma_url) and threshold >= 0 and chunks >= threshold


def build_in_child(settings: Settings, path: Path, ids: list[str] | None = None) -> None:
    """Build the BM25 index of ``settings``' collection (of its chunks ``ids``, when given) in a spawned
    child process and save it at ``path`` (atomically: the previous index stays whole if the child fails).
    Raises BackendUnavailableError when the child fails (its log lines and traceback go to this process's
    stderr)."""
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: none of the parent's heap
    child = context.Process(
        target=_build, args=(settings, str(path), ids), name="dtbot-lexical-build", daemon=True
    )
    child.start()
    child.join()
    if child.exitcode != 0:
        raise BackendUnavailableError(
            f"rebuilding the BM25 index failed in its child process (exit code {child.exitcode}); "
            "the previous index is kept"
        )


def _build(settings: Settings, path: str, ids: list[str] | None) -> None:
    """The child: read the collection page by page (texts, metadata, vectors), build, save."""
    from retrieval.lexical import LexicalIndex
    from retrieval.vector_store import iter_collection, read_collection

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    index = LexicalIndex.build_pages(iter_collection(read_collection(settings), vectors=True, ids=ids))
    index.save(Path(path))
    log.info("BM25 index of %d chunks built in a child process", len(index))
