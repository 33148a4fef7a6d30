"""General context rules, with no organisation lists: what a trust's first reflections hold."""

from __future__ import annotations

import pytest

from privacy import Anonymiser
from privacy.vocabulary import EVERYDAY


@pytest.fixture(scope="module")
def plain() -> Anonymiser:
    """The layered anonymiser with no ward, site or staff lists."""
    return Anonymiser()


def _words(text: str) -> list[str]:
    return [w.strip(",.!?") for w in text.split()]


@pytest.mark.parametrize("name", ["jo", "pete", "mo", "liz", "mick", "deb"])
def test_short_given_names_are_not_skipped_as_everyday_words(name: str) -> None:
    assert name not in EVERYDAY


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("me and jo went to the shop", "jo"),
        ("the hold was done with pete and two others", "pete"),
    ],
)
def test_short_names_reach_the_model(plain: Anonymiser, text: str, gone: str) -> None:
    assert gone not in _words(plain.anonymise(text).text)


@pytest.mark.parametrize(
    "text",
    [
        "i went to the icu after the hold",
        "they moved me to the mau for the night",
        "went to opd for bloods",
        "back on fortnightly depot",
        "she said to check with admin",
    ],
)
def test_clinical_shorthand_and_admin_words_stay(plain: Anonymiser, text: str) -> None:
    assert plain.anonymise(text).text == text
