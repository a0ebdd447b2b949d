"""``_access.yaml``: access labels for files that carry none themselves (PDF, DOCX, registers, plain text).

The file lies beside the files it labels and maps glob patterns (matched against the file's name, or its
path relative to the folder for patterns with ``/``) to labels; the first matching pattern wins::

    "*.pdf": staff
    "salaries*.xlsx": group:hr
    "press/*": public

A document's own label (front matter, a register row's ``access`` column) always wins over these rules.
A broken ``_access.yaml`` fails every file it governs: ingesting them with a guessed label could expose
them.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import yaml

from core.errors import ParseError

RULES_FILE = "_access.yaml"


def _rules(folder: Path) -> list[tuple[str, str]]:
    path = folder / RULES_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ParseError(f"{path} is unreadable ({type(exc).__name__}); fix it before ingesting") from None
    if raw is None:
        return []
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        raise ParseError(f"{path} must map glob patterns to labels, e.g. '\"*.pdf\": staff'")
    return [(pattern, "" if label is None else str(label)) for pattern, label in raw.items()]


def rule_label(path: Path) -> str | None:
    """The raw label ``_access.yaml`` in ``path``'s folder or any parent gives ``path`` (nearest folder first),
    or None when no rule matches."""
    path = path.resolve()
    for folder in path.parents:
        rel = path.relative_to(folder).as_posix()
        for pattern, label in _rules(folder):
            target = rel if "/" in pattern else path.name
            if fnmatch.fnmatchcase(target, pattern):
                return label
        if (folder / ".git").exists() or folder == folder.parent:
            break
    return None
