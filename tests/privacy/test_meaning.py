"""Ordinary words survive: realistic identifier-free reflections and the word lists' rules."""

from __future__ import annotations

import pytest

from privacy import Anonymiser
from privacy.eval import broad_names, names
from privacy.eval.meaning import measure_meaning, reflections
from privacy.vocabulary import CLINICAL, EVERYDAY, NAME_WORDS


def test_realistic_sets_are_large_and_separate() -> None:
    dev, test = reflections("dev"), reflections("test")
    assert len(dev) + len(test) >= 300
    assert not set(dev) & set(test)


def test_test_reflections_keep_their_meaning(anonymiser: Anonymiser) -> None:
    report = measure_meaning("test", anonymiser)
    assert report.words_kept_share >= 0.98
    assert report.untouched_share >= 0.95


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


def test_everyday_list_holds_no_known_name() -> None:
    known = {*broad_names.GIVEN, *broad_names.SURNAMES, *names.DEV_GIVEN, *names.DEV_SURNAMES}
    # Grammar words ("he", "do", "an") stand alone as names only after a title, which rules catch.
    grammar = {"an", "can", "do", "he", "oh"}
    assert not (EVERYDAY & known) - grammar - CLINICAL
    assert not EVERYDAY & NAME_WORDS
    assert {"said", "young", "white", "will", "grace"} <= NAME_WORDS
    assert {"sooner", "strangers", "honestly", "apparently"} <= EVERYDAY
