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


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("dawn on nights is the only one who listens", "dawn"),
        ("sam on lates never listens to me", "sam"),
        ("thanks jo, you really helped today", "jo"),
        ("cheers rose!", "rose"),
        ("my sister, jo, said it was ok", "jo"),
        ("me and kai were in the lounge", "kai"),
        ("S/N Iolo Parry did the seclusion review", "Parry"),
        ("i told Kelly Green about it", "Green"),
    ],
)
def test_people_placed_by_shift_greeting_commas_or_surname(
    plain: Anonymiser, text: str, gone: str
) -> None:
    assert gone not in _words(plain.anonymise(text).text)


@pytest.mark.parametrize(
    "text",
    [
        "at dawn on nights the ward is quiet",
        "thanks again, it helped",
        "thank you so much",
        "my mum, she said no, then left",
        "Dr Chen said the Ward round was late",
    ],
)
def test_the_person_rules_leave_ordinary_words(plain: Anonymiser, text: str) -> None:
    result = plain.anonymise(text).text
    kept = [w for w in _words(text) if w not in {"Chen"}]
    assert all(w in _words(result) for w in kept)


def test_a_repeat_of_a_name_word_leaves_it_describing_a_noun(plain: Anonymiser) -> None:
    result = plain.anonymise("thanks sunny, it was a sunny day after all").text
    assert "sunny day" in result
    assert not result.startswith("thanks sunny")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("my nan lives in hope, near the peaks", "hope"),
        ("we went to bath with the ot on leave", "bath"),
        ("i was at the rri for 3 days", "rri"),
        ("they took me to the QEH first", "QEH"),
        ("i was on Birchwood ward, then Larkspur 1 after", "Larkspur"),
        ("she lives in hope in derbyshire", "derbyshire"),
    ],
)
def test_places_by_home_cue_initials_and_then(plain: Anonymiser, text: str, gone: str) -> None:
    assert gone not in _words(plain.anonymise(text).text)


@pytest.mark.parametrize(
    "text",
    [
        "i live in hope that they change",
        "i went to deal with it",
        "we went to reading group",
        "at the end of the day it was ok",
        "then bed 3 kicked off",
    ],
)
def test_word_towns_and_initials_stay_ordinary(plain: Anonymiser, text: str) -> None:
    assert plain.anonymise(text).text == text
