"""Scoped readers share the engine's language profile: a question asked through ``Engine.view(viewer)``
never re-reads every vector of the collection (which at 100k chunks takes seconds per question)."""

from __future__ import annotations

import pytest

import retrieval.search as search_module
from core.access import Viewer
from retrieval.engine import Engine


def test_scoped_questions_reuse_the_language_profile(
    sample_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the engine built its language profile once, searches through fresh scoped views (one per
    question, as the bot makes them) and through one reused view build it zero more times, and the view
    still only returns chunks its reader may read."""
    builds: list[int] = []
    real = search_module.language_profile

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        builds.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(search_module, "language_profile", counting)
    sample_engine.search("open data portal", k=5)  # the unscoped engine: built at most once here
    before = len(builds)
    staff = Viewer(user_id=2, staff=True)
    public_chat = Viewer(user_id=2, staff=True, chat_level="public")
    for query in ("open data portal", "Кто работает с ГИС?", "digital ID"):
        hits = sample_engine.view(public_chat).search(query, k=5)
        assert all(h.metadata["access"] == "public" for h in hits)
    view = sample_engine.view(staff)
    for _ in range(3):
        view.search("e-procurement", k=5)
    assert len(builds) == before
