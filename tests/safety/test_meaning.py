"""The meaning layer: risk said in other words is caught, settled or negated wording and very
short answers are judged with care, and an unusable model file is named, never half-used."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

from language.encoder import packaged_encoder
from safety import CATEGORIES, MeaningModel, RiskDetector, SafetyConfigError, model_problem
from safety.meaning import DEFAULT_MODEL, encode_array, pieces

# CI installs the model packages and sets REFLECT_REQUIRE_MODELS=1: there a missing encoder
# fails these tests instead of skipping them.
if packaged_encoder() is None and os.environ.get("REFLECT_REQUIRE_MODELS") == "1":
    raise RuntimeError("REFLECT_REQUIRE_MODELS=1 but the sentence encoder is not installed")
pytestmark = pytest.mark.skipif(
    packaged_encoder() is None, reason="the sentence encoder package is not installed"
)


@pytest.fixture(scope="module")
def whole() -> RiskDetector:
    return RiskDetector()


@pytest.fixture(scope="module")
def lexicon() -> RiskDetector:
    return RiskDetector(meaning=None)


@pytest.mark.parametrize(
    "text",
    [
        "i have been giving my things away to people this week",
        "i keep thinking everyone would be fine if i just disappeared",
        "i cant see the point of anything anymore and im so tired",
    ],
)
def test_risk_without_risk_words_is_caught_by_meaning(
    whole: RiskDetector, lexicon: RiskDetector, text: str
) -> None:
    assert not lexicon.assess(text).at_risk
    found = whole.assess(text)
    assert found.at_risk
    assert any(reason.startswith("meaning.") for reason in found.reasons)


def test_a_settled_text_needs_the_meaning_layer_to_agree(
    whole: RiskDetector, lexicon: RiskDetector
) -> None:
    text = "i wanted to hurt myself earlier but i talked to staff and the feeling passed"
    assert lexicon.assess(text).at_risk
    assert lexicon.read(text).settled
    assert not whole.assess(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "i used to cut but tonight i want to kill myself",
        "i want to kill myself but the food was fine",
        "i said no to lunch. i want to kill myself.",
        "the nurse asked me about my mood and i told her i want to kill myself",
        "i tried to hang myself in my last admission and i will do it again",
        "i want to kill myself tonight and im calm about it",
        "i cut last year and im fine now, but tonight i want to die",
    ],
)
def test_plain_risk_is_kept_beside_words_that_sound_settled(whole: RiskDetector, text: str) -> None:
    assert whole.assess(text).at_risk


@pytest.mark.parametrize(
    "text",
    [
        "im not suicidal, i keep thinking everyone would be fine if i just disappeared",
        "i dont want to hurt anyone. i have been giving my things away to people this week",
    ],
)
def test_a_denial_does_not_hide_what_follows_it(whole: RiskDetector, text: str) -> None:
    assert whole.assess(text).at_risk


def test_a_long_message_without_punctuation_is_read_in_windows(whole: RiskDetector) -> None:
    text = (
        "the debrief went fine and the nurse was kind we talked about the hold and my leave "
        "and honestly i have been saving up my tablets in a sock since the weekend anyway the "
        "food was better tonight and i watched a film"
    )
    assert len(pieces(text)) > 3
    assert whole.assess(text).at_risk


@pytest.mark.parametrize("text", ["i dont want to hurt anyone", "im not suicidal"])
def test_negated_risk_wording_is_not_flagged(whole: RiskDetector, text: str) -> None:
    assert not whole.assess(text).at_risk


@pytest.mark.parametrize("text", ["someone stayed with me", "nothing", "my mum"])
def test_a_few_ordinary_words_are_never_flagged(whole: RiskDetector, text: str) -> None:
    assert not whole.assess(text).at_risk


def test_injury_after_a_hold_is_its_own_kind(whole: RiskDetector) -> None:
    found = whole.assess("being held hurt my arms and I felt scared")
    assert found.at_risk and "injury" in found.categories
    found = whole.assess("since the injection i cant stay awake and i feel faint")
    assert found.at_risk and "injury" in found.categories


def test_risk_in_the_middle_of_a_long_message_is_found(whole: RiskDetector) -> None:
    text = (
        "the debrief went fine and the nurse was kind, we talked about the hold and my leave, "
        "honestly i have been saving up my tablets in a sock since the weekend, "
        "anyway the food was better tonight and i watched a film"
    )
    assert len(pieces(text)) > 2
    assert whole.assess(text).at_risk


def test_the_shipped_model_matches_the_installed_encoder() -> None:
    assert model_problem() is None
    model = MeaningModel.load()
    encoder = packaged_encoder()
    assert encoder is not None and model.encoder_fingerprint == encoder.fingerprint
    assert model.classes[0] == "ordinary" and "injury" in model.classes


def write_model(tmp_path: Path, **changes: object) -> Path:
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"classes": ["risk", *sorted(CATEGORIES)]}, "first class must be 'ordinary'"),
        ({"threshold": 0.1, "veto": 0.5}, "needs 0 <= veto <= settled"),
        ({"format": 9}, "unknown format 9"),
        ({"weights": "AAAA"}, "damaged model file"),
    ],
)
def test_a_bad_model_file_is_named(
    tmp_path: Path, changes: dict[str, object], problem: str
) -> None:
    path = write_model(tmp_path, **changes)
    with pytest.raises(SafetyConfigError, match=problem):
        MeaningModel.load(path)
    assert "cannot be used" in (model_problem(path) or "")


def test_a_layer_that_fails_to_load_refuses_to_judge(tmp_path: Path) -> None:
    # A model file whose weights do not fit the encoder loads, then fails at the first use.
    path = write_model(tmp_path, dimension=12, weights=encode_array(np.zeros((12, 8), "<f4")))
    detector = RiskDetector(model=path)
    with pytest.raises(SafetyConfigError, match="failed to load"):
        detector.assess("i feel fine")


def test_a_model_for_other_encoder_weights_is_refused(tmp_path: Path) -> None:
    path = write_model(tmp_path, encoder_fingerprint="000000000000")
    problem = model_problem(path)
    assert problem is not None and "trained on other encoder weights" in problem
    # The detector then runs on the lexicon alone, and readiness refuses to start on it.
    detector = RiskDetector(model=path)
    assert detector.meaning is None
    assert detector.assess("i want to kill myself").at_risk


def test_a_broken_emoji_does_not_stop_the_check(whole: RiskDetector) -> None:
    # A lone surrogate (half an emoji) cannot be tokenised; the text is still judged.
    assert whole.assess("i have been giving my things away to people \ud83d this week").at_risk
    assert not whole.assess("the team \ud83d stayed calm").at_risk
