"""Names: lowercase, from many backgrounds, by rule, list and model; words that are names."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import pytest

from privacy import Anonymiser, PlaceholderBook, summarise
from privacy.name_model import NameHit


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("dr adeyemi gave me the injection", "adeyemi"),
        ("nurse siobhan stayed with me", "siobhan"),
        ("my sister priyanka came later", "priyanka"),
        ("his name is bartek", "bartek"),
        ("a man called xiaoling held my legs", "xiaoling"),
        ("kwabena said it was my fault", "kwabena"),
        ("tamsin okoro was on shift", "okoro"),
        ("dr may explained it", "may"),
        ("his name is will", "will"),
    ],
)
def test_context_names_lowercase(anonymiser: Anonymiser, text: str, name: str) -> None:
    result = anonymiser.anonymise(text)
    assert name not in result.text.split()
    assert "[name 1]" in result.text


def test_model_catches_name_no_rule_sees(anonymiser: Anonymiser) -> None:
    # No title, relation or speech verb: only the model can know "folasade" is a person.
    assert anonymiser.model_in_use
    result = anonymiser.anonymise("i was watching tv with folasade when the alarm went")
    assert "folasade" not in result.text
    assert [r.reason for r in result.redactions] == ["name model"]


def test_word_names_kept_when_not_names(anonymiser: Anonymiser) -> None:
    text = "i hope grace is shown, it will pass, may i sleep, mark my words, sue them"
    kept = anonymiser.anonymise(text).text
    for word in ("hope", "will", "may", "mark"):
        assert word in kept.split() or f"{word}," in kept


KEY = b"an invented server key, 32 bytes"


def test_placeholders_consistent_within_one_book(anonymiser: Anonymiser) -> None:
    book = PlaceholderBook.new(KEY)
    first = anonymiser.anonymise("dr nowak held me and dr chen watched", book)
    second = anonymiser.anonymise("later dr chen said sorry, not dr nowak", book)
    assert first.text == "dr [name 1] held me and dr [name 2] watched"
    assert second.text == "later dr [name 2] said sorry, not dr [name 1]"
    assert summarise(first) == {"name": 2}


class _SilentModel:
    """A stand-in model that finds nothing, to prove the seam is swappable."""

    available = True

    def find_names(self, texts: Sequence[str]) -> list[list[NameHit]]:
        return [[] for _ in texts]


class _MissingModel(_SilentModel):
    available = False


def test_model_is_swappable() -> None:
    anonymiser = Anonymiser(name_model=_SilentModel())
    assert anonymiser.anonymise("watching tv with folasade").text == "watching tv with folasade"
    assert anonymiser.anonymise("dr folasade").text == "dr [name 1]"


def test_works_without_model_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        anonymiser = Anonymiser(name_model=_MissingModel())
    assert not anonymiser.model_in_use
    assert "not installed" in caplog.text
    assert anonymiser.anonymise("call 07700 900456, dr okafor").text == "call [phone], dr [name 1]"


async def test_async_runs_off_the_loop(anonymiser: Anonymiser) -> None:
    result = await anonymiser.anonymise_async("my brother tunde came")
    assert result.text == "my brother [name 1] came"


def test_batch_matches_single(anonymiser: Anonymiser) -> None:
    texts = ["dr obi came", "nothing here", "call 07700 900456"]
    assert [r.text for r in anonymiser.anonymise_many(texts)] == [
        anonymiser.anonymise(t).text for t in texts
    ]
