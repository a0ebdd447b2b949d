"""The `dtbot` CLI as a user runs it: search --json, stats, ask --json, experts --json, chat over stdin."""

from __future__ import annotations

import json
import subprocess

from config.settings import Settings
from tests.conftest import run_cli


def _run(settings: Settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    home = {"DTBOT_HOME": str(settings.home), "DTBOT_EMBED_CACHE": str(settings.embed_cache_path)}
    return run_cli(*args, env=home, stdin=stdin)


def test_search_json_shape_and_type_filter(sample_settings: Settings) -> None:
    """`dtbot search --json` prints objects with source, title, doc_type, score, text and metadata;
    `--type strategy` returns only strategy chunks."""
    proc = _run(
        sample_settings,
        "search",
        "national digital transformation priorities",
        "--k",
        "4",
        "--type",
        "strategy",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == 4
    for row in rows:
        assert {"source", "title", "doc_type", "score", "text", "metadata"} <= set(row)
        assert row["doc_type"] == "strategy" and row["source"].startswith("data/sample/strategies/")


def test_stats_counts_the_sample(sample_settings: Settings) -> None:
    """`dtbot stats --json` counts documents, chunks, people, projects and shows the last ingest."""
    data = json.loads(_run(sample_settings, "stats", "--json").stdout)
    assert data["documents"] >= 15 and data["people"] >= 30 and data["projects"] >= 15
    assert data["chunks"] > data["documents"] and data["last_ingest"]["failed"] == 0


def test_ask_json_contract(sample_settings: Settings) -> None:
    """`dtbot ask --json` prints {answer, citations:[{n,title,source}], mode, language}."""
    data = json.loads(_run(sample_settings, "ask", "Какие проекты используют Тундук?", "--json").stdout)
    assert data["mode"] == "extractive" and data["language"] == "ru"
    assert data["citations"] and {"n", "title", "source"} <= set(data["citations"][0])


def test_experts_json_contract(sample_settings: Settings) -> None:
    """`dtbot experts --json` lists people with name, email, score and evidence {title, source, role}."""
    rows = json.loads(_run(sample_settings, "experts", "cybersecurity", "--k", "3", "--json").stdout)
    assert len(rows) == 3
    assert rows[0]["email"].endswith("@undp.org") and rows[0]["evidence"]
    assert {"title", "source", "role"} <= set(rows[0]["evidence"][0])
    assert rows[0]["score"] >= rows[1]["score"] >= rows[2]["score"]


def test_chat_answers_who_works_on_digital_id(sample_settings: Settings) -> None:
    """The terminal chat answers "Who works on digital ID?" from the sample with sources, then exits on EOF."""
    proc = _run(sample_settings, "chat", stdin="Who works on digital ID?\n/new\n")
    assert proc.returncode == 0, proc.stderr
    assert "Sources" in proc.stdout and "@undp.org" in proc.stdout
    assert "staff_expertise.csv" in proc.stdout


def test_domain_errors_are_one_line_messages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A bad setting (openai embedder without endpoint) gives a one-line error and exit code 2, no traceback."""
    proc = run_cli("stats", env={"DTBOT_HOME": str(tmp_path), "DTBOT_EMBEDDER": "openai"})
    assert proc.returncode == 2 and "DTBOT_EMBED_BASE_URL" in proc.stderr and "Traceback" not in proc.stderr
