"""Language parity: does the same question in English, Russian and Kyrgyz rest on the same evidence?

For each triple of ``tests/data/parity_triples.jsonl`` the offline (extractive) engine answers all three
questions; the overlap of a language is the share of the English answer's top-5 citations (by
source + title) that reappear among that language's answer citations. Prints per-triple and average
overlap for RU and KY (and the stricter top-5 vs top-5 figure).

    DTBOT_HOME=<home with data/sample ingested> .venv/bin/python scripts/bench_parity.py [--json]

Without DTBOT_HOME set, a scratch home under ./bench-home/parity is ingested from data/sample first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TRIPLES = REPO / "tests" / "data" / "parity_triples.jsonl"


def load_triples(path: Path = TRIPLES) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def citation_keys(answer: Any, top: int | None = None) -> list[tuple[str, str]]:
    """(source, title) of an answer's citations in citation order (the first ``top`` when given)."""
    keys = [(c.source, c.title) for c in answer.citations]
    return keys[:top] if top else keys


def overlap(en: list[tuple[str, str]], other: list[tuple[str, str]]) -> float:
    """Share of ``en`` found in ``other``; 1.0 when English cites nothing and neither does ``other``."""
    if not en:
        return 1.0 if not other else 0.0
    return sum(k in set(other) for k in en) / len(en)


def measure(engine: Any, triples: list[dict[str, str]]) -> dict[str, Any]:
    """Per-triple and average overlaps (ru, ky): EN top-5 in all citations, and EN top-5 in top-5."""

    async def answers(t: dict[str, str]) -> dict[str, Any]:
        return {lang: await engine.ask(t[lang], language=lang) for lang in ("en", "ru", "ky")}

    rows = []
    for t in triples:
        got = asyncio.run(answers(t))
        en5 = citation_keys(got["en"], 5)
        row: dict[str, Any] = {"id": t["id"], "en": t["en"], "intents": {k: a.intent for k, a in got.items()}}
        for lang in ("ru", "ky"):
            row[lang] = overlap(en5, citation_keys(got[lang]))
            row[f"{lang}_top5"] = overlap(en5, citation_keys(got[lang], 5))
        rows.append(row)
    n = len(rows) or 1
    summary = {key: round(sum(r[key] for r in rows) / n, 3) for key in ("ru", "ky", "ru_top5", "ky_top5")}
    return {"triples": len(rows), "average": summary, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()

    from config.settings import Settings
    from retrieval.engine import open_engine

    if "DTBOT_HOME" not in os.environ:
        from ingest.pipeline import run_ingest

        settings = Settings(home=REPO / "bench-home" / "parity")
        run_ingest(settings, [REPO / "data" / "sample"])
    else:
        settings = Settings()
    engine = open_engine(settings)
    engine.chat_model = None  # offline extractive mode: the measurement is about retrieval
    try:
        result = measure(engine, load_triples())
    finally:
        engine.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for r in result["rows"]:
        intents = "/".join(r["intents"][k][:4] for k in ("en", "ru", "ky"))
        print(
            f"{r['id']}  ru {r['ru']:.2f} ({r['ru_top5']:.2f})  ky {r['ky']:.2f} ({r['ky_top5']:.2f})  {intents}  {r['en']}"
        )
    avg = result["average"]
    print(
        f"average over {result['triples']} triples: RU {avg['ru']:.3f}  KY {avg['ky']:.3f}  "
        f"(top-5 vs top-5: RU {avg['ru_top5']:.3f}  KY {avg['ky_top5']:.3f})"
    )


if __name__ == "__main__":
    main()
