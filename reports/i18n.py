"""The reader's language in the reports: catalogue lookups and how numbers and dates are written.

Every label of a report comes from ``core/messages.py`` (the ``rep_*`` keys, en/ru/ky); data (names, areas,
project titles, questions) is never translated. Numbers: ``1,234.5`` in English, ``1 234,5`` (no-break
space, decimal comma) in Russian and Kyrgyz. Dates: ISO ``2026-12-03`` in English (the office's registers
write them so), ``03.12.2026`` in Russian and Kyrgyz. The model keeps ISO dates and plain numbers; only
renderers and labels format them.
"""

from __future__ import annotations

import datetime as dt
import re

from core.messages import LANGUAGES, t

NBSP = "\u00a0"
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}:\d{2}))?")


def check(language: str) -> str:
    """``language`` when the catalogue has it; anything else is a programming error at the caller."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}: use one of {', '.join(LANGUAGES)}")
    return language


def tr(language: str, key: str, **fmt: object) -> str:
    """The catalogue text ``key`` in ``language``."""
    return t(language, key, **fmt)


def number(value: int | float, language: str) -> str:
    """A number for reading: whole numbers grouped, others with two decimals."""
    whole = not isinstance(value, float) or value.is_integer()
    text = f"{int(value):,}" if whole else f"{value:,.2f}"
    if language == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


def short_number(value: float, language: str) -> str:
    """A chart label: like :func:`number`, without trailing zeros (``2.5``, ``3``)."""
    text = number(value, language)
    if isinstance(value, float) and not value.is_integer():
        sep = "." if language == "en" else ","
        text = text.rstrip("0").rstrip(sep)
    return text


def date(value: str | dt.date | None, language: str) -> str:
    """An ISO date (or ``YYYY-MM-DD HH:MM`` timestamp) as the reader writes it; other text unchanged."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        value = value.isoformat()
    m = _ISO.match(value)
    if m is None or language == "en":
        return value
    year, month, day, clock = m.groups()
    out = f"{day}.{month}.{year}"
    return f"{out} {clock}" if clock else out


def xlsx_date_format(language: str) -> str:
    """The XLSX number format of a date cell."""
    return "yyyy-mm-dd" if language == "en" else "dd.mm.yyyy"


def as_date(text: str | None) -> dt.date | str | None:
    """A register's date text as a date (so renderers format it); text that is not a date stays text."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return text
