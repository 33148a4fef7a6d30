"""Labelled sets are well formed and disjoint; the tagger meets its targets on the judge set."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from review.codebook import load_codebook
from review.tagger import Tagger
from tools.review.evaluate import evaluate, main, print_evaluation
from tools.review.labelled import (
    HELD_OUT,
    JUDGE,
    JUDGE_PATH,
    SPLITS,
    Evaluation,
    LabelledAnswer,
    load_held_out,
    load_judge,
    load_labelled,
    load_sets,
    score,
)

MACRO_TARGET = 0.80
THEME_TARGET = 0.70
# The least each set holds: answers, and answers labelled with each theme.
SIZES = {
    "dev": (440, 20),
    "dev2": (600, 25),
    "dev3": (1500, 60),
    "dev4": (800, 14),
    "dev5": (800, 25),
    "old_test": (140, 7),
    "test_v2": (200, 10),
    "test_v3": (250, 12),
    "test_v4": (300, 14),
    "test_v5": (300, 14),
    "test_v6": (350, 16),
    "test_v7": (350, 18),
    "test_v8": (320, 24),
    "test_v9": (340, 25),
}


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_codebook())


@pytest.fixture(scope="module")
def every_set() -> dict[str, list[LabelledAnswer]]:
    sets = load_sets()
    judge = load_judge()
    if judge is not None:
        sets[JUDGE] = judge
    sets.update(load_held_out())
    return sets


def _key(text: str) -> str:
    # Case and punctuation differences must not let an answer appear in two sets.
    return " ".join("".join(c for c in text.casefold() if c.isalnum() or c == " ").split())


def test_every_labelled_file_is_a_training_split_or_held_out() -> None:
    files = set(JUDGE_PATH.parent.glob("labelled_*.txt"))
    assert files - {JUDGE_PATH} - set(HELD_OUT.values()) == set(SPLITS.values())
    assert not set(HELD_OUT.values()) & set(SPLITS.values())


def test_sets_are_sized_and_use_known_themes(
    tagger: Tagger, every_set: dict[str, list[LabelledAnswer]]
) -> None:
    ids = set(tagger.codebook.ids)
    assert set(SIZES) == set(SPLITS)
    for name, (size, least) in SIZES.items():
        split = every_set[name]
        assert len(split) >= size, name
        assert {a.voice for a in split} == {"staff", "patient"}, name
        assert any(not a.labels for a in split), name
        for theme in ids:
            assert sum(theme in a.labels for a in split) >= least, (name, theme)
    for name, split in every_set.items():
        for answer in split:
            assert answer.labels <= ids, (name, answer.text)
    for theme in ("waiting", "rules_refusals"):
        assert sum(theme in a.labels for a in every_set["test_v5"]) >= 25, theme


def test_sets_are_disjoint(every_set: dict[str, list[LabelledAnswer]]) -> None:
    # Leave-one-set-out is only honest if no answer sits in two sets, the judge included.
    seen: dict[str, str] = {}
    for name, split in every_set.items():
        for key in {_key(a.text) for a in split}:
            assert key not in seen, (key, seen.get(key), name)
            seen[key] = name


@pytest.mark.parametrize(
    "split", [*HELD_OUT, JUDGE, "test_v9", "test_v8", "test_v7", "test_v6", "test_v5"]
)
def test_frozen_sets_are_unchanged(split: str) -> None:
    # The judge and v8, v9 were written by independent labellers, v7 before leave-one-set-out
    # selection, v6 before DEV5, v5 before DEV4; each header records the hash of its answer
    # lines, so a label changed later shows here.
    path = JUDGE_PATH if split == JUDGE else HELD_OUT.get(split) or SPLITS[split]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = "".join(line for line in lines if line.startswith("#"))
    recorded = re.findall(r"= ([0-9a-f]{64})\b", header)
    body = "".join(line for line in lines if not line.startswith("#"))
    assert recorded == [hashlib.sha256(body.encode("utf-8")).hexdigest()]


def test_scores_are_computed_per_theme(tagger: Tagger) -> None:
    result = evaluate(tagger, load_labelled(SPLITS["old_test"]))
    assert [s.theme for s in result.scores] == list(tagger.codebook.ids)
    assert 0.0 <= result.macro_f1 <= 1.0
    out = io.StringIO()
    print_evaluation("old_test", result, out)
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


def test_main_scores_a_named_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Leave-one-set-out is left out here: it retrains the model once per set.
    path = tmp_path / "labelled_mine.txt"
    path.write_text("staff | staffing | short staffed again\npatient | none | no comment\n")
    assert main(["--file", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "LABELLED_MINE (2 answers)" in printed
    assert "+m" in printed


def test_main_says_when_the_judge_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--split", "judge"]) == 0
    printed = capsys.readouterr().out
    if JUDGE_PATH.is_file():
        assert f"{JUDGE.upper()} (" in printed
    else:
        assert "not added yet" in printed


def test_main_scores_the_held_out_sets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--split", "held_out"]) == 0
    printed = capsys.readouterr().out
    for name in HELD_OUT:
        assert f"{name.upper()}, HELD OUT (" in printed
    assert "LEAVE-ONE-SET-OUT" not in printed


@pytest.mark.parametrize("name", list(HELD_OUT))
def test_targets_on_the_held_out_sets(tagger: Tagger, name: str) -> None:
    result = evaluate(tagger, load_labelled(HELD_OUT[name]))
    assert result.macro_f1 >= MACRO_TARGET
    assert all(s.f1 >= THEME_TARGET for s in result.scores), [
        (s.theme, round(s.f1, 2)) for s in result.scores if s.f1 < THEME_TARGET
    ]


# Every older labelled set trains the model, so only the judge, written and labelled
# independently and never used for training or tuning, can show whether the targets are met.
@pytest.mark.skipif(
    not JUDGE_PATH.is_file(), reason=f"judge set {JUDGE_PATH.name} not added yet (issue #6)"
)
def test_targets_on_the_judge(tagger: Tagger) -> None:
    judge = load_judge()
    assert judge is not None
    result: Evaluation = evaluate(tagger, judge)
    assert result.macro_f1 >= MACRO_TARGET
    assert all(s.f1 >= THEME_TARGET for s in result.scores), [
        (s.theme, round(s.f1, 2)) for s in result.scores if s.f1 < THEME_TARGET
    ]
