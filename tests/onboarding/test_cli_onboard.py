"""`dtbot onboard` as a user runs it: the cards one after another, `--json`, `--language`, `--as-user`."""

from __future__ import annotations

import json
import subprocess

from config.settings import Settings
from core.messages import t
from onboarding.model import CARD_KEYS
from tests.conftest import run_cli


def _run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    home = {"DTBOT_HOME": str(settings.home), "DTBOT_EMBED_CACHE": str(settings.embed_cache_path)}
    return run_cli("onboard", *args, env=home)


def test_onboard_prints_every_card_with_sources(sample_settings: Settings) -> None:
    """Without options: five headed cards in English, each followed by its numbered sources."""
    proc = _run(sample_settings)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    positions = [out.index(t("en", f"onb_card_{key}")) for key in CARD_KEYS]
    assert positions == sorted(positions)
    assert out.count("Sources") == len(CARD_KEYS) and "Onboarding tour · 5/5" in out
    assert "Tunduk" in out and "data/sample/" in out


def test_onboard_json_in_kyrgyz_and_as_a_stranger(sample_settings: Settings) -> None:
    """`--json --language ky` gives {language, cards:[{key,title,text,citations}]} with Kyrgyz titles;
    `--as-user` of an unknown user (not staff) cites public documents only; a bad language is refused."""
    data = json.loads(_run(sample_settings, "--json", "--language", "ky").stdout)
    assert data["language"] == "ky" and [c["key"] for c in data["cards"]] == list(CARD_KEYS)
    assert [c["title"] for c in data["cards"]] == [t("ky", f"onb_card_{k}") for k in CARD_KEYS]
    assert all(c["citations"] and {"n", "title", "source"} <= set(c["citations"][0]) for c in data["cards"])
    stranger = json.loads(_run(sample_settings, "--json", "--as-user", "987654").stdout)
    sources = {c["source"] for card in stranger["cards"] for c in card["citations"]}
    assert sources and all(s.startswith("data/sample/strategies/") for s in sources)
    bad = _run(sample_settings, "--language", "de")
    assert bad.returncode == 2 and "--language" in bad.stderr and "Traceback" not in bad.stderr
