"""Measure the detector on labelled phrase sets: ``python -m safety.evaluate [files...]``.

A phrase file has one case per line, ``voice | categories | text``, where categories is a
comma-separated list for risk phrases and ``-`` for ordinary ones; ``#`` starts a comment line.
With no arguments the DEV and held-out TEST sets under ``tests/safety/phrases`` are scored.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from safety.assessment import CATEGORIES
from safety.detector import RiskDetector
from safety.errors import SafetyConfigError

PHRASES_DIR = Path(__file__).resolve().parents[1] / "tests" / "safety" / "phrases"
SET_NAMES = ("dev", "test")
VOICES = frozenset({"patient", "staff"})


@dataclass(frozen=True, slots=True)
class PhraseCase:
    """One labelled phrase: who might write it, which kinds of risk it carries, and the text."""

    voice: str
    categories: frozenset[str]
    text: str

    @property
    def is_risk(self) -> bool:
        """Return True when the phrase is labelled as carrying risk."""
        return bool(self.categories)


@dataclass(frozen=True, slots=True)
class SetScore:
    """How the detector did on one phrase set."""

    name: str
    risk_total: int
    risk_found: int
    ordinary_total: int
    false_alarms: int
    # Risk phrases flagged with at least one of their labelled kinds (informative only).
    category_hits: int
    missed: tuple[str, ...]
    alarmed: tuple[str, ...]

    @property
    def recall(self) -> float:
        """Return the share of risk phrases flagged."""
        return self.risk_found / self.risk_total if self.risk_total else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """Return the share of ordinary phrases flagged."""
        return self.false_alarms / self.ordinary_total if self.ordinary_total else 0.0

    def summary(self) -> str:
        """Return a one-line report of recall and false alarms with their counts."""
        return (
            f"{self.name}: recall {self.recall:.1%} ({self.risk_found}/{self.risk_total}), "
            f"false alarms {self.false_alarm_rate:.1%} "
            f"({self.false_alarms}/{self.ordinary_total}), "
            f"category agreement {self.category_hits}/{self.risk_found}"
        )


def load_phrases(path: Path) -> list[PhraseCase]:
    """Read one phrase file, failing with ``file:line: problem`` on a malformed line."""
    cases: list[PhraseCase] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = [p.strip() for p in stripped.split("|", 2)]
        if len(parts) != 3 or not parts[2]:
            raise SafetyConfigError(f"{path}:{number}: expected 'voice | categories | text'")
        voice, labels, text = parts
        if voice not in VOICES:
            raise SafetyConfigError(f"{path}:{number}: voice must be one of {sorted(VOICES)}")
        categories = frozenset() if labels == "-" else frozenset(labels.split(","))
        unknown = categories - CATEGORIES
        if unknown:
            raise SafetyConfigError(f"{path}:{number}: unknown categories {sorted(unknown)}")
        cases.append(PhraseCase(voice, categories, text))
    return cases


def load_set(name: str, directory: Path = PHRASES_DIR) -> list[PhraseCase]:
    """Read the risk and ordinary files of the named set (``dev`` or ``test``)."""
    return load_phrases(directory / f"{name}_risk.txt") + load_phrases(
        directory / f"{name}_ordinary.txt"
    )


def score(detector: RiskDetector, name: str, cases: Iterable[PhraseCase]) -> SetScore:
    """Run the detector over ``cases`` and count hits, misses and false alarms."""
    risk_total = risk_found = ordinary_total = category_hits = 0
    missed: list[str] = []
    alarmed: list[str] = []
    for case in cases:
        result = detector.assess(case.text)
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
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print recall and false-alarm figures per set; ``-v`` also lists misses and alarms."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    paths = [Path(a) for a in args if a != "-v"]
    detector = RiskDetector()
    if paths:
        sets = [(p.stem, load_phrases(p)) for p in paths]
    else:
        sets = [(name.upper(), load_set(name)) for name in SET_NAMES]
    for name, cases in sets:
        result = score(detector, name, cases)
        print(result.summary())
        if verbose:
            for text in result.missed:
                print(f"  missed: {text}")
            for text in result.alarmed:
                print(f"  false alarm: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
