"""Detector behaviour on representative synthetic phrases."""

from __future__ import annotations

import pytest

from safety import CATEGORIES, RiskAssessment, RiskDetector


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    return RiskDetector()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("whats the point", "suicide"),
        ("wanna end it", "suicide"),
        ("cant keep going", "suicide"),
        ("everyone would be better off without me", "suicide"),
        ("kms", "suicide"),
        ("thinking of how to unalive myself", "suicide"),
        ("not sure i want to live", "suicide"),
        ("i wnat to diiie", "suicide"),
        ("feeling sucidal", "suicide"),
        ("cutting again", "self_harm"),
        ("i keep wanting to harm myself", "self_harm"),
        ("gonna hurt him", "harm_to_others"),
        ("i'll smash that nurse's face in", "harm_to_others"),
        ("he touched me", "abuse"),
        ("the staff hit me when nobody was looking", "abuse"),
        ("i'm scared of him", "unsafe"),
        ("not safe here", "unsafe"),
        ("i cant breathe when they hold me like that", "injury"),
        ("can't stop shaking", "distress"),
        ("having flashbacks", "distress"),
        ("i cant do this anymore", "distress"),
        ("i'm not ok", "distress"),
        ("i keep reliving it", "distress"),
        ("can't sleep since", "distress"),
        ("i'm not coping", "distress"),
        ("i feel broken", "distress"),
    ],
)
def test_flags_risk_with_its_category(detector: RiskDetector, text: str, category: str) -> None:
    result = detector.assess(text)
    assert result.at_risk
    assert category in result.categories


@pytest.mark.parametrize(
    "text",
    [
        "dying for a cup of tea",
        "we were killing time till the doctor came",
        "brought in on a section 136",
        "the restraint was over quickly",
        "he was shouting kill",
        "i could kill for a coffee",
        "that joke killed me",
        "the shift was murder",
        "we used a safe hold",
        "we reviewed the harm minimisation plan",
        "she has a history of self harm",
        "we finished the suicide risk assessment",
        "he could have hurt someone if we had not stepped in",
        "i'm putting myself forward for training",
        "i'm cutting down on coffee",
        "",
        "   ",
    ],
)
def test_ward_talk_is_not_risk(detector: RiskDetector, text: str) -> None:
    assert detector.assess(text) == RiskAssessment.clear()


@pytest.mark.parametrize(
    "text",
    [
        "i'm not suicidal",
        "no thoughts of hurting myself",
        "i don't feel unsafe",
        "i dont want to hurt anyone",
        "i have never wanted to kill myself",
        "no flashbacks, slept fine",
        "nobody touched me",
    ],
)
def test_negation_silences_the_rule(detector: RiskDetector, text: str) -> None:
    assert not detector.assess(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "i'm not ok",
        "not sure i want to live",
        "i no longer want to be alive",
        "i don't feel safe",
        "no, i want to die",
        "not gonna lie i want to kill myself",
        "i'm not suicidal but i don't want to be here anymore",
        "i've never been so hopeless",
    ],
)
def test_negation_does_not_hide_risk(detector: RiskDetector, text: str) -> None:
    assert detector.assess(text).at_risk


@pytest.mark.parametrize(
    "text",
    ["I WANT TO DIE", "i want to dieeeee", "i want to kill my self", "i want too hurt myslef"],
)
def test_case_stretching_and_typos(detector: RiskDetector, text: str) -> None:
    assert detector.assess(text).at_risk


def test_reasons_name_rules_never_text(detector: RiskDetector) -> None:
    text = "Zebedee said i should kill myself and i'm scared of him"
    result = detector.assess(text)
    assert result.reasons == tuple(sorted(result.reasons))
    assert all("." in reason for reason in result.reasons)
    assert not any(word in reason for reason in result.reasons for word in ("zebedee", "said"))
    assert {"suicide", "unsafe"} <= result.categories <= CATEGORIES


def test_several_kinds_in_one_answer(detector: RiskDetector) -> None:
    result = detector.assess("he hit me. now i keep having nightmares and i want to die")
    assert result.categories == {"abuse", "distress", "suicide"}


def test_clause_break_stops_negation(detector: RiskDetector) -> None:
    assert detector.assess("i'm not ok. i'm not suicidal").categories == {"distress"}
