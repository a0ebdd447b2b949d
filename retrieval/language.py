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


# --- longer texts (documents, chunks) ----------------------------------------------------------------

# Function words that are frequent in running text of one language and rare in the other.
_KY_FUNCTION_TEXT = (
    "жана менен боюнча үчүн деп деген бул ошол алар анын да дагы эле гана болуп болот керек тууралуу "
    "жөнүндө мүмкүн бар жок аркылуу кийин чейин ар бир өз биз сиз"
)
_KY_FUNCTION = frozenset(_KY_FUNCTION_TEXT.split())
_RU_FUNCTION_TEXT = (
    "и в во на по с со для от до из за не что как это или также при о об к ко у его их который "
    "которые был была были быть"
)
_RU_FUNCTION = frozenset(_RU_FUNCTION_TEXT.split())


def text_language(text: str) -> Language | None:
    """Language of a longer text (a chunk, a document): ``"en"``, ``"ru"``, ``"ky"``, or None without letters.

    Unlike ``detect_language`` (one Kyrgyz letter decides a short question), this weighs evidence: a
    Russian text that quotes a Kyrgyz name stays Russian. Cyrillic vs Latin letters decide the script;
    within Cyrillic, Kyrgyz and Russian function words vote, and without votes the share of ң/ө/ү does.
    """
    cyrillic = latin = ky_letters = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
            if ch in _KYRGYZ_LETTERS:
                ky_letters += 1
        elif ch.isascii():
            latin += 1
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic <= latin:
        return "en"
    words = _CYRILLIC_WORD.findall(text.lower())
    ky = sum(w in _KY_FUNCTION or w in _KYRGYZ_WORDS for w in words)
    ru = sum(w in _RU_FUNCTION for w in words)
    if ky or ru:
        return "ky" if ky > ru else "ru"
    return "ky" if ky_letters >= 0.02 * cyrillic else "ru"


def script_of(language: str | None) -> str | None:
    """The script a language is written in here: ``"latin"`` (en) or ``"cyrillic"`` (ru, ky)."""
    if language is None:
        return None
    return "cyrillic" if language in ("ru", "ky") else "latin"
