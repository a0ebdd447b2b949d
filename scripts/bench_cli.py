"""Cold start of the CLI: wall time of whole fresh ``dtbot`` processes on the ingested bundled sample.

Ingests ``data/sample`` into a temporary home (using the shared embedding cache
``.pytest_cache/dtbot-embed-cache.sqlite`` when present, so nothing is re-embedded), then times N fresh
processes of ``dtbot stats``, ``dtbot search "digital ID"`` and offline ``dtbot ask "Who works on digital
ID?"`` (no LLM configured) and prints a markdown table of median and p90 seconds against the goals.

    DTBOT_EMBED_THREADS=1 .venv/bin/python scripts/bench_cli.py [--runs 7] [--home DIR] [--json]

One untimed run of each command first warms the OS file cache; every timed run is a new interpreter.
Wall time is the goal; machine load inflates it (2 shared cores), so the CPU time (user + system) of the
processes is reported too, and the 1-minute load average at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".pytest_cache" / "dtbot-embed-cache.sqlite"
COMMANDS: list[tuple[str, list[str], float]] = [
    ("dtbot stats", ["stats"], 1.0),
    ('dtbot search "digital ID"', ["search", "digital ID"], 3.0),
    ('dtbot ask "Who works on digital ID?"', ["ask", "Who works on digital ID?"], 3.0),
]


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
    env["DTBOT_HOME"] = str(home)
    env["DTBOT_EMBED_THREADS"] = os.environ.get("DTBOT_EMBED_THREADS", "1")
    if CACHE.exists():
        env["DTBOT_EMBED_CACHE"] = str(CACHE)
    return env


def _dtbot(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dtbot.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _children_cpu() -> float:
    """User + system CPU seconds of finished child processes (less sensitive to machine load than wall)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="timed fresh processes per command")
    parser.add_argument("--home", type=Path, help="use (and keep) this home instead of a temporary one")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a markdown table")
    args = parser.parse_args()

    home = args.home or Path(tempfile.mkdtemp(prefix="dtbot-bench-cli-"))
    env = _env(home)
    try:
        started = time.perf_counter()
        proc = _dtbot(["ingest", "-q", str(REPO / "data" / "sample")], env)
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout + proc.stderr)
            return 1
        ingest_s = time.perf_counter() - started
        rows = []
        for label, cmd, goal in COMMANDS:
            warm = _dtbot(cmd, env)
            if warm.returncode != 0:
                sys.stderr.write(f"{label} failed:\n{warm.stderr}")
                return 1
            times, cpus = [], []
            for _ in range(args.runs):
                t0, c0 = time.perf_counter(), _children_cpu()
                _dtbot(cmd, env)
                times.append(time.perf_counter() - t0)
                cpus.append(_children_cpu() - c0)
            median = statistics.median(times)
            rows.append(
                {
                    "command": label,
                    "runs": args.runs,
                    "median_s": round(median, 2),
                    "p90_s": round(_p90(times), 2),
                    "min_s": round(min(times), 2),
                    "cpu_median_s": round(statistics.median(cpus), 2),
                    "goal_s": goal,
                    "met": median <= goal,
                }
            )
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        if args.json:
            print(json.dumps({"ingest_s": round(ingest_s, 1), "load1": load, "rows": rows}, indent=2))
            return 0
        print(f"ingest of data/sample: {ingest_s:.1f} s; load average (1 min) at the end: {load}")
        print()
        print("| command | runs | median s | p90 s | min s | CPU median s | goal s | met |")
        print("|---|---:|---:|---:|---:|---:|---:|:---:|")
        for r in rows:
            print(
                f"| `{r['command']}` | {r['runs']} | {r['median_s']:.2f} | {r['p90_s']:.2f} | "
                f"{r['min_s']:.2f} | {r['cpu_median_s']:.2f} | ≤ {r['goal_s']:.0f} | "
                f"{'yes' if r['met'] else 'no'} |"
            )
        return 0
    finally:
        if args.home is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
