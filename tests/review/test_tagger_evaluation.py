"""Labelled sets are well formed; the tagger meets its accuracy targets on held-out TEST v7."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from review.codebook import load_codebook
from review.evaluate_tagging import (
    DEV3,
    DEV4,
    DEV5,
    SPLITS,
    Evaluation,
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


@pytest.fixture(scope="module")
def v7_result(tagger: Tagger) -> Evaluation:
    # Encoding is the slow part, so TEST v7 is tagged once for every test that scores it.
    return evaluate(tagger, load_labelled(SPLITS["test"]))


def _key(text: str) -> str:
    # Case and punctuation differences must not let a training answer hide in a test set.
    return " ".join("".join(c for c in text.casefold() if c.isalnum() or c == " ").split())


def test_splits_are_sized_disjoint_and_use_known_themes(tagger: Tagger) -> None:
    dev, untuned = load_dev()
    names = ("test", "test_v6", "test_v5", "test_v4", "test_v3", "test_v2", "old_test")
    test, v6, v5, v4, v3, v2, old = (load_labelled(SPLITS[name]) for name in names)
    dev3, dev4, dev5 = load_labelled(DEV3), load_labelled(DEV4), load_labelled(DEV5)
    assert sum(untuned) >= 2200  # DEV2, DEV4 and DEV5
    assert len(dev3) >= 1500
    assert len(dev4) >= 800
    assert len(dev5) >= 800
    assert len(test) >= 350
    assert len(v6) >= 350
    assert len(v5) >= 300
    assert len(v4) >= 300
    assert len(v3) >= 250
    assert len(v2) >= 200
    assert len(old) >= 140
    keys = [{_key(a.text) for a in split} for split in (dev, test, v6, v5, v4, v3, v2, old)]
    for i, first in enumerate(keys):
        for second in keys[i + 1 :]:
            assert not first & second
    ids = set(tagger.codebook.ids)
    for answer in (*dev, *test, *v6, *v5, *v4, *v3, *v2, *old):
        assert answer.labels <= ids
    splits = ((dev3, 60), (dev4, 14), (dev5, 25), (test, 18), (v6, 16), (v5, 14), (v4, 14))
    for split, least in (*splits, (v3, 12), (v2, 10)):
        assert {a.voice for a in split} == {"staff", "patient"}
        assert any(not a.labels for a in split)
        for theme in ids:
            assert sum(theme in a.labels for a in split) >= least, theme
    for theme in ("waiting", "rules_refusals"):
        assert sum(theme in a.labels for a in v5) >= 25, theme


@pytest.mark.parametrize("split", ["test", "test_v6", "test_v5"])
def test_frozen_test_sets_are_unchanged(split: str) -> None:
    # v7 was written before leave-one-set-out selection and retraining, v6 before DEV5, v5
    # before DEV4; each header records the hash of its answer lines.
    lines = SPLITS[split].read_text(encoding="utf-8").splitlines(keepends=True)
    header = "".join(line for line in lines if line.startswith("#"))
    recorded = re.findall(r"= ([0-9a-f]{64})\b", header)
    body = "".join(line for line in lines if not line.startswith("#"))
    assert recorded == [hashlib.sha256(body.encode("utf-8")).hexdigest()]


def test_scores_are_computed_per_theme(tagger: Tagger, v7_result: Evaluation) -> None:
    result = v7_result
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
    # One small split is enough to check the printing; TEST v7 is scored by the fixture.
    assert main(["--split", "old_test"]) == 0
    printed = capsys.readouterr().out
    assert "OLD_TEST (" in printed
    assert "+m" in printed


# Measured once, after leave-one-set-out selection and retraining (model 72adf941): TEST v7
# macro-F1 0.87, lowest theme distress 0.72. TEST v6, seen before, is at 0.78 with staffing 0.55,
# de_escalation 0.62, distress 0.68 and waiting 0.69 still below 0.70.
def test_targets_on_held_out_test(v7_result: Evaluation) -> None:
    result = v7_result
    assert result.macro_f1 >= MACRO_TARGET
    assert all(s.f1 >= THEME_TARGET for s in result.scores), [
        (s.theme, round(s.f1, 2)) for s in result.scores if s.f1 < THEME_TARGET
    ]
