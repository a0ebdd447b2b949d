"""The one catalogue of user-facing strings (core/messages.py) is complete: every key in English, Russian
and Kyrgyz with the same placeholders, and every key the reports use (literally or by a family such as
``rep_status_<status>``) exists."""

from __future__ import annotations

import re
import string

import pytest

from core.messages import LANGUAGES, STRINGS, t
from tests.conftest import REPO

_FORMATTER = string.Formatter()


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(text) if name}


def test_every_key_is_in_every_language_with_the_same_placeholders() -> None:
    """Each language has exactly the English keys, no text is empty, and each translation takes the same
    ``{placeholders}`` as the English one (so ``t(lang, key, **fmt)`` never fails or drops a value)."""
    english = STRINGS["en"]
    for lang in LANGUAGES:
        table = STRINGS[lang]
        assert set(table) == set(english), (lang, set(english) ^ set(table))
        assert not [k for k, v in table.items() if not v.strip()], lang
        differ = {k: (_placeholders(english[k]), _placeholders(v)) for k, v in table.items()
                  if _placeholders(v) != _placeholders(english[k])}  # fmt: skip
        assert not differ, (lang, differ)


def test_translations_are_not_english_copies() -> None:
    """The report labels are translated: no Russian or Kyrgyz ``rep_*`` text that holds words equals the
    English one (identifiers such as "Document.ingested_at" may stay inside a sentence)."""
    for lang in ("ru", "ky"):
        copies = [k for k, v in STRINGS[lang].items()
                  if k.startswith("rep_") and v == STRINGS["en"][k] and re.search(r"[A-Za-z]{3,} [a-z]{3,}", v)]  # fmt: skip
        assert not copies, (lang, copies)


def _keys_used(path_glob: str) -> set[str]:
    keys: set[str] = set()
    for path in REPO.glob(path_glob):
        keys |= set(re.findall(r"[\"'](rep_[a-z0-9_]+)[\"']", path.read_text(encoding="utf-8")))
    return keys


def test_every_report_key_the_code_names_exists() -> None:
    """Every ``rep_*`` key written in the reports, the CLI and the bot's report handler is in the
    catalogue, and so is every member of the key families built from values (levels, statuses, coverage,
    candidate kinds, where an entry came from)."""
    from reports.expertise import SHOWN_LEVELS
    from reports.needs import KINDS
    from reports.portfolio import STATUS_ORDER

    used = _keys_used("reports/*.py") | _keys_used("bot/report_handlers.py") | _keys_used("dtbot/cli.py")
    families = {
        *(f"rep_level_{lv}" for lv in SHOWN_LEVELS),
        *(f"rep_status_{s}" for s in (*STATUS_ORDER, "unknown")),
        *(f"rep_coverage_{c}" for c in ("none", "weak", "covered")),
        *(f"rep_kind_{k}" for k in KINDS),
        *(f"rep_source_{s}" for s in ("register", "declared")),
    }
    assert used, "the scan found no key: the pattern is broken"
    assert not (used | families) - set(STRINGS["en"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unknown_language_falls_back_to_english(lang: str) -> None:
    """``t`` formats in the asked language, and an unknown language reads English."""
    assert t(lang, "rep_data_as_of", date="X") == STRINGS[lang]["rep_data_as_of"].format(date="X")
    assert t("xx", "rep_title_brief") == STRINGS["en"]["rep_title_brief"]
