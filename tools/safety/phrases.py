"""Labelled statements for training and measuring the safety net, from every source we use.

- The team's phrase files (``voice | categories | text``): DEV and TEST under
  ``tests/safety/phrases``, and the exemplar banks under ``tools/safety/data``.
- An outside author's development set (``crisis-dev.jsonl``: ``{id, voice, text, risk, kind}``),
  split into two fixed halves per kind: half A may train and tune, half B stays unseen.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from safety.assessment import CATEGORIES
from safety.errors import SafetyConfigError

ROOT = Path(__file__).resolve().parents[2]
PHRASES_DIR = ROOT / "tests" / "safety" / "phrases"
BANKS_DIR = Path(__file__).resolve().parent / "data"
SET_NAMES = ("dev", "test")
VOICES = frozenset({"patient", "staff"})
# Where the outside development set lives beside a checkout; REFLECT_OUTSIDE_DATA overrides.
OUTSIDE_DEFAULT = ROOT.parent / "shared" / "data" / "crisis-dev.jsonl"

# The outside set's kinds and the safety net's categories they belong to.
KIND_CATEGORIES: dict[str, frozenset[str]] = {
    "suicidal_ideation": frozenset({"suicide"}),
    "plan_or_method": frozenset({"suicide", "self_harm"}),
    "self_harm": frozenset({"self_harm"}),
    "harm_to_others": frozenset({"harm_to_others"}),
    "unsafe_from_others": frozenset({"unsafe"}),
    "abuse": frozenset({"abuse"}),
    "acute_distress": frozenset({"distress"}),
    "injury_after_restraint": frozenset({"injury"}),
    "staff_distress": frozenset({"distress"}),
}


@dataclass(frozen=True, slots=True)
class PhraseCase:
    """One labelled statement: who might write it, its kinds of risk (none if ordinary), text."""

    voice: str
    categories: frozenset[str]
    text: str
    kind: str = ""  # the source's own finer label, when it has one

    @property
    def is_risk(self) -> bool:
        """Whether the statement is labelled as carrying risk."""
        return bool(self.categories)

    @property
    def group(self) -> str:
        """The label figures are broken down by: the source's kind, else the categories."""
        if self.kind:
            return self.kind
        return ",".join(sorted(self.categories)) if self.categories else "ordinary"


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
        categories = (
            frozenset() if labels == "-" else frozenset(c.strip() for c in labels.split(","))
        )
        unknown = categories - CATEGORIES
        if unknown:
            raise SafetyConfigError(f"{path}:{number}: unknown categories {sorted(unknown)}")
        cases.append(PhraseCase(voice, categories, text))
    return cases


def load_set(name: str, directory: Path = PHRASES_DIR) -> list[PhraseCase]:
    """The risk and ordinary files of the team's named set (``dev`` or ``test``)."""
    return load_phrases(directory / f"{name}_risk.txt") + load_phrases(
        directory / f"{name}_ordinary.txt"
    )


def load_banks(directory: Path = BANKS_DIR) -> list[PhraseCase]:
    """The exemplar banks the meaning layer is trained on."""
    return load_phrases(directory / "bank_risk.txt") + load_phrases(directory / "bank_ordinary.txt")


def outside_path() -> Path:
    """Where the outside development set is read from."""
    return Path(os.environ.get("REFLECT_OUTSIDE_DATA") or OUTSIDE_DEFAULT)


def load_outside(path: Path) -> list[tuple[str, PhraseCase]]:
    """Rows of the outside set as ``(id, case)``, failing with ``file:line: problem``."""
    rows: list[tuple[str, PhraseCase]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            kind = str(row["kind"])
            risk = bool(row["risk"])
            case = PhraseCase(
                str(row["voice"]),
                KIND_CATEGORIES[kind] if risk else frozenset(),
                str(row["text"]),
                kind,
            )
            rows.append((str(row["id"]), case))
        except (ValueError, KeyError, TypeError) as exc:
            raise SafetyConfigError(f"{path}:{number}: not a labelled row ({exc!r})") from exc
    return rows


def halves(rows: Iterable[tuple[str, PhraseCase]]) -> tuple[list[PhraseCase], list[PhraseCase]]:
    """Two fixed halves: within each kind, rows in id order go alternately to A and to B."""
    by_kind: dict[tuple[bool, str], list[tuple[str, PhraseCase]]] = defaultdict(list)
    for row_id, case in rows:
        by_kind[(case.is_risk, case.kind)].append((row_id, case))
    first: list[PhraseCase] = []
    second: list[PhraseCase] = []
    for key in sorted(by_kind):
        for index, (_, case) in enumerate(sorted(by_kind[key], key=lambda r: r[0])):
            (first if index % 2 == 0 else second).append(case)
    return first, second
