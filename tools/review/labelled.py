"""The labelled answers and how they are scored, shared by training and evaluation.

The sets live in ``tools/review/data`` and are labelled by ``tools/review/data/GUIDELINES.md``.
Each line reads ``voice | labels | text``; labels are theme ids separated by commas, or
``none``; lines starting with ``#`` are comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
# Every labelled set the model trains on, by name; each is held out in turn for validation.
SPLITS = {
    "dev": DATA_DIR / "labelled_dev.txt",
    "dev2": DATA_DIR / "labelled_dev2.txt",
    "dev3": DATA_DIR / "labelled_dev3.txt",
    "dev4": DATA_DIR / "labelled_dev4.txt",
    "dev5": DATA_DIR / "labelled_dev5.txt",
    "old_test": DATA_DIR / "labelled_test.txt",
    "test_v2": DATA_DIR / "labelled_test_v2.txt",
    "test_v3": DATA_DIR / "labelled_test_v3.txt",
    "test_v4": DATA_DIR / "labelled_test_v4.txt",
    "test_v5": DATA_DIR / "labelled_test_v5.txt",
    "test_v6": DATA_DIR / "labelled_test_v6.txt",
    "test_v7": DATA_DIR / "labelled_test_v7.txt",
    "test_v8": DATA_DIR / "labelled_test_v8.txt",
    "test_v9": DATA_DIR / "labelled_test_v9.txt",
}
# The held-out judge for the accuracy targets: never trained or tuned on, absent until delivered.
JUDGE = "test_v10"
JUDGE_PATH = DATA_DIR / f"labelled_{JUDGE}.txt"
# Further held-out sets, never trained or tuned on: only their scores are read.
HELD_OUT = {
    # Written for issue #15 before any change made for it, in styles unlike the training sets.
    "fresh_v1": DATA_DIR / "labelled_fresh_v1.txt",
}


@dataclass(frozen=True, slots=True)
class LabelledAnswer:
    """One synthetic answer with the themes a human reviewer gave it."""

    voice: str
    labels: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class ThemeScore:
    """Counts and scores for one theme."""

    theme: str
    support: int
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        """Share of tagged answers that were labelled with the theme."""
        tagged = self.true_pos + self.false_pos
        return self.true_pos / tagged if tagged else (1.0 if not self.support else 0.0)

    @property
    def recall(self) -> float:
        """Share of labelled answers that the tagger found."""
        return self.true_pos / self.support if self.support else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Per-theme scores for one split."""

    size: int
    scores: tuple[ThemeScore, ...]

    @property
    def macro_f1(self) -> float:
        """Unweighted mean F1 over the codebook themes."""
        return sum(s.f1 for s in self.scores) / len(self.scores) if self.scores else 0.0


def load_labelled(path: Path) -> list[LabelledAnswer]:
    """Read a labelled split, failing with ``file:line: problem`` on a malformed line."""
    answers: list[LabelledAnswer] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|", 2)]
        if len(parts) != 3 or parts[0] not in {"staff", "patient"}:
            raise ValueError(f"{path}:{number}: expected 'voice | labels | text'")
        labels = frozenset(label.strip() for label in parts[1].split(",") if label.strip())
        if not labels:
            raise ValueError(f"{path}:{number}: no labels (write none)")
        answers.append(LabelledAnswer(parts[0], labels - {"none"}, parts[2]))
    return answers


def load_sets() -> dict[str, list[LabelledAnswer]]:
    """Every training set by name (``SPLITS``), each written in its own style."""
    return {name: load_labelled(path) for name, path in SPLITS.items()}


def load_held_out() -> dict[str, list[LabelledAnswer]]:
    """The further held-out sets by name (``HELD_OUT``)."""
    return {name: load_labelled(path) for name, path in HELD_OUT.items()}


def load_judge() -> list[LabelledAnswer] | None:
    """The judge set, or None while its file has not been added."""
    return load_labelled(JUDGE_PATH) if JUDGE_PATH.is_file() else None


def score(
    ids: Sequence[str], answers: Sequence[LabelledAnswer], predictions: Sequence[frozenset[str]]
) -> Evaluation:
    """Per-theme counts and scores of ``predictions`` against the labels."""
    counts = {theme: [0, 0, 0, 0] for theme in ids}  # support, tp, fp, fn
    for answer, predicted in zip(answers, predictions, strict=True):
        unknown = answer.labels - set(ids)
        if unknown:
            raise ValueError(f"labels not in the codebook: {sorted(unknown)} ({answer.text!r})")
        for theme in ids:
            gold = theme in answer.labels
            hit = theme in predicted
            row = counts[theme]
            row[0] += gold
            row[1] += gold and hit
            row[2] += hit and not gold
            row[3] += gold and not hit
    scores = tuple(ThemeScore(theme, *counts[theme]) for theme in ids)
    return Evaluation(size=len(answers), scores=scores)
