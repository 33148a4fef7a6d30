"""Meaning kept on realistic reflections that hold no identifiers at all.

The synthetic set reuses a small vocabulary, so it cannot show ordinary words ("sooner",
"strangers") being taken for names. These hand-written ward reflections, in staff and patient
voices, are all identifier-free: any redaction in them is a false one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from privacy.layered import Anonymiser

_HERE = Path(__file__).parent
_TOKEN = re.compile(r"\w+")


def reflections(split: str) -> list[str]:
    """The identifier-free sentences of ``split`` ("dev" to tune on, "test" held out)."""
    lines = (_HERE / f"reflections_{split}.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass
class Meaning:
    """Words and sentences of identifier-free text that came through untouched."""

    split: str
    words_total: int = 0
    words_kept: int = 0
    sentences_total: int = 0
    sentences_untouched: int = 0
    touched: list[tuple[str, str]] = field(default_factory=list)  # (sentence, its redaction)

    @property
    def words_kept_share(self) -> float:
        """Share of words not redacted."""
        return self.words_kept / self.words_total if self.words_total else 1.0

    @property
    def untouched_share(self) -> float:
        """Share of sentences with no redaction at all."""
        return self.sentences_untouched / self.sentences_total if self.sentences_total else 1.0

    def lines(self) -> list[str]:
        """The figures as printable lines."""
        return [
            f"realistic={self.split} sentences={self.sentences_total}",
            f"  meaning words kept    {self.words_kept_share:.4f}"
            f"  ({self.words_kept}/{self.words_total})",
            f"  sentences untouched   {self.untouched_share:.4f}"
            f"  ({self.sentences_untouched}/{self.sentences_total})",
        ]


def measure_meaning(split: str, anonymiser: Anonymiser) -> Meaning:
    """Run ``anonymiser`` over the realistic sentences of ``split``; every redaction is false."""
    texts = reflections(split)
    report = Meaning(split=split, sentences_total=len(texts))
    for text, spans in zip(texts, anonymiser.find_spans_many(texts), strict=True):
        words = list(_TOKEN.finditer(text))
        hit = [w for w in words if any(s.start < w.end() and w.start() < s.end for s in spans)]
        report.words_total += len(words)
        report.words_kept += len(words) - len(hit)
        if spans:
            report.touched.append((text, ", ".join(text[s.start : s.end] for s in spans)))
        else:
            report.sentences_untouched += 1
    return report
