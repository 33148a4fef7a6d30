"""Ordinary words survive and names that are words are still found, by context."""

from __future__ import annotations

import pytest

from privacy import Anonymiser


@pytest.mark.parametrize(
    "text",
    [
        "more staff who knew him, sooner",
        "scared, and alone with strangers",
        "honestly, anyway, apparently it was later than that",
        "i said i will try, i hope they listen",
        "the bill was paid and it was a joy",
    ],
)
def test_ordinary_words_are_not_names(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.anonymise(text).text == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("i told Will i was scared", "Will"),
        ("niamh mensah was on shift and he listened to me.", "mensah"),
        ("later dr chen said sorry", "chen"),
    ],
)
def test_names_still_found(anonymiser: Anonymiser, text: str, name: str) -> None:
    result = anonymiser.anonymise(text).text
    assert name not in result
    assert "said" in result or "said" not in text
