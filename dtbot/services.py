"""Application services shared by the edges (CLI, bot) that are not part of the answering engine."""

from __future__ import annotations

from config.settings import Settings
from ops.reindex import reindex_sources


async def reindex(settings: Settings) -> str:
    """Ingest the configured sources (DTBOT_SOURCES) in a worker thread; return the one-paragraph summary.

    The same pipeline as the scheduled re-index (ops/reindex.py). The running engine picks the new chunks
    up at once (Chroma is shared) and reloads the BM25 index on its next query. A concurrent ingest by
    another process fails fast on the home's write lock.
    """
    summary = await reindex_sources(settings, trigger="admin")
    return summary.text()
