"""Citation validation and the groundedness rule for model answers."""

from __future__ import annotations

import re

import pytest

from retrieval.citations import is_grounded, validate_citations


@pytest.mark.parametrize(
    ("text", "n", "expected_text", "expected_used"),
    [
        ("Aida leads GovTech [1].", 3, "Aida leads GovTech [1].", [1]),
        ("Aida leads GovTech [4].", 3, "Aida leads GovTech.", []),
        ("Aida [0] leads GovTech.", 3, "Aida leads GovTech.", []),
        ("Claim [1][7].", 3, "Claim [1].", [1]),
        ("Claim [7][1].", 3, "Claim [1].", [1]),
        ("Claim [7] [1].", 3, "Claim [1].", [1]),
        ("Claim [1, 3].", 3, "Claim [1][3].", [1, 3]),
        ("Claim [1, 9].", 3, "Claim [1].", [1]),
        ("Claim [3;1].", 3, "Claim [3][1].", [1, 3]),
        ("Claim [8, 9], more.", 3, "Claim, more.", []),
        ("Claim [1-2].", 3, "Claim [1][2].", [1, 2]),
        ("Claim [1–3].", 3, "Claim [1][2][3].", [1, 2, 3]),
        ("Claim [2-9].", 3, "Claim [2][3].", [2, 3]),
        ("Claim [3-1].", 3, "Claim [1][2][3].", [1, 2, 3]),
        ("Claim [5-9].", 3, "Claim.", []),
        ("Claim [1-999999].", 2, "Claim [1][2].", [1, 2]),
        ("Claim [ 2 ].", 3, "Claim [2].", [2]),
        ("First [2]. Second [2][1].", 3, "First [2]. Second [2][1].", [1, 2]),
        ("A [9] and B [1].", 3, "A and B [1].", [1]),
        ("word[9]word [1]", 3, "word word [1]", [1]),
        ("Claim ([9]).", 3, "Claim.", []),
        ("[9] Starts with a bad marker [1].", 3, "Starts with a bad marker [1].", [1]),
        ("Line one [9]\nLine two [1]", 3, "Line one\nLine two [1]", [1]),
        ("- item [7]\n- other [2]", 3, "- item\n- other [2]", [2]),
        ("Tabs\t[9]\tkept", 3, "Tabs\tkept", []),
        ("No citations at all.", 3, "No citations at all.", []),
        ("Not a marker: [a], [], [1a], [ ].", 3, "Not a marker: [a], [], [1a], [ ].", []),
        ("Any source [1].", 0, "Any source.", []),
        ("Year [2024] budget [1].", 3, "Year budget [1].", [1]),
        ("Twice [1, 1].", 3, "Twice [1].", [1]),
        ("Mixed [1; 2-3, 99].", 3, "Mixed [1][2][3].", [1, 2, 3]),
    ],
)
def test_validate_citations(text, n, expected_text, expected_used):
    """Out-of-range markers are removed with their spacing; valid ones are normalised to single ``[n]``."""
    assert validate_citations(text, n) == (expected_text, expected_used)


def test_validate_citations_used_is_sorted_and_unique():
    """The used numbers are sorted and deduplicated across markers."""
    _, used = validate_citations("C [3]. B [1][3]. A [2, 1].", 3)
    assert used == [1, 2, 3]


def test_cleaned_markers_are_single_numbers():
    """After cleaning, every marker is a single ``[n]`` so the engine can renumber with ``\\[(\\d+)\\]``."""
    cleaned, used = validate_citations("A [1, 2]. B [2-3]. C [3; 9]. D [7].", 3)
    assert re.findall(r"\[[^\]]*\]", cleaned) == ["[1]", "[2]", "[2]", "[3]", "[3]"]
    assert used == [1, 2, 3]


def test_validate_citations_is_idempotent():
    """Cleaning an already clean text changes nothing."""
    once = validate_citations("A [1]. B [5], C [2-4].", 3)
    assert validate_citations(once[0], 3) == once


@pytest.mark.parametrize(
    "text",
    [
        "Aida Bekova leads the GovTech portfolio [1].",
        "Aida Bekova leads the GovTech portfolio [1]. She also mentors the data team.",
        "Here is what I found:\n\n- Aida Bekova leads GovTech work in Bishkek [1]\n- Marat supports data [2]",
        "## Experts\n\nAida Bekova leads the GovTech portfolio and digital ID work [1].",
        "Hello!\n\nAida Bekova leads the GovTech portfolio and digital ID work [1].",
        "Aida Bekova leads the GovTech portfolio [1].\n\n"
        "The sources do not mention when the project ends or what its budget is.",
        "Айда Бекова руководит направлением GovTech [1].\n\nВ источниках нет информации о бюджете проекта.",
        "Aida Bekova leads the GovTech portfolio [1].\n\nLet me know if you need more details about her.",
        "**Aida Bekova** leads the GovTech portfolio [1][2].",
        "Aida Bekova leads the GovTech portfolio [1-2].",
    ],
)
def test_grounded_answers(text):
    """Answers whose claim paragraphs cite a valid source are grounded; headings, greetings,
    lead-ins, pleasantries and "the sources don't say" paragraphs need no citation."""
    cleaned, used = validate_citations(text, 2)
    assert is_grounded(cleaned, used)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Aida Bekova leads the GovTech portfolio.",
        "Aida Bekova leads the GovTech portfolio [7].",
        "Aida Bekova leads the GovTech portfolio [0].",
        "I don't know.",
        "Aida Bekova leads the GovTech portfolio [1].\n\n"
        "Marat Osmonov runs the open data portal and the national data exchange platform.",
        "Marat Osmonov runs the open data portal and the national data exchange [5].\n\n"
        "Aida Bekova leads the GovTech portfolio [1].",
    ],
)
def test_ungrounded_answers(text):
    """No valid citation at all, or a substantive paragraph without one, makes an answer ungrounded."""
    cleaned, used = validate_citations(text, 2)
    assert not is_grounded(cleaned, used)


def test_is_grounded_ignores_numbers_not_in_used():
    """A marker that is not among the used numbers does not count as a citation."""
    assert not is_grounded("Aida Bekova leads the GovTech portfolio [3].", [1])
    assert not is_grounded("Aida Bekova leads the GovTech portfolio [1].", [])
