"""Recall and false alarms on the labelled phrase sets; the held-out TEST set holds the targets."""

from __future__ import annotations

import pytest

from safety import RiskDetector
from tools.safety.evaluate import SetScore, score
from tools.safety.phrases import PhraseCase, load_set

MIN_RECALL = 0.95
MAX_FALSE_ALARMS = 0.05


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector()


@pytest.fixture(scope="module")
def dev() -> list[PhraseCase]:
    return load_set("dev")


@pytest.fixture(scope="module")
def held_out() -> list[PhraseCase]:
    return load_set("test")


@pytest.mark.parametrize("name", ["dev", "test"])
def test_sets_are_large_and_cover_both_voices(name: str) -> None:
    cases = load_set(name)
    risk = [c for c in cases if c.is_risk]
    ordinary = [c for c in cases if not c.is_risk]
    assert len(risk) >= 100
    assert len(ordinary) >= 100
    for group in (risk, ordinary):
        assert {c.voice for c in group} == {"patient", "staff"}
    categories = {cat for c in risk for cat in c.categories}
    assert categories == {"suicide", "self_harm", "harm_to_others", "unsafe", "abuse", "distress"}


def test_held_out_phrases_differ_from_dev(
    dev: list[PhraseCase], held_out: list[PhraseCase]
) -> None:
    # A few phrases quoted in the issue sit in both sets on purpose; the rest must differ.
    shared = {c.text.lower() for c in dev} & {c.text.lower() for c in held_out}
    assert len(shared) <= 25


def _check(result: SetScore) -> None:
    assert result.recall >= MIN_RECALL, f"{result.summary()}; missed: {result.missed}"
    assert result.false_alarm_rate <= MAX_FALSE_ALARMS, (
        f"{result.summary()}; false alarms: {result.alarmed}"
    )


def test_held_out_targets(detector: RiskDetector, held_out: list[PhraseCase]) -> None:
    _check(score(detector, "TEST", held_out))


def test_dev_targets(detector: RiskDetector, dev: list[PhraseCase]) -> None:
    _check(score(detector, "DEV", dev))
