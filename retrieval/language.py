"""Cheap, deterministic language detection for questions: English, Russian or Kyrgyz.

Script decides first (Cyrillic vs Latin letters). Within Cyrillic, Kyrgyz is recognised by its own letters
(ң ө ү) or by common Kyrgyz words; everything else Cyrillic is Russian. No models, no I/O.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "ru", "ky"]

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ru": "Russian", "ky": "Kyrgyz"}

_KYRGYZ_LETTERS = frozenset("ңөүҢӨҮ")
_CYRILLIC_WORD = re.compile(r"[а-яёңөүһ]+")

# Frequent Kyrgyz words (in their ң/ө/ү-free forms, since those letters already decide) that are not
# Russian words. One of them is enough.
_KYRGYZ_WORDS = frozenset(
    {
        "ким",
        "кимдер",
        "кимге",
        "кимди",
        "кимдин",
        "эмне",
        "эмнеге",
        "эмнени",
        "эмненин",
        "кайсы",
        "кайсыл",
        "кайда",
        "кайдан",
        "качан",
        "кантип",
        "канча",
        "канчалык",
        "боюнча",
        "барбы",
        "жокпу",
        "долбоор",
        "долбоорлор",
        "долбоорлору",
        "долбоорду",
        "долбоорго",
        "тууралуу",
        "жана",
        "менен",
        "жатат",
        "жатабы",
        "иштейт",
        "иштейби",
        "иштеген",
        "кылат",
        "кылган",
        "кылуу",
        "болот",
        "болобу",
        "болгон",
        "керек",
        "керекпи",
        "деген",
        "деп",
        "бизде",
        "биздин",
        "сиз",
        "сизде",
        "силер",
        "алар",
        "анын",
        "мага",
        "мен",
        "менин",
        "берет",
        "бериш",
        "айтып",
        "айтчы",
        "жардам",
        "маалымат",
        "санарип",
        "уюм",
        "уюмда",
        "кызмат",
        "кызматкер",
        "кызматкерлер",
        "тажрыйба",
        "тажрыйбасы",
        "адис",
        "адистер",
        "адиси",
        "бир",
        "эки",
        "беш",
        "жыл",
        "жылы",
        "ошондой",
        "ошол",
        "бул",
        "мындай",
        "жакшы",
        "кандай",
        "стратегиясы",
        "долбоорунун",
        "программасы",
    }
)

# Words that are Kyrgyz but also Russian (билет "knows" / "ticket", бар "there is" / "bar"): two are needed.
_AMBIGUOUS_WORDS = frozenset({"билет", "бар", "жок", "тил", "ал"})


def detect_language(text: str) -> Language:
    """Return ``"en"``, ``"ru"`` or ``"ky"`` for a (short) question; ``"en"`` when there are no letters."""
    cyrillic = latin = 0
    kyrgyz_letter = False
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
            if ch in _KYRGYZ_LETTERS:
                kyrgyz_letter = True
        elif ch.isascii():
            latin += 1
    if cyrillic == 0 or cyrillic < latin:
        return "en"
    if kyrgyz_letter:
        return "ky"
    words = _CYRILLIC_WORD.findall(text.lower())
    if any(w in _KYRGYZ_WORDS for w in words):
        return "ky"
    if sum(w in _AMBIGUOUS_WORDS for w in words) >= 2:
        return "ky"
    return "ru"


def language_name(code: str) -> str:
    """English name of a language code for prompts (``"ky"`` → ``"Kyrgyz"``); unknown codes → English."""
    return LANGUAGE_NAMES.get(code, "English")
