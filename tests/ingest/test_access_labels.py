"""Access labels at ingestion: front matter, a register's per-row `access` column, `_access.yaml` rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import ParseError
from ingest.chunking import chunk_document
from ingest.parsers import parse_file


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_unlabelled_is_staff_and_unknown_labels_fail_closed_with_a_warning(tmp_path: Path) -> None:
    """No label means staff; a label the policy does not know (a typo, "confidential") becomes admin-only
    and the file carries a warning naming it."""
    plain = parse_file(_write(tmp_path / "a.md", "# Note\n\nBody text.\n"))
    assert plain.access == "staff" and not plain.metadata.get("row_warnings")
    odd = parse_file(_write(tmp_path / "b.md", "---\naccess: Confidential \n---\n# Note\n\nBody.\n"))
    assert odd.access == "admin"
    assert any("'Confidential'" in w and "admin-only" in w for w in odd.metadata["row_warnings"])
    group = parse_file(_write(tmp_path / "c.md", "---\naccess: Group:TaskForce\n---\n# N\n\nBody.\n"))
    assert group.access == "group:taskforce"


def test_access_yaml_labels_files_without_their_own_label(tmp_path: Path) -> None:
    """`_access.yaml` beside (or above) files labels those without front matter; the first matching
    pattern wins, the nearest folder's file wins over a parent's, and a document's own label wins."""
    _write(tmp_path / "_access.yaml", '"*.txt": public\n"hr/*": group:hr\n')
    _write(tmp_path / "hr" / "_access.yaml", '"salaries*": admin\n')
    assert parse_file(_write(tmp_path / "notes.txt", "Notes\nBody\n")).access == "public"
    assert parse_file(_write(tmp_path / "hr" / "salaries_2026.txt", "Pay\nBody\n")).access == "admin"
    assert parse_file(_write(tmp_path / "hr" / "leave.md", "# Leave\n\nBody.\n")).access == "group:hr"
    own = _write(tmp_path / "hr" / "open.md", "---\naccess: public\n---\n# Open\n\nBody.\n")
    assert parse_file(own).access == "public"
    assert parse_file(_write(tmp_path / "other.md", "# Other\n\nBody.\n")).access == "staff"


def test_broken_access_yaml_fails_the_files_it_governs(tmp_path: Path) -> None:
    """A malformed `_access.yaml` makes every file it could label fail with a message naming it, rather
    than be ingested with a guessed label."""
    _write(tmp_path / "_access.yaml", "- just\n- a list\n")
    with pytest.raises(ParseError, match="_access.yaml"):
        parse_file(_write(tmp_path / "doc.txt", "Doc\nBody\n"))


def test_register_rows_carry_their_own_labels_into_chunk_metadata(tmp_path: Path) -> None:
    """A staff register's `access` column labels each row's chunk; an empty cell falls back to the file's
    label and an unknown one is admin-only with a row warning. The label is part of the chunk id."""
    csv = (
        "name,email,expertise,access\n"
        "Ann Lee,ann@example.org,GIS:expert,public\n"
        "Bo Chen,bo@example.org,HR:advanced,group:hr\n"
        "Cy Dar,cy@example.org,IT:basic,\n"
        "Di Eko,di@example.org,IT:basic,secret\n"
    )
    path = _write(tmp_path / "staff.csv", csv)
    doc = parse_file(path)
    chunks = chunk_document(doc, doc_id="d", source=str(path))
    by_person = {c.metadata["person"]: c.metadata["access"] for c in chunks}
    assert by_person == {
        "ann@example.org": "public",
        "bo@example.org": "group:hr",
        "cy@example.org": "staff",
        "di@example.org": "admin",
    }
    assert any("row 5" in w and "'secret'" in w for w in doc.metadata["row_warnings"])
    relabelled = parse_file(
        _write(
            tmp_path / "v2" / "staff.csv",
            csv.replace(
                "Ann Lee,ann@example.org,GIS:expert,public", "Ann Lee,ann@example.org,GIS:expert,staff"
            ),
        )
    )
    again = chunk_document(relabelled, doc_id="d", source=str(path))
    assert chunks[0].text == again[0].text and chunks[0].id != again[0].id
