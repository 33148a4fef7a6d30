"""The realistic identifier-free sets keep their meaning; the skip list hides no known name."""

from __future__ import annotations

from privacy import Anonymiser
from privacy.vocabulary import CLINICAL, EVERYDAY, NAME_WORDS
from tools.privacy import broad_names, names
from tools.privacy.meaning import measure_meaning, reflections


def test_realistic_sets_are_large_and_separate() -> None:
    dev, test = reflections("dev"), reflections("test")
    assert len(dev) + len(test) >= 300
    assert not set(dev) & set(test)


def test_test_reflections_keep_their_meaning(anonymiser: Anonymiser) -> None:
    report = measure_meaning("test", anonymiser)
    assert report.words_kept_share >= 0.98
    assert report.untouched_share >= 0.95


def test_everyday_list_holds_no_known_name() -> None:
    known = {*broad_names.GIVEN, *broad_names.SURNAMES, *names.DEV_GIVEN, *names.DEV_SURNAMES}
    # Grammar words ("he", "do", "an") stand alone as names only after a title, which rules catch.
    grammar = {"an", "can", "do", "he", "oh"}
    assert not (EVERYDAY & known) - grammar - CLINICAL
    assert not EVERYDAY & NAME_WORDS
    assert {"said", "young", "white", "will", "grace"} <= NAME_WORDS
    assert {"sooner", "strangers", "honestly", "apparently"} <= EVERYDAY
