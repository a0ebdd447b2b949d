"""`dtbot report NAME --out DIR` as a user runs it: the three files, the reader's view with --as-user, and
clear one-line errors for an unknown report or a broken questions file."""

from __future__ import annotations

import csv
import subprocess
from pathlib import Path

import openpyxl

from config.settings import Settings
from tests.conftest import SAMPLE, run_cli


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"DTBOT_HOME": str(settings.home), "DTBOT_EMBED_CACHE": str(settings.embed_cache_path),
           "DTBOT_EMBED_THREADS": "1"}  # fmt: skip
    return run_cli("report", *args, env=env)


def test_report_writes_html_xlsx_and_md(sample_settings: Settings, tmp_path: Path) -> None:
    """`dtbot report portfolio --out DIR` writes portfolio.html/.xlsx/.md and lists them; the workbook's
    project count is the register's."""
    proc = _run(sample_settings, "portfolio", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    for ext in ("html", "xlsx", "md"):
        assert (tmp_path / f"portfolio.{ext}").stat().st_size > 0
        assert f"portfolio.{ext}" in proc.stdout
    with (SAMPLE / "registers" / "project_portfolio.csv").open(encoding="utf-8") as f:
        codes = [r["code"] for r in csv.DictReader(f)]
    sheet = openpyxl.load_workbook(tmp_path / "portfolio.xlsx")["projects"]
    assert [r[0] for r in sheet.iter_rows(min_row=5, values_only=True)] == sorted(codes)


def test_report_as_a_user_who_is_not_staff_shows_no_staff_records(
    sample_settings: Settings, tmp_path: Path
) -> None:
    """With --as-user of an unknown Telegram id (public documents only) the portfolio lists no project."""
    proc = _run(sample_settings, "portfolio", "--out", str(tmp_path), "--as-user", "424242")
    assert proc.returncode == 0, proc.stderr
    assert "- **Projects**: 0 " in (tmp_path / "portfolio.md").read_text(encoding="utf-8")


def test_unknown_report_and_broken_questions_file_exit_2_with_a_message(
    sample_settings: Settings, tmp_path: Path
) -> None:
    """An unknown NAME and a questions file with a bad line end with exit code 2 and a one-line reason."""
    proc = _run(sample_settings, "budget", "--out", str(tmp_path))
    assert (
        proc.returncode == 2 and "unknown report 'budget'" in proc.stderr and "Traceback" not in proc.stderr
    )
    bad = tmp_path / "q.jsonl"
    bad.write_text(
        '{"question": "ok?", "answerable": false, "created_at": "2026-01-01"}\nnot json\n', encoding="utf-8"
    )
    proc = _run(sample_settings, "learning", "--out", str(tmp_path), "--questions", str(bad))
    assert proc.returncode == 2 and "q.jsonl line 2" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "learning.html").exists()
