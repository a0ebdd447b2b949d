"""Query latency of retrieval (no LLM) on a 50k-chunk collection.

    DTBOT_HOME=./bench-home .venv/bin/python scripts/bench_query.py ../shared/data/scifact [--chunks 50000]

Embedding 50k real chunks with the bundled model would take over an hour on 2 cores, and latency depends on
the collection's size, dimension and text lengths, not on what the vectors mean. So the collection is built
from the SciFact corpus already embedded by `dtbot eval beir` (run that first; its vectors are in the
embedding cache): each abstract is stored ~10 times as overlapping windows of its sentences, each window with
the abstract's vector plus small Gaussian noise (re-normalised). The BM25 index is built over the windows.
Queries are the SciFact test queries, embedded by the real model at query time (their embedding is part of
the measured latency; the engine's small query LRU is cleared between modes).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from config.settings import Settings  # noqa: E402
from evaluation.harness import load_beir  # noqa: E402
from evaluation.metrics import percentile  # noqa: E402
from retrieval.knowledge_base import open_knowledge_base  # noqa: E402
from retrieval.search import HybridRetriever  # noqa: E402


def windows(text: str, n: int) -> list[str]:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    if not sentences:
        return [text] * n
    out = []
    for i in range(n):
        start = i % len(sentences)
        out.append(" ".join(sentences[start : start + 3]) or text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scifact", type=Path)
    ap.add_argument("--chunks", type=int, default=50_000)
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args()

    base = Settings()
    data = load_beir(args.scifact, "test")
    kb_settings = base.model_copy(
        update={
            "home": base.home / "latency50k",
            "embed_cache": base.embed_cache_path,
            "collection": "latency",
            "database_url": None,
            "chroma_url": None,
        }
    )
    kb = open_knowledge_base(kb_settings)
    ids = [doc_id for doc_id, _, _ in data.corpus]
    if kb.store.count() != args.chunks:
        texts = [f"{title}\n\n{text}" if title else text for _, title, text in data.corpus]
        print(
            f"embedding/looking up {len(texts)} abstracts (cached after `dtbot eval beir`)…", file=sys.stderr
        )
        vecs = kb.embedder.embed_documents(texts)
        per_doc = -(-args.chunks // len(ids))
        rng = np.random.default_rng(0)
        rows: list[tuple[str, str, dict, np.ndarray]] = []
        for doc_id, text, vec in zip(ids, texts, vecs, strict=True):
            for j, window in enumerate(windows(text, per_doc)):
                noisy = vec + rng.normal(0, 0.02, vec.shape).astype(np.float32)
                rows.append(
                    (
                        f"{doc_id}-{j}",
                        window,
                        {"doc_id": doc_id, "doc_type": "other", "title": doc_id},
                        noisy / np.linalg.norm(noisy),
                    )
                )
        rows = rows[: args.chunks]
        kb.store.reset()
        for start in range(0, len(rows), 1000):
            part = rows[start : start + 1000]
            kb.store.collection.upsert(
                ids=[r[0] for r in part],
                documents=[r[1] for r in part],
                metadatas=[r[2] for r in part],
                embeddings=[r[3].tolist() for r in part],
            )
        kb.sync_lexical(force=True)
    n = kb.store.count()
    queries = [text for _, text in data.queries[: args.queries]]
    results = {"chunks": n, "queries": len(queries)}
    for mode in ("dense", "bm25", "hybrid"):
        retriever = HybridRetriever(kb, mode=mode)  # type: ignore[arg-type]
        kb.embedder._queries.clear()  # type: ignore[attr-defined]
        retriever.search("warm-up query", k=10)
        times = []
        for q in queries:
            t0 = time.perf_counter()
            retriever.search(q, k=10)
            times.append((time.perf_counter() - t0) * 1000)
        results[f"{mode}/p50_ms"] = round(percentile(times, 50), 1)
        results[f"{mode}/p95_ms"] = round(percentile(times, 95), 1)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(results))
    kb.close()


if __name__ == "__main__":
    main()
