"""Expert finding benchmark: the four ranking methods on one knowledge base, per question language.

    DTBOT_HOME=./bench-home-experts .venv/bin/python scripts/bench_experts.py [data/eval/expert_queries.jsonl]
        [--methods documents,plain,profile,fused] [--json] [--details]

``documents`` is Balog's model 2 alone (the method before the person-centric profile), ``plain`` the
reference baseline (a person's best raw similarity between the question and one of their pages' "title:
tags" lines), ``profile`` the person-centric profile alone, ``fused`` the default. The knowledge base must
hold the pages the questions' tags resolve to (see docs/BENCHMARKS.md for how it was built).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.settings import Settings  # noqa: E402
from evaluation.harness import eval_experts  # noqa: E402
from retrieval.embedders import make_embedder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default="data/eval/expert_queries.jsonl")
    parser.add_argument("--methods", default="documents,plain,profile,fused")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--details", action="store_true", help="per-question rankings (with --json)")
    args = parser.parse_args()
    settings = Settings()
    embedder = make_embedder(settings)  # one embedder: query vectors are reused across methods
    results = [
        eval_experts(settings, Path(args.file), method=m.strip(), embedder=embedder, details=args.details)
        for m in args.methods.split(",")
        if m.strip()
    ]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    print(f"{'method':<10} {'lang':<4} {'n':>3} {'P@1':>6} {'P@5':>6} {'MRR':>6}")
    for r in results:
        rows = [("all", r)] + sorted(r["by_language"].items())
        for lang, m in rows:
            print(
                f"{r['method']:<10} {lang:<4} {m['queries']:>3} {m['P@1']:>6.3f} {m['P@5']:>6.3f} {m['MRR']:>6.3f}"
            )
        print(
            f"{'':<10} skipped {r['skipped']}, latency p50 {r.get('latency_p50_ms')} ms, p95 {r.get('latency_p95_ms')} ms"
        )


if __name__ == "__main__":
    main()
