"""Project answers cite, for each project, the passage that contributed most to its match — the project's
own record before a passage that merely names its code — so the same project is cited from the same record
whatever the language of the question."""

from __future__ import annotations

import pytest

from retrieval.engine import Engine


@pytest.mark.parametrize(
    ("topic", "code"),
    [
        ("digital ID", "KGZ-DIG-002"),
        ("открытыми данными", "KGZ-DIG-005"),
        ("Парламентти санариптештирүүгө", "KGZ-DIG-014"),
    ],
)
def test_project_is_cited_from_its_own_record(sample_engine: Engine, topic: str, code: str) -> None:
    """Among the matches for ``topic``, ``code``'s first cited passage is its own record (a register row or
    brief of that project), not a staff row or strategy passage that names the code."""
    matches = {m.project.code: m for m in sample_engine.project_results(topic, k=5)}
    assert code in matches, list(matches)
    assert matches[code].why[0].metadata.get("project") == code


def test_cited_passages_are_ordered_by_contribution(sample_engine: Engine) -> None:
    """Every match cites at most two passages, each of which belongs to or names the project."""
    for match in sample_engine.project_results("Which projects work with local municipalities?", k=5):
        assert 1 <= len(match.why) <= 2
        for hit in match.why:
            assert hit.metadata.get("project") == match.project.code or match.project.code in hit.text
