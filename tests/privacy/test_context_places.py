"""Places and names by context with no organisation lists, as a trust starts out."""

from __future__ import annotations

import pytest

from privacy import Anonymiser


@pytest.fixture(scope="module")
def plain() -> Anonymiser:
    """The layered anonymiser with no ward, site or staff lists."""
    return Anonymiser()


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("i was on thornbury ward all week", "thornbury"),
        ("they took me to Kelsall Hospital first", "Kelsall"),
        ("it is calmer on Mulberry 2 than anywhere", "Mulberry"),
        ("i have been in and out of fernhill since i was 16", "fernhill"),
        ("they moved me to hazelmere in the night", "hazelmere"),
        ("transferred from Wardley at 3am", "Wardley"),
        ("back on juniper again", "juniper"),
        ("my old ward was cedar", "cedar"),
        ("my nan lives in sheffield", "sheffield"),
        ("they sent me to st aldric's for a scan", "aldric's"),
        ("moved from willow to maple, maple is quieter", "maple"),
    ],
)
def test_places_in_context_are_removed(plain: Anonymiser, text: str, gone: str) -> None:
    result = plain.anonymise(text).text
    assert gone not in result.split() and gone.rstrip(",") not in result


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("my sister jo came to visit", "jo"),
        ("my mate al brought crisps", "al"),
        ("my boyfriend ed rang", "ed"),
        ("if i imagine being mei it helps", "mei"),
        ("they held me and Will kept shouting at me", "Will"),
        ("then will kept shouting at me", "will"),
        ("i told will i was scared", "will"),
    ],
)
def test_names_in_context_are_removed(plain: Anonymiser, text: str, gone: str) -> None:
    assert gone not in plain.anonymise(text).text.split()


@pytest.mark.parametrize(
    "text",
    [
        "mark my words they will do it again",
        "will you tell them i am sorry",
        "i hope they listen next time",
        "to be frank it scared me",
        "i picked a snowdrop from the garden",
        "we sat under the oak tree",
        "there was lavender oil in the quiet room",
        "the acute ward was loud and the psychiatric hospital was worse",
        "i was back on track and then moved to seclusion",
        "in and out of hospital for years",
        "my sister said the nurse asked me to wait",
        "on level 3 obs in bay 2",
    ],
)
def test_fixed_phrases_and_everyday_words_stay(plain: Anonymiser, text: str) -> None:
    assert plain.anonymise(text).text == text


def test_a_name_goes_everywhere_but_its_ordinary_use_stays(plain: Anonymiser) -> None:
    text = "went to the rose garden, then rose said sorry, rose is kind"
    assert plain.anonymise(text).text == (
        "went to the rose garden, then [name 1] said sorry, [name 1] is kind"
    )
