"""docker-compose.yml and .env.example against the real settings: every DTBOT_ variable they use is a
field of ``config.settings.Settings`` (derived from the model, nested groups included), .env.example
documents every setting and nothing unknown, and the compose file wires bot, chroma and postgres with
named volumes and the migration before the bot."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import AliasChoices, BaseModel

from config.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
_ENV_LINE = re.compile(r"^(?:# ?)?([A-Z][A-Z0-9_]*)=(.*)$")


def setting_variables() -> tuple[set[str], set[str]]:
    """(every environment variable Settings reads, the leaf ones): ``DTBOT_<FIELD>`` or the field's
    aliases, and ``DTBOT_<GROUP>__<FIELD>`` for each field of a nested group (the group's own name, a JSON
    object, is readable but not a leaf)."""
    readable: set[str] = set()
    leaves: set[str] = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        own = (
            {str(c) for c in alias.choices} if isinstance(alias, AliasChoices) else {f"DTBOT_{name.upper()}"}
        )
        readable |= own
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            nested = {f"DTBOT_{name.upper()}__{sub.upper()}" for sub in annotation.model_fields}
            readable |= nested
            leaves |= nested
        else:
            leaves |= own
    return readable, leaves


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def compose_variables() -> set[str]:
    """Every ``${VAR}`` / ``$VAR`` interpolated in docker-compose.yml (``$$`` is a literal dollar)."""
    return set(_VAR.findall(COMPOSE.read_text(encoding="utf-8").replace("$$", "")))


def env_example() -> dict[str, str]:
    """Every ``NAME=value`` line of .env.example, commented out (``# NAME=value``) or not."""
    out: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = _ENV_LINE.match(line)
        if match:
            assert match[1] not in out, f"{match[1]} is listed twice"
            out[match[1]] = match[2]
    return out


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {str(k): str(v) for k, v in env.items()}


def test_the_settings_model_yields_the_variables_we_check_against() -> None:
    """The derived variable set holds plain, aliased and nested settings — and not a made-up one."""
    readable, leaves = setting_variables()
    assert {"DTBOT_HOME", "DTBOT_WEBHOOK_PORT", "DTBOT_REINDEX_INTERVAL", "OPENAI_API_KEY"} <= leaves
    assert "DTBOT_RETRIEVAL__FUSION" in leaves and "DTBOT_RETRIEVAL" in readable - leaves
    assert "DTBOT_LLM_API_KEY" in leaves and "DTBOT_NOT_A_SETTING" not in readable


def test_compose_has_bot_chroma_postgres_with_named_volumes() -> None:
    """Services bot, chroma and postgres (and a one-shot migrate); the state of each (the bot's home,
    Chroma's /data, PostgreSQL's data directory) is a named volume declared at the top level; any bind
    mount is read-only (the sources)."""
    data = compose()
    services = data["services"]
    assert {"bot", "chroma", "postgres", "migrate"} <= set(services)
    declared = set(data.get("volumes") or {})
    state = {"bot": "/data", "chroma": "/data", "postgres": "/var/lib/postgresql/data"}
    for name, service in services.items():
        mounts = {}
        for volume in service.get("volumes", []):
            assert isinstance(volume, str), f"{name}: use the short volume syntax"
            source, _, rest = volume.partition(":")
            target, _, mode = rest.partition(":")
            mounts[target] = source
            if source.startswith((".", "/", "~")):
                assert mode == "ro", f"{name}: bind mount {volume} must be read-only"
            else:
                assert source in declared, f"{name}: volume {source} is not declared under volumes:"
        if name in state:
            source = mounts.get(state[name], "")
            assert source in declared, f"{name}: {state[name]} must be a named volume, got {source!r}"
    assert services["chroma"]["image"].startswith("chromadb/chroma:")
    assert services["postgres"]["image"].startswith("postgres:")


def test_compose_migrates_before_the_bot_starts() -> None:
    """`migrate` runs `dtbot db upgrade` once PostgreSQL is healthy; the bot waits for it to complete
    successfully, for a healthy PostgreSQL and for Chroma, and runs `dtbot serve`."""
    services = compose()["services"]
    migrate, bot, postgres = services["migrate"], services["bot"], services["postgres"]
    assert [*migrate.get("entrypoint", []), *migrate.get("command", [])] == ["dtbot", "db", "upgrade"]
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "chroma" in bot["depends_on"]
    assert bot["command"] == ["dtbot", "serve"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert bot["env_file"] == ".env" and migrate["env_file"] == ".env"


def test_every_dtbot_variable_of_compose_is_a_setting() -> None:
    """Every ``environment:`` key and every ``${VAR}`` of docker-compose.yml that starts with DTBOT_ is a
    variable Settings reads; the bot reaches postgres and chroma by their service names."""
    readable, _ = setting_variables()
    used = {v for v in compose_variables() if v.startswith("DTBOT_")}
    for service in compose()["services"].values():
        used |= {k for k in _environment(service) if k.startswith("DTBOT_")}
    assert used, "compose sets no DTBOT_ variable at all"
    assert used <= readable, f"not settings: {sorted(used - readable)}"
    bot = _environment(compose()["services"]["bot"])
    assert bot["DTBOT_CHROMA_URL"] == "http://chroma:8000"
    assert (
        bot["DTBOT_DATABASE_URL"].startswith("postgresql://")
        and "@postgres:5432/" in bot["DTBOT_DATABASE_URL"]
    )
    assert bot["DTBOT_WEBHOOK_LISTEN"] == "0.0.0.0"


def test_env_example_documents_every_setting_and_nothing_unknown() -> None:
    """.env.example lists every leaf setting (derived from the model) and, besides them, only variables
    docker-compose.yml interpolates (POSTGRES_PASSWORD)."""
    _, leaves = setting_variables()
    listed = set(env_example())
    assert not leaves - listed, f"settings missing from .env.example: {sorted(leaves - listed)}"
    compose_only = {v for v in compose_variables() if not v.startswith("DTBOT_")}
    assert not listed - leaves - compose_only, (
        f"unknown in .env.example: {sorted(listed - leaves - compose_only)}"
    )
    assert compose_only <= listed, "every variable compose needs is in .env.example"


def test_every_value_shown_in_env_example_is_valid(tmp_path: Path) -> None:
    """All of .env.example's lines, uncommented, load into Settings without a validation error (so every
    example and default shown is a value the setting accepts), and its secrets are placeholders."""
    values = env_example()
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")
    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]
    assert settings.reindex_interval == 6 * 3600 and settings.webhook_listen == "0.0.0.0"
    assert settings.retrieval.project_code_pattern == r"\b[A-Z]{2,5}-[A-Z]{2,5}-\d{2,4}\b"
    for name, value in values.items():
        if re.search(r"KEY|TOKEN|SECRET|PASSWORD", name) and value:
            assert re.search(r"replace|change-me", value), f"{name} looks like a real secret"
