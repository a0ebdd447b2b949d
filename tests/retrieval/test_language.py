"""Language detection for short questions in English, Russian and Kyrgyz."""

from __future__ import annotations

import pytest

from retrieval.language import detect_language, language_name


@pytest.mark.parametrize(
    "question",
    [
        "Who works on digital ID?",
        "GovTech projects in 2024?",
        "who is Aida Bekova",
        "e-gov",
        "Which projects use Tunduk?",
        "What is the role of Кыргызстан's GovTech team in the digital strategy?",
    ],
)
def test_english(question):
    """Latin-script questions (even with a Cyrillic name inside) are English."""
    assert detect_language(question) == "en"


@pytest.mark.parametrize(
    "question",
    [
        "Кто занимается цифровой идентификацией?",
        "Какие проекты по GovTech?",
        "кто такой Айда Бекова",
        "Где купить билет?",
        "Расскажи о стратегии «Цифровой Кыргызстан»",
        "Есть ли эксперт по данным?",
        "Проекты ПРООН в Кыргызстане",
    ],
)
def test_russian(question):
    """Cyrillic questions without Kyrgyz letters or Kyrgyz words are Russian (a lone "билет" is a ticket)."""
    assert detect_language(question) == "ru"


@pytest.mark.parametrize(
    "question",
    [
        "Санариптик өнүгүү боюнча ким иштейт?",
        "Ким эксперт?",
        "Эмне долбоорлор бар?",
        "Кайсы долбоор?",
        "GovTech боюнча адис барбы?",
        "Бул тууралуу ким билет?",
        "ҮЙ",
        "Санарип стратегиясы жөнүндө",
    ],
)
def test_kyrgyz(question):
    """Kyrgyz letters (ң ө ү) or common Kyrgyz words mark a question as Kyrgyz."""
    assert detect_language(question) == "ky"


@pytest.mark.parametrize("text", ["", "   ", "123 456?", "!!!"])
def test_no_letters_defaults_to_english(text):
    """Text without letters falls back to English."""
    assert detect_language(text) == "en"


def test_deterministic():
    """The same text always gets the same answer."""
    assert {detect_language("Ким билет?") for _ in range(5)} == {"ky"}


def test_language_names():
    """Codes map to English language names for prompts; unknown codes fall back to English."""
    assert [language_name(c) for c in ("en", "ru", "ky", "de")] == ["English", "Russian", "Kyrgyz", "English"]
