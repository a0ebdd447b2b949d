"""deploy/entrypoint.sh, the image's ENTRYPOINT, run for real on a temp home: `dtbot db upgrade` first;
`dtbot ingest` only when DTBOT_INGEST_ON_START is true, and a failed ingest does not stop the serve step;
a failed upgrade does; the command is exec'd (it becomes the process the signals reach)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from records import migrate

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
# stands in for `dtbot serve`: records that it ran and under which process id
SERVE = [sys.executable, "-c", "import os, sys; open(sys.argv[1], 'w').write(str(os.getpid()))"]


def _run(env: dict[str, str], *command: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run the entrypoint as the image does (sh, the venv's `dtbot` and `python` first on PATH)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DTBOT_") and k != "OPENAI_API_KEY"}
    path = f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}"
    proc = subprocess.Popen(
        ["/bin/sh", str(ENTRYPOINT), *command],
        env={**base, "PATH": path, "COLUMNS": "200", **env},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out, err = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err), proc.pid


def _revision(home: Path) -> str | None:
    with sqlite3.connect(home / "dtbot.sqlite") as conn:
        return conn.execute("select version_num from alembic_version").fetchone()[0]  # type: ignore[no-any-return]


def _runs(home: Path) -> int:
    with sqlite3.connect(home / "dtbot.sqlite") as conn:
        return int(conn.execute("select count(*) from ingestrun").fetchone()[0])


def test_upgrades_then_execs_the_command_without_ingesting(tmp_path: Path) -> None:
    """Without DTBOT_INGEST_ON_START: the records database is created at the newest revision, nothing is
    ingested (no run recorded, no vector store), and the command runs as the entrypoint's own process
    (exec), exiting 0."""
    home, mark = tmp_path / "home", tmp_path / "served"
    result, pid = _run(
        {"DTBOT_HOME": str(home), "DTBOT_SOURCES": str(ROOT / "data" / "sample")}, *SERVE, str(mark)
    )
    assert result.returncode == 0, result.stderr
    assert _revision(home) == migrate.head()
    assert _runs(home) == 0 and not (home / "chroma").exists()
    assert mark.read_text() == str(pid)  # exec'd: the serve step is the process the signals reach
    assert "dtbot ingest" not in result.stderr


def test_a_failing_ingest_does_not_stop_the_serve_step(tmp_path: Path) -> None:
    """DTBOT_INGEST_ON_START=true with a source that does not exist: `dtbot ingest` fails (logged), and the
    serve step still runs; the schema was upgraded before."""
    home, mark = tmp_path / "home", tmp_path / "served"
    env = {
        "DTBOT_HOME": str(home),
        "DTBOT_SOURCES": str(tmp_path / "missing"),
        "DTBOT_INGEST_ON_START": "true",
    }
    result, _ = _run(env, *SERVE, str(mark))
    assert result.returncode == 0, result.stderr
    assert "dtbot ingest failed" in result.stderr and "missing" in result.stdout + result.stderr
    assert mark.exists() and _revision(home) == migrate.head()


def test_ingest_on_start_ingests_the_sources_then_serves(tmp_path: Path, embed_cache_path: Path) -> None:
    """DTBOT_INGEST_ON_START=TRUE (any spelling Settings accepts) ingests DTBOT_SOURCES — one run recorded,
    the document's chunks in the store — before the serve step runs."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.md").write_text("# Note\n\nThe task force meets on Mondays to review digital projects.\n")
    home, mark = tmp_path / "home", tmp_path / "served"
    env = {
        "DTBOT_HOME": str(home),
        "DTBOT_SOURCES": str(docs),
        "DTBOT_INGEST_ON_START": "TRUE",
        "DTBOT_EMBED_CACHE": str(embed_cache_path),
        "DTBOT_EMBED_THREADS": "1",
    }
    result, _ = _run(env, *SERVE, str(mark))
    assert result.returncode == 0, result.stderr
    assert _runs(home) == 1 and mark.exists()
    with sqlite3.connect(home / "dtbot.sqlite") as conn:
        added = conn.execute("select added, failed from ingestrun").fetchone()
    assert tuple(added) == (1, 0)


def test_a_failed_upgrade_stops_the_container_before_serving(tmp_path: Path) -> None:
    """A database that cannot be reached (PostgreSQL URL to a closed port): `dtbot db upgrade` fails, the
    entrypoint exits non-zero and the serve step never runs."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends
    mark = tmp_path / "served"
    env = {
        "DTBOT_HOME": str(tmp_path / "home"),
        "DTBOT_DATABASE_URL": f"postgresql://dtbot@127.0.0.1:{port}/dtbot",
    }
    result, _ = _run(env, *SERVE, str(mark))
    assert result.returncode != 0 and not mark.exists()


def test_the_default_command_is_dtbot_serve(tmp_path: Path) -> None:
    """With no command the entrypoint runs `dtbot serve` (here it stops at once: no token, one clear line,
    exit 2)."""
    result, _ = _run({"DTBOT_HOME": str(tmp_path / "home")})
    assert result.returncode == 2, result.stderr
    assert (
        "entrypoint: exec dtbot serve" in result.stderr and "DTBOT_TELEGRAM_TOKEN is not set" in result.stderr
    )
