"""Staff and project registers from CSV or XLSX: one atomic section + records per row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.access import parse_label
from core.documents import LinkRecord, ParsedDocument, PersonRecord, ProjectRecord, Section
from core.errors import ParseError
from ingest.parsers.text import clip, decode_text, detect_language

STAFF_REQUIRED = ("name", "email")
STAFF_OPTIONAL = (
    "title", "unit", "languages", "expertise", "bio", "telegram", "phone", "projects", "access",
    "learning_interests",
)  # fmt: skip
PROJECT_REQUIRED = ("code", "title")
PROJECT_OPTIONAL = (
    "status", "start", "end", "budget_usd", "partners", "donors", "digital_components", "sdgs",
    "thematic_areas", "summary", "strategy_refs", "lead", "team", "access",
)  # fmt: skip

STAFF_ALIASES = {
    "full_name": "name", "fullname": "name", "person": "name", "staff_name": "name",
    "e_mail": "email", "mail": "email", "email_address": "email", "e_mail_address": "email",
    "role": "title", "position": "title", "job_title": "title",
    "department": "unit", "team": "unit", "office": "unit",
    "language": "languages", "skills": "expertise", "project": "projects",
    "telegram_handle": "telegram", "tg": "telegram", "phone_number": "phone", "mobile": "phone",
    "learning_interest": "learning_interests", "learning": "learning_interests",
    "wants_to_learn": "learning_interests", "learning_needs": "learning_interests",
}  # fmt: skip
PROJECT_ALIASES = {
    "project_code": "code", "id": "code", "project_id": "code",
    "project_title": "title", "project_name": "title", "name": "title",
    "budget": "budget_usd", "budget_(usd)": "budget_usd", "budget_usd_": "budget_usd",
    "start_date": "start", "end_date": "end", "partner": "partners", "donor": "donors",
    "components": "digital_components", "sdg": "sdgs", "thematic_area": "thematic_areas",
    "description": "summary", "strategy": "strategy_refs", "strategy_alignment": "strategy_refs",
    "project_lead": "lead", "lead_email": "lead", "team_members": "team",
}  # fmt: skip

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_header(raw: Any) -> str:
    """``" E-mail "`` → ``email``-ready key: strip, lower-case, spaces/hyphens collapsed to ``_``."""
    text = str(raw if raw is not None else "").strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def _cell(value: Any) -> str:
    """Cell value as trimmed text; whole floats lose their ``.0``; dates become ISO strings."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).replace("\u00a0", " ").strip()
    # a cell our own exports neutralised against formula injection ('=…, '+996…, '@handle) reads back as is
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@" else text


def _split(value: str, seps: str = ";") -> list[str]:
    out: list[str] = []
    for part in re.split(f"[{re.escape(seps)}\n]", value):
        part = " ".join(part.split())
        if part and part not in out:
            out.append(part)
    return out


def _pretty_title(stem: str) -> str:
    words = re.sub(r"[_\-]+", " ", stem).strip()
    words = words[:1].upper() + words[1:] if words else "Register"
    return words if words.lower().endswith("register") else f"{words} register"


# ---------------------------------------------------------------- reading


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    text = decode_text(data)
    first = next((line for line in text.split("\n") if line.strip()), "")
    delimiter = max(",;\t", key=first.count) if any(c in first for c in ",;\t") else ","
    rows: list[tuple[int, list[str]]] = []
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        for row in reader:
            rows.append((reader.line_num, [_cell(c) for c in row]))
    except csv.Error as exc:
        raise ParseError(f"malformed CSV at line {reader.line_num}: {exc}") from None
    return rows


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl  # local: only needed for spreadsheets

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise ParseError("not a valid XLSX file: not a zip archive") from None
    except Exception as exc:
        raise ParseError(f"not a valid XLSX file: {clip(str(exc) or type(exc).__name__, 160)}") from None
    try:
        if not workbook.worksheets:
            raise ParseError("XLSX file has no worksheets")
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell(c) for c in row])
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


# ---------------------------------------------------------------- detecting the kind


def _columns(header: list[str], aliases: dict[str, str]) -> dict[str, int]:
    """Canonical column name → index (first occurrence wins; ``donors`` kept apart from ``partners``)."""
    cols: dict[str, int] = {}
    for index, raw in enumerate(header):
        key = normalise_header(raw)
        key = aliases.get(key, key)
        if key and key not in cols:
            cols[key] = index
    return cols


def _detect(header: list[str]) -> tuple[str, dict[str, int]]:
    staff = _columns(header, STAFF_ALIASES)
    projects = _columns(header, PROJECT_ALIASES)
    found = ", ".join(h for h in header if h) or "no column names"
    candidates = []
    for kind, cols, required, optional in (
        ("staff", staff, STAFF_REQUIRED, STAFF_OPTIONAL),
        ("projects", projects, PROJECT_REQUIRED, PROJECT_OPTIONAL),
    ):
        have = [c for c in required if c in cols]
        # a lone "title" column is no evidence of a project register (staff registers have one too)
        evidence = [c for c in have if not (kind == "projects" and c == "title")]
        score = (len(have) == len(required), len(evidence), sum(c in cols for c in optional))
        candidates.append((score, kind, cols, required))
    candidates.sort(key=lambda c: c[0], reverse=True)
    (complete, n_evidence, _), kind, cols, required = candidates[0]
    if not n_evidence and not complete:
        raise ParseError(
            "unrecognised register: needs columns name+email (staff) or code+title (projects); "
            f"found: {found}"
        )
    missing = [c for c in required if c not in cols]
    if missing:
        raise ParseError(f"missing required columns: {', '.join(missing)} (found: {found})")
    return kind, cols


# ---------------------------------------------------------------- rows


def _get(row: list[str], cols: dict[str, int], key: str) -> str:
    index = cols.get(key)
    return row[index].strip() if index is not None and index < len(row) else ""


def _budget(text: str) -> float | None:
    cleaned = re.sub(r"(?i)usd|us\$|\$|\s|'", "", text)
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        cleaned = (
            cleaned.replace(",", "")
            if cleaned.rfind(".") > cleaned.rfind(",")
            else (cleaned.replace(".", "").replace(",", "."))
        )
    elif "," in cleaned:
        cleaned = (
            cleaned.replace(",", "")
            if re.fullmatch(r"\d{1,3}(,\d{3})+", cleaned)
            else (cleaned.replace(",", "."))
        )
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(text) from None


def _date(text: str) -> str | None:
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)  # 31.12.2024 (day first)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return text
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[ T].*", text)  # datetime text
    return match.group(1) if match else text


def _opt(text: str) -> str | None:
    return text or None


def _row_access(doc: ParsedDocument, row: list[str], cols: dict[str, int], line: int) -> str | None:
    """The row's own access label (``access`` column), normalised; unknown labels are reported."""
    raw = _get(row, cols, "access")
    if not raw.strip():
        return None
    label = parse_label(raw)
    if not label.known:
        doc.metadata["row_warnings"].append(
            f"row {line}: unknown access label {raw.strip()!r} — treated as admin-only"
        )
    return label.value


def _staff_row(
    doc: ParsedDocument, row: list[str], cols: dict[str, int], line: int, seen: dict[str, int]
) -> None:
    name = " ".join(_get(row, cols, "name").split())
    email = _get(row, cols, "email").lower().removeprefix("mailto:")
    missing = [key for key, value in (("name", name), ("email", email)) if not value]
    if missing:
        doc.metadata["row_warnings"].append(f"row {line}: missing {', '.join(missing)}")
        return
    if not _EMAIL.match(email):
        doc.metadata["row_warnings"].append(f"row {line}: invalid email {email!r}")
        return
    if email in seen:
        doc.metadata["row_warnings"].append(f"row {line}: duplicate email {email} (kept row {seen[email]})")
        return
    seen[email] = line

    expertise: dict[str, str | None] = {}
    for item in _split(_get(row, cols, "expertise")):
        tag, _, level = item.partition(":")
        if tag.strip():
            expertise[tag.strip()] = level.strip().lower() or None
    person = PersonRecord(
        email=email,
        name=name,
        title=_opt(_get(row, cols, "title")),
        unit=_opt(_get(row, cols, "unit")),
        languages=_split(_get(row, cols, "languages"), ";,"),
        expertise=expertise,
        bio=_opt(" ".join(_get(row, cols, "bio").split())),
        telegram=_opt(_get(row, cols, "telegram")),
        phone=_opt(_get(row, cols, "phone")),
        # not part of the row's searchable text: wanting to learn a topic is no evidence of knowing it
        learning_interests=_split(_get(row, cols, "learning_interests")),
    )
    doc.people.append(person)
    roles: list[str] = []
    for item in _split(_get(row, cols, "projects")):
        code, _, role = item.partition(":")
        code, role = code.strip(), (role.strip().lower() or "member")
        if code:
            doc.links.append(LinkRecord(person_key=email, role=role, project_code=code))
            roles.append(f"{code} ({role})")

    head = ", ".join(v for v in (person.title, person.unit) if v)
    parts = [f"{name} — {head}." if head else f"{name}."]
    if expertise:
        parts.append(
            "Expertise: " + ", ".join(f"{t} ({lvl})" if lvl else t for t, lvl in expertise.items()) + "."
        )
    if person.languages:
        parts.append("Languages: " + ", ".join(person.languages) + ".")
    if roles:
        parts.append("Projects: " + ", ".join(roles) + ".")
    if person.bio:
        parts.append(person.bio)
    parts.append("Contact: " + ", ".join(v for v in (email, person.telegram) if v) + ".")
    person.access = _row_access(doc, row, cols, line)
    metadata = {"person": email, "unit": person.unit, "kind": "person", "access": person.access}
    doc.sections.append(
        Section(
            path=[doc.title, name],
            text="\n".join(parts),
            metadata={k: v for k, v in metadata.items() if v is not None},
            atomic=True,
        )
    )


def _project_row(
    doc: ParsedDocument, row: list[str], cols: dict[str, int], line: int, seen: dict[str, int]
) -> None:
    warnings = doc.metadata["row_warnings"]
    code = _get(row, cols, "code")
    title = " ".join(_get(row, cols, "title").split())
    missing = [key for key, value in (("code", code), ("title", title)) if not value]
    if missing:
        warnings.append(f"row {line}: missing {', '.join(missing)}")
        return
    if code in seen:
        warnings.append(f"row {line}: duplicate code {code} (kept row {seen[code]})")
        return
    seen[code] = line

    budget_text = _get(row, cols, "budget_usd")
    try:
        budget = _budget(budget_text)
    except ValueError:
        warnings.append(f"row {line}: invalid budget_usd {budget_text!r} (ignored)")
        budget = None
    partners = _split(_get(row, cols, "partners"))
    partners += [p for p in _split(_get(row, cols, "donors")) if p not in partners]
    project = ProjectRecord(
        code=code,
        title=title,
        status=_opt(_get(row, cols, "status").lower()),
        start=_date(_get(row, cols, "start")),
        end=_date(_get(row, cols, "end")),
        budget_usd=budget,
        partners=partners,
        digital_components=_split(_get(row, cols, "digital_components")),
        sdgs=_split(_get(row, cols, "sdgs")),
        thematic_areas=_split(_get(row, cols, "thematic_areas")),
        summary=_opt(" ".join(_get(row, cols, "summary").split())),
        strategy_refs=_split(_get(row, cols, "strategy_refs")),
    )
    doc.projects.append(project)

    lead = _get(row, cols, "lead").lower()
    if lead and not _EMAIL.match(lead):
        warnings.append(f"row {line}: invalid lead email {lead!r} (ignored)")
        lead = ""
    if lead:
        doc.links.append(LinkRecord(person_key=lead, role="lead", project_code=code))
    team: list[str] = []
    for item in _split(_get(row, cols, "team")):
        email, _, role = item.partition(":")
        email, role = email.strip().lower(), (role.strip().lower() or "member")
        if not _EMAIL.match(email):
            warnings.append(f"row {line}: invalid team email {email!r} (ignored)")
            continue
        if email == lead and role == "lead":
            continue
        doc.links.append(LinkRecord(person_key=email, role=role, project_code=code))
        team.append(f"{email} ({role})")

    parts = [f"{title} ({code})" + (f" — status: {project.status}." if project.status else ".")]
    if project.start or project.end:
        parts.append(f"Dates: {project.start or '?'} to {project.end or '?'}.")
    if budget is not None:
        parts.append(f"Budget: USD {budget:,.0f}.")
    for label, values in (
        ("Partners", project.partners),
        ("Digital components", project.digital_components),
        ("SDGs", project.sdgs),
        ("Thematic areas", project.thematic_areas),
    ):
        if values:
            parts.append(f"{label}: {', '.join(values)}.")
    if project.summary:
        parts.append(f"Summary: {project.summary}")
    if project.strategy_refs:
        parts.append(f"Strategy alignment: {', '.join(project.strategy_refs)}.")
    if lead:
        parts.append(f"Lead: {lead}.")
    if team:
        parts.append(f"Team: {', '.join(team)}.")
    project.access = _row_access(doc, row, cols, line)
    metadata = {"project": code, "status": project.status, "kind": "project", "access": project.access}
    doc.sections.append(
        Section(
            path=[doc.title, f"{code} {title}"],
            text="\n".join(parts),
            metadata={k: v for k, v in metadata.items() if v is not None},
            atomic=True,
        )
    )


def _records(rows: Iterable[tuple[int, list[str]]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    header: list[str] | None = None
    body: list[tuple[int, list[str]]] = []
    for line, row in rows:
        if header is None:
            if any(row):
                header = row
            continue
        if any(row):
            body.append((line, row))
    if header is None:
        raise ParseError("empty file")
    return header, body


def parse_register(path: Path, data: bytes) -> ParsedDocument:
    """Parse a staff or project register (CSV or XLSX); the kind is detected from the header."""
    rows = _read_xlsx(data) if path.suffix.lower() == ".xlsx" else _read_csv(data)
    header, body = _records(rows)
    kind, cols = _detect(header)
    doc = ParsedDocument(title=_pretty_title(path.stem), doc_type="register")
    doc.metadata["register"] = kind
    doc.metadata["row_warnings"] = []
    seen: dict[str, int] = {}
    handle = _staff_row if kind == "staff" else _project_row
    for line, row in body:
        handle(doc, row, cols, line, seen)
    if not doc.sections:
        detail = f" ({'; '.join(doc.metadata['row_warnings'][:3])})" if doc.metadata["row_warnings"] else ""
        raise ParseError(f"no valid rows{detail}")
    doc.metadata["rows"] = len(doc.sections)
    doc.language = detect_language("\n".join(s.text for s in doc.sections))
    return doc
