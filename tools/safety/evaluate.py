"""Measure the safety net: ``python -m tools.safety.evaluate [-v] [--outside FILE] [files...]``.

Prints recall and false alarms for each set, and per kind, for the whole detector and for the
lexicon alone. With no files: the team's DEV and TEST phrase sets, and both halves of the
outside development set when it is present (half A helped train the meaning layer; half B is
unseen and is the honest figure). Phrase files are ``voice | categories | text`` lines.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from safety.detector import RiskDetector
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


def default_sets(outside: Path) -> list[tuple[str, list[PhraseCase]]]:
    """The team's sets, and the outside halves when the outside file exists."""
    sets = [(name.upper(), load_set(name)) for name in SET_NAMES]
    if outside.is_file():
        first, second = halves(load_outside(outside))
        sets += [("OUTSIDE-A (trained on)", first), ("OUTSIDE-B (unseen)", second)]
    return sets


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures per set and kind; ``-v`` also lists every miss and false alarm."""
    parser = argparse.ArgumentParser(prog="python -m tools.safety.evaluate")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--outside", type=Path, default=outside_path())
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.files:
        sets = [(p.stem, load_phrases(p)) for p in args.files]
    else:
        sets = default_sets(args.outside)
        if not args.outside.is_file():
            print(f"(outside set not found at {args.outside}: team sets only)")
    whole = RiskDetector()
    if whole.meaning is None:
        print("the meaning layer is unavailable: figures are for the lexicon alone")
    lexicon = RiskDetector(meaning=None)
    for name, cases in sets:
        result = score(whole, name, cases)
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
