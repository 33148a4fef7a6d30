"""The tagger folds case, phone typing and inflections, honours excludes and is versioned."""

from __future__ import annotations

import pytest

from review.codebook import load_codebook, parse_codebook
from review.phrases import compile_phrase, stem, tokens
from review.tagger import Tagger

BOOK = parse_codebook(
    """
version: 1
themes:
  - id: shouting
    label: Shouting
    include: [shout at, yell*]
  - id: leave
    label: Leave
    include: [leave]
    exclude: [leave me alone]
  - id: waiting
    label: Waiting
    include: [wait ... doctor]
  - id: named
    label: Named person
    include: ['[name] helped']
  - id: food
    label: Food
    include_patterns: ['\\bcold (?:dinner|food)\\b']
    exclude_patterns: ['\\bnot cold food\\b']
""",
    source="t.yaml",
)


@pytest.fixture
def tagger() -> Tagger:
    # Phrase matching alone: these cases pin down the codebook's own rules.
    return Tagger(BOOK, model=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They SHOUTED at me", ("shouting",)),
        ("staff keep shoutin' at people", ("shouting",)),
        ("she was yelling", ("shouting",)),
        ("my leave was cancelled", ("leave",)),
        ("i told them to leave me alone", ()),
        ("leave me alone i said, and my leave got stopped", ("leave",)),
        ("waited ages for the doctor", ("waiting",)),
        ("waiting for a very very long time for the doctor", ()),
        ("[name 1] helped me", ("named",)),
        ("[Name 2] HELPED", ("named",)),
        ("Cold dinner again", ("food",)),
        ("it was not cold food", ()),
        ("", ()),
        ("   ", ()),
        ("!!!", ()),
    ],
)
def test_tag(tagger: Tagger, text: str, expected: tuple[str, ...]) -> None:
    assert tagger.tag(text) == expected


def test_themes_come_in_codebook_order(tagger: Tagger) -> None:
    assert tagger.tag("waiting for the doctor, then my leave, and they shouted at me") == (
        "shouting",
        "leave",
        "waiting",
    )


def test_tagging_carries_version() -> None:
    tagger = Tagger(BOOK)
    result = tagger.tagging("leave")
    assert result.themes == ("leave",)
    assert result.codebook_version == tagger.version
    assert tagger.version.startswith(BOOK.version + "+m")
    # The storage column holds 32 characters.
    assert len(tagger.version) <= 32


def test_phrase_only_tagger_keeps_the_codebook_version() -> None:
    assert Tagger(BOOK, model=None).version == BOOK.version


@pytest.mark.parametrize(
    ("word", "same_as"),
    [
        ("shouting", "shout"),
        ("shouted", "shouts"),
        ("staffing", "staff"),
        ("stopped", "stop"),
        ("making", "make"),
        ("injections", "injection"),
        ("worries", "worried"),
        ("took", "take"),
    ],
)
def test_stem_folds_inflections(word: str, same_as: str) -> None:
    assert stem(word) == stem(same_as)


def test_phone_typing_is_expanded() -> None:
    assert tokens("u dont listen cos im ill") == tokens("you do not listen because i am ill")
    assert tokens("sooooo loud") == tokens("soo loud")


def test_compile_phrase_keeps_gap_and_prefix() -> None:
    assert compile_phrase("wait ... doctor*") == (stem("wait"), "...", "doctor*")
    assert compile_phrase("de-escalat*") == ("de", "escalat*")


def test_packaged_codebook_tags_plain_ward_language() -> None:
    tagger = Tagger(load_codebook())
    assert "staffing" in tagger.tag("we were SO short staffed, 2 agency on")
    assert "medication" in tagger.tag("they gave me an injection")
    assert tagger.tag("no comment") == ()


def test_many_answers_tag_without_error() -> None:
    # Volume check without timing: the pre-compiled index must handle a large batch. The
    # words-only model keeps it quick; embeddings also differ a little with each answer number.
    from review.classifier import load_model

    tagger = Tagger(load_codebook(), model=load_model())
    answers = [f"answer {i}: short staffed and the ward was loud" for i in range(5000)]
    results = tagger.tag_many(answers)
    assert len(results) == 5000
    assert all(r == results[0] for r in results)
