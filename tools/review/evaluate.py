"""Score the tagger against the labelled answers: ``python -m tools.review.evaluate``.

The labelled sets (``tools.review.labelled``) live in ``tools/review/data`` and are labelled by
``tools/review/data/GUIDELINES.md``. All
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
from pathlib import Path
from typing import TextIO

from language.encoder import packaged_encoder
from review.codebook import Codebook, load_codebook
from review.tagger import Tagger
from tools.review.labelled import (
    JUDGE,
    JUDGE_PATH,
    Evaluation,
    LabelledAnswer,
    load_held_out,
    load_judge,
    load_labelled,
    load_sets,
    score,
)
from tools.review.train import held_out_predictions


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
    sets = load_sets()
    predicted = held_out_predictions(codebook, sets, encoder=packaged_encoder())
    return {
        name: (
            score(codebook.ids, sets[name], predicted[name]),
            list(zip(sets[name], predicted[name], strict=True)),
        )
        for name in sets
    }


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
    """Print per-theme precision, recall, F1 and macro-F1: leave-one-set-out, then held out."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--codebook", help="codebook YAML (default: the packaged one)")
    parser.add_argument(
        "--split",
        choices=["loso", "judge", "held_out", "all"],
        default="all",
        help=(
            "loso: each training set held out in turn (retrains once per set); judge: TEST v10; "
            "held_out: the judge and the further held-out sets"
        ),
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
    if args.split in {"all", "judge", "held_out"}:
        judge = load_judge()
        if judge is None:
            sys.stdout.write(f"\n{JUDGE}: {JUDGE_PATH} not added yet\n")
        else:
            print_evaluation(JUDGE, evaluate(tagger, judge), sys.stdout)
    if args.split in {"all", "held_out"}:
        for name, answers in load_held_out().items():
            print_evaluation(f"{name}, held out", evaluate(tagger, answers), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
