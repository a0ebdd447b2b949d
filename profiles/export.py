"""``dtbot profiles export FILE.xlsx|FILE.csv``: the merged expertise register in the register's own format.

One row per active person with an e-mail, in the staff register's columns (``data/sample/registers/
staff_expertise.csv``) plus ``learning_interests`` — and ``access`` when some person is not visible to all
staff —, with what people declared merged in (``records.profile_models.merge_expertise``: declared areas
added, removed ones left out; declared languages replace the register's). Re-ingesting the file as the
staff register gives the same people and expertise, so the office can keep its spreadsheet.

Cells are data, never formulas: a cell starting with ``=``, ``+``, ``-`` or ``@`` is written with a leading
``'`` (spreadsheet formula injection); the register parser reads such a cell back without it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlmodel import Session, select

from core.access import PUBLIC, STAFF, parse_label
from core.errors import ConfigError
from profiles import service, store
from records.models import Document, Statement
from records.profile_models import merge_expertise

COLUMNS = ("name", "email", "title", "unit", "languages", "expertise", "bio", "telegram", "phone", "projects")
EXTRA = ("learning_interests",)
_FORMULA_START = ("=", "+", "-", "@")
_STRICTNESS = {PUBLIC: 0, STAFF: 1}  # then group:… 2, admin 3


def neutralise(value: str) -> str:
    """A cell a spreadsheet will show as text: ``=1+1`` → ``'=1+1`` (also ``+``, ``-``, ``@``, and the same
    characters after leading spaces or a tab/CR, which some spreadsheets skip)."""
    text = str(value)
    stripped = text.lstrip(" \t\r\n")
    return "'" + text if stripped.startswith(_FORMULA_START) or text.startswith(("\t", "\r")) else text


def _label_rank(label: str) -> int:
    value = parse_label(label).value
    return _STRICTNESS.get(value, 2 if value.startswith("group:") else 3)


def _person_labels(session: Session) -> dict[str, str]:
    """person key → the least restrictive label of the active documents (or rows) that state them."""
    rows = session.exec(
        select(Statement.key, Statement.data, Document.access)
        .join(Document, Document.id == Statement.document_id)  # type: ignore[arg-type]
        .where(Statement.kind == "person", Document.status == "active")
    )
    out: dict[str, str] = {}
    for key, data, doc_access in rows:
        label = parse_label((data or {}).get("access") or doc_access).value
        if key not in out or _label_rank(label) < _label_rank(out[key]):
            out[key] = label
    return out


def register_rows(session: Session) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the merged register (every active person with an e-mail, by name)."""
    people = [p for p in service.people_with_profiles(session) if p.email]
    entries = store.list_entries(session, person_keys=[p.key for p in people])
    by_person: dict[str, list] = {}
    for entry in entries:
        by_person.setdefault(entry.person_key, []).append(entry)
    labels = _person_labels(session)
    with_access = any(labels.get(p.key, STAFF) != STAFF for p in people)
    header = list(COLUMNS + EXTRA) + (["access"] if with_access else [])
    rows = []
    for p in people:
        own = by_person.get(p.key, [])
        expertise = merge_expertise(p.expertise, own)
        languages, _ = service.effective_languages(p, own)
        learning = service.effective_learning(p, own)
        roles = service.roles_of(session, person_id=p.id) if p.id is not None else []
        row = [
            p.name,
            p.email or "",
            p.title or "",
            p.unit or "",
            "; ".join(languages),
            "; ".join(f"{tag}:{level}" if level else tag for tag, (level, _, _) in expertise.items()),
            p.bio or "",
            p.telegram or "",
            p.phone or "",
            "; ".join(f"{code}:{role}" for code, role in roles),
            "; ".join(item.value for item in learning),
        ]
        if with_access:
            row.append(labels.get(p.key, STAFF))
        rows.append(row)
    return header, rows


def write_register(session: Session, path: Path) -> int:
    """Write the merged register to ``path`` (``.csv`` or ``.xlsx``); returns the number of people."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ConfigError(f"cannot export to {path.name}: use a .csv or .xlsx file name")
    header, rows = register_rows(session)
    safe = [[neutralise(cell) for cell in row] for row in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(safe)
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")  # the BOM makes Excel read UTF-8
    else:
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "staff_expertise"
        sheet.append(header)
        for row in safe:
            sheet.append(row)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                cell.data_type = "s"  # text, whatever it looks like (never a formula)
        workbook.save(path)
    return len(rows)
