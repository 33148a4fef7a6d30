"""Measure the safety net: ``python -m tools.safety.evaluate [-v] [--outside FILE] [files...]``.

Prints recall and false alarms for each set, and per kind, for the whole detector and for the
lexicon alone. With no files: the team's DEV and TEST phrase sets and, when it is present, the
outside development set: whole, with the shipped model (which learnt from it), and each half
with a fold model trained without that half, the honest figure for text the team did not
write. Phrase files are ``voice | categories | text`` lines.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from language.encoder import SentenceEncoder, packaged_encoder
from safety.detector import RiskDetector
from safety.meaning import MeaningLayer, MeaningModel
from tools.safety.phrases import (
    SET_NAMES,
    PhraseCase,
    halves,
    load_outside,
    load_phrases,
    load_set,
    outside_path,
)


@dataclass(frozen=True, slots=True)
class SetScore:
    """How a detector did on one set."""

    name: str
    risk_total: int
    risk_found: int
    ordinary_total: int
    false_alarms: int
    # Risk phrases flagged with at least one of their labelled kinds (informative only).
    category_hits: int
    missed: tuple[str, ...]
    alarmed: tuple[str, ...]
    by_group: dict[str, tuple[int, int]] = field(default_factory=dict)  # flagged, total

    @property
    def recall(self) -> float:
        """The share of risk phrases flagged."""
        return self.risk_found / self.risk_total if self.risk_total else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """The share of ordinary phrases flagged."""
        return self.false_alarms / self.ordinary_total if self.ordinary_total else 0.0

    def summary(self) -> str:
        """One line of recall and false alarms with their counts."""
        return (
            f"{self.name}: recall {self.recall:.1%} ({self.risk_found}/{self.risk_total}), "
            f"false alarms {self.false_alarm_rate:.1%} "
            f"({self.false_alarms}/{self.ordinary_total}), "
            f"category agreement {self.category_hits}/{self.risk_found}"
        )

    def kinds(self) -> list[str]:
        """One line per kind: how many of its rows were flagged."""
        return [
            f"  {group:<26} flagged {found:>3}/{total:<3}"
            for group, (found, total) in sorted(self.by_group.items())
        ]


def score(detector: RiskDetector, name: str, cases: Iterable[PhraseCase]) -> SetScore:
    """Run ``detector`` over ``cases`` and count hits, misses and false alarms."""
    risk_total = risk_found = ordinary_total = category_hits = 0
    missed: list[str] = []
    alarmed: list[str] = []
    flagged: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for case in cases:
        result = detector.assess(case.text)
        totals[case.group] += 1
        flagged[case.group] += result.at_risk
        if case.is_risk:
            risk_total += 1
            if result.at_risk:
                risk_found += 1
                category_hits += bool(result.categories & case.categories)
            else:
                missed.append(case.text)
        else:
            ordinary_total += 1
            if result.at_risk:
                alarmed.append(case.text)
    return SetScore(
        name=name,
        risk_total=risk_total,
        risk_found=risk_found,
        ordinary_total=ordinary_total,
        false_alarms=len(alarmed),
        category_hits=category_hits,
        missed=tuple(missed),
        alarmed=tuple(alarmed),
        by_group={g: (flagged[g], totals[g]) for g in totals},
    )


Scored = tuple[str, list[PhraseCase], RiskDetector | None]


def default_sets(outside: Path, crossfit: bool = True) -> list[Scored]:
    """The team's sets and, when the outside file exists, the outside set.

    The shipped model learnt from both outside halves, so its figure there is optimistic; with
    ``crossfit`` each half is also scored by a fold model trained without it (the honest
    figure for text nobody on the team wrote)."""
    sets: list[Scored] = [(name.upper(), load_set(name), None) for name in SET_NAMES]
    if not outside.is_file():
        return sets
    first, second = halves(load_outside(outside))
    sets.append(("OUTSIDE (trained on)", [*first, *second], None))
    encoder = packaged_encoder() if crossfit else None
    if encoder is not None:
        from tools.safety.train import cross_fitted  # training code only when it is needed

        without_first, without_second = cross_fitted(encoder, first, second)
        sets += [
            ("OUTSIDE-A (unseen: fold model)", first, fold_detector(encoder, without_first)),
            ("OUTSIDE-B (unseen: fold model)", second, fold_detector(encoder, without_second)),
        ]
    return sets


def fold_detector(encoder: SentenceEncoder, model: MeaningModel) -> RiskDetector:
    """The whole detector with a fold model in place of the shipped one."""
    return RiskDetector(meaning=MeaningLayer(encoder, model))


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures per set and kind; ``-v`` also lists every miss and false alarm."""
    parser = argparse.ArgumentParser(prog="python -m tools.safety.evaluate")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--outside", type=Path, default=outside_path())
    parser.add_argument(
        "--no-crossfit",
        action="store_true",
        help="skip training the two fold models (about 25 s)",
    )
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    sets: list[Scored]
    if args.files:
        sets = [(p.stem, load_phrases(p), None) for p in args.files]
    else:
        sets = default_sets(args.outside, crossfit=not args.no_crossfit)
        if not args.outside.is_file():
            print(f"(outside set not found at {args.outside}: team sets only)")
    whole = RiskDetector()
    if whole.meaning is None:
        print("the meaning layer is unavailable: figures are for the lexicon alone")
    lexicon = RiskDetector(meaning=None)
    for name, cases, detector in sets:
        result = score(detector or whole, name, cases)
        print(result.summary())
        print(f"  (lexicon alone: {score(lexicon, name, cases).summary().split(': ', 1)[1]})")
        for line in result.kinds():
            print(line)
        if args.verbose:
            for text in result.missed:
                print(f"  missed: {text}")
            for text in result.alarmed:
                print(f"  false alarm: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
