"""Typo tolerance: snapping towards key words without turning ordinary words into risk."""

from __future__ import annotations

import pytest

from safety.normalise import Normaliser
from safety.spelling import Speller, edit_distance, squeeze


@pytest.fixture
def speller() -> Speller:
    return Speller(
        keywords=["kill", "die"], fuzzy=["suicidal", "cutting", "myself"], protected=["putting"]
    )


def test_edit_distance_counts_transpositions() -> None:
    assert edit_distance("myslef", "myself", 2) == 1
    assert edit_distance("suicdial", "suicidal", 2) == 1
    assert edit_distance("abc", "abcdef", 1) == 2


def test_squeeze() -> None:
    assert squeeze("diiieee") == "die"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("kil", "kill"), ("diie", "die"), ("sucidal", "suicidal"), ("cuting", "cutting")],
)
def test_snaps_typos_to_key_words(speller: Speller, typed: str, meant: str) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize("word", ["putting", "kit", "did", "mystic", "gutting", "123"])
def test_leaves_other_words_alone(speller: Speller, word: str) -> None:
    assert speller.correct(word) == word


def test_normaliser_canonical_forms(speller: Speller) -> None:
    normaliser = Normaliser({"wanna": "want to", "do not": "dont"}, speller)
    assert normaliser.clauses("I wanna DIIIE, but I do not know\u2019s") == [
        "i want to die",
        "i dont knows",
    ]
    assert normaliser.clauses("he'll od'd!!") == ["he will overdosed"]
