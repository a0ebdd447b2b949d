"""Expert finding benchmark: the ranking methods on one knowledge base, per question language.

    DTBOT_HOME=./bench-home-experts .venv/bin/python scripts/bench_experts.py [data/eval/expert_queries.jsonl]
        [--methods documents,plain,profile,tags,fused] [--whole] [--json] [--details]
    DTBOT_HOME=./bench-home-experts .venv/bin/python scripts/bench_experts.py --cv

``documents`` is Balog's model 2 alone (the method before the person-centric profile), ``plain`` the
reference baseline (a person's best raw similarity between the question and one of their pages' "title:
tags" lines), ``profile`` the person-centric profile alone, ``tags`` the tag-centric model alone
(retrieval/tag_experts.py), ``fused`` the default. People are ranked by the question's topic, as the product
does; ``--whole`` ranks by the whole question. ``--cv`` chooses the tag model's weight and margin by 2-fold
cross-validation over the questions (folds alternate within each language; the choice maximises the mean
of the three languages' P@5 on one fold and is reported on the other). The knowledge base must hold the
pages the questions' tags resolve to (see docs/BENCHMARKS.md for how it was built).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from config.settings import Settings  # noqa: E402
from evaluation.harness import eval_experts  # noqa: E402
from retrieval.embedders import make_embedder  # noqa: E402

LANGS = ("en", "ru", "ky")
CV_WEIGHTS = (0.0, 2.0, 4.0, 8.0, 16.0)
CV_MARGINS = (0.5, 1.0, 2.0)


def _print(results: list[dict[str, Any]]) -> None:
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


def _fold_metrics(rows: list[dict[str, Any]]) -> dict[str, tuple[float, float, float]]:
    """(P@1, P@5, MRR) per language of per-question rows."""
    out = {}
    for lang in LANGS:
        mine = [r for r in rows if r["language"] == lang]
        if mine:
            out[lang] = tuple(
                round(statistics.fmean(r[key] for r in mine), 3) for key in ("P@1", "P@5", "RR")
            )
    return out


def _macro_p5(metrics: dict[str, tuple[float, float, float]]) -> float:
    return statistics.fmean(m[1] for m in metrics.values()) if metrics else 0.0


def cross_validate(settings: Settings, file: Path, embedder: Any, by_topic: bool) -> dict[str, Any]:
    """2-fold cross-validation of ``expert_tag_weight`` × ``expert_tag_model_margin_z`` (see the docstring)."""
    grid = [(0.0, CV_MARGINS[0])] + [(w, m) for w in CV_WEIGHTS if w > 0 for m in CV_MARGINS]
    details: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for weight, margin in grid:
        retrieval = settings.retrieval.model_copy(
            update={"expert_tag_weight": weight, "expert_tag_model_margin_z": margin}
        )
        tuned = settings.model_copy(update={"retrieval": retrieval})
        result = eval_experts(tuned, file, embedder=embedder, details=True, by_topic=by_topic)
        details[(weight, margin)] = result["details"]
    n = len(next(iter(details.values())))
    folds: list[set[int]] = [set(), set()]
    for lang in LANGS:
        idx = [i for i, row in enumerate(next(iter(details.values()))) if row["language"] == lang]
        for j, i in enumerate(idx):
            folds[j % 2].add(i)
    report: dict[str, Any] = {"questions": n, "by_topic": by_topic, "folds": []}
    for a in (0, 1):
        train, test = folds[a], folds[1 - a]

        def on(rows: list[dict[str, Any]], part: set[int]) -> dict[str, tuple[float, float, float]]:
            return _fold_metrics([r for i, r in enumerate(rows) if i in part])

        best = max(grid, key=lambda g: (_macro_p5(on(details[g], train)), -g[0], g[1]))
        report["folds"].append(
            {
                "chosen_on": f"fold {a}",
                "weight": best[0],
                "margin_z": best[1],
                "train": on(details[best], train),
                "test": on(details[best], test),
                "test_without_tags": on(details[(0.0, CV_MARGINS[0])], test),
            }
        )
    report["grid"] = {f"w={w} m={m}": _fold_metrics(rows) for (w, m), rows in sorted(details.items())}
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default="data/eval/expert_queries.jsonl")
    parser.add_argument("--methods", default="documents,plain,profile,tags,fused")
    parser.add_argument("--whole", action="store_true", help="rank by the whole question, not its topic")
    parser.add_argument("--cv", action="store_true", help="2-fold cross-validation of the tag model's weight")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--details", action="store_true", help="per-question rankings (with --json)")
    args = parser.parse_args()
    settings = Settings()
    embedder = make_embedder(settings)  # one embedder: query vectors are reused across methods
    if args.cv:
        report = cross_validate(settings, Path(args.file), embedder, by_topic=not args.whole)
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    results = [
        eval_experts(
            settings,
            Path(args.file),
            method=m.strip(),
            embedder=embedder,
            details=args.details,
            by_topic=not args.whole,
        )
        for m in args.methods.split(",")
        if m.strip()
    ]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    _print(results)


if __name__ == "__main__":
    main()
