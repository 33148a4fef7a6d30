"""Score the tagger against the labelled answers: ``python -m review.evaluate_tagging``.

The labelled sets live in ``review/data`` and are labelled by ``review/data/GUIDELINES.md``. All
but the judge (DEV to DEV5, the old TEST and TEST v2 to v9) train the packaged model: each was
written in its own style, and more styles carry over to new writing better than any one of them
held back. They have all been measured while the tagger was built, so none is a fair judge any
more. Their figures here are leave-one-set-out: each set is tagged by a model trained on the
others, with thresholds and codebook weights chosen on those sets' own held-out results (still a
little optimistic: the models that scored them were trained with the set in).

The judge is ``JUDGE`` (TEST v10), written and labelled by an independent labeller from the
guidelines alone and never used to train or tune; without its file it is reported as missing.
``--file`` scores the packaged tagger on any other labelled file. Each line reads
``voice | labels | text``; labels are theme ids separated by commas, or ``none``; lines starting
with ``#`` are comments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from review.codebook import Codebook, load_codebook
from review.tagger import Tagger

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


def load_judge() -> list[LabelledAnswer] | None:
    """The judge set, or None while its file has not been added."""
    return load_labelled(JUDGE_PATH) if JUDGE_PATH.is_file() else None


def evaluate(tagger: Tagger, answers: Sequence[LabelledAnswer]) -> Evaluation:
    """Compare the tagger's themes with the labels, theme by theme."""
    predicted = tagger.tag_many(a.text for a in answers)
    return score(tagger.codebook.ids, answers, [frozenset(p) for p in predicted])


def leave_one_set_out(
    codebook: Codebook,
) -> dict[str, tuple[Evaluation, list[tuple[LabelledAnswer, frozenset[str]]]]]:
    """Each training set's scores and themes from a model and rules that never saw it.

    This retrains the model once per set, so it takes minutes.
    """
    from language.encoder import packaged_encoder
    from review.train_tagger import held_out_predictions  # training imports this module

    sets = load_sets()
    predicted = held_out_predictions(codebook, sets, encoder=packaged_encoder())
    return {
        name: (
            score(codebook.ids, sets[name], predicted[name]),
            list(zip(sets[name], predicted[name], strict=True)),
        )
        for name in sets
    }


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


def print_evaluation(name: str, result: Evaluation, out: TextIO) -> None:
    """Write a per-theme table and the macro-F1 for one split."""
    out.write(f"\n{name.upper()} ({result.size} answers)\n")
    out.write(f"{'theme':<20} {'n':>4} {'prec':>6} {'rec':>6} {'f1':>6}\n")
    for s in result.scores:
        out.write(f"{s.theme:<20} {s.support:>4} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}\n")
    out.write(f"{'macro-F1':<20} {'':>4} {'':>6} {'':>6} {result.macro_f1:6.2f}\n")


def print_errors(tagged: Sequence[tuple[LabelledAnswer, frozenset[str]]], out: TextIO) -> None:
    """List answers whose themes differ from their labels, with what was missed and added."""
    for answer, predicted in tagged:
        if predicted != answer.labels:
            missed = ",".join(sorted(answer.labels - predicted)) or "-"
            extra = ",".join(sorted(predicted - answer.labels)) or "-"
            out.write(f"missed={missed} extra={extra} | {answer.text}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Print per-theme precision, recall, F1 and macro-F1: leave-one-set-out, then the judge."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--codebook", help="codebook YAML (default: the packaged one)")
    parser.add_argument(
        "--split",
        choices=["loso", "judge", "all"],
        default="all",
        help="loso: each training set held out in turn (retrains once per set); judge: TEST v10",
    )
    parser.add_argument("--file", type=Path, help="score the packaged tagger on this file only")
    parser.add_argument(
        "--errors", action="store_true", help="also list the leave-one-set-out mistakes"
    )
    args = parser.parse_args(argv)
    codebook = load_codebook(args.codebook)
    tagger = Tagger(codebook)
    mode = "phrases + words + sentence embeddings" if tagger.semantic else "phrases + words only"
    print(f"tagger {tagger.version} ({mode})", file=sys.stdout)
    if args.file is not None:
        print_evaluation(args.file.stem, evaluate(tagger, load_labelled(args.file)), sys.stdout)
        return 0
    if args.split in {"all", "loso"}:
        held_out = leave_one_set_out(codebook)
        results = {name: result for name, (result, _) in held_out.items()}
        for name, result in results.items():
            print_evaluation(f"{name}, leave-one-set-out", result, sys.stdout)
        sys.stdout.write("\nleave-one-set-out macro-F1 (worst theme)\n")
        for name, result in results.items():
            worst = min(result.scores, key=lambda s: s.f1)
            sys.stdout.write(f"  {name:<10} {result.macro_f1:.3f} ({worst.theme} {worst.f1:.2f})\n")
        macros = [r.macro_f1 for r in results.values()]
        sys.stdout.write(f"  mean {sum(macros) / len(macros):.3f}, worst {min(macros):.3f}\n")
        if args.errors:
            for name, (_, tagged) in held_out.items():
                sys.stdout.write(f"\n{name} errors (tagged by a model trained without it)\n")
                print_errors(tagged, sys.stdout)
    if args.split in {"all", "judge"}:
        judge = load_judge()
        if judge is None:
            sys.stdout.write(f"\n{JUDGE}: {JUDGE_PATH} not added yet\n")
        else:
            print_evaluation(JUDGE, evaluate(tagger, judge), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
