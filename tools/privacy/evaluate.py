"""Measure the anonymiser on invented UK reflections: ``python -m tools.privacy.evaluate``.

Prints recall per identifier kind, overall and for names, the share of other words kept,
characters per second, and the meaning kept on the split's realistic identifier-free sentences.
Tune on ``--split dev``; report ``--split test``, which uses names and templates the rules were
never tuned on.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from privacy.layered import Anonymiser
from privacy.organisation import OrganisationLists
from tools.privacy.meaning import measure_meaning
from tools.privacy.synthetic import SPLITS, Example, build

_TOKEN = re.compile(r"\w+")


@dataclass
class Report:
    """Figures from one evaluation run."""

    split: str
    size: int
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    words_kept: int = 0
    words_total: int = 0
    chars: int = 0
    seconds: float = 0.0
    model_in_use: bool = False

    def recall(self, kind: str | None = None) -> float:
        """Share of true identifiers (of ``kind``, or all) fully removed."""
        if kind is None:
            found, total = sum(self.found.values()), sum(self.total.values())
        else:
            found, total = self.found[kind], self.total[kind]
        return found / total if total else 1.0

    @property
    def words_kept_share(self) -> float:
        """Share of words outside identifiers that survive anonymisation."""
        return self.words_kept / self.words_total if self.words_total else 1.0

    @property
    def chars_per_second(self) -> float:
        """Throughput of the timed run, model already loaded."""
        return self.chars / self.seconds if self.seconds else 0.0

    def lines(self) -> list[str]:
        """The report as printable lines."""
        rows = [f"split={self.split} reflections={self.size} model={self.model_in_use}"]
        rows += [f"  recall {k:<14} {self.recall(k):.4f}  ({self.found[k]}/{self.total[k]})"
                 for k in sorted(self.total)]  # fmt: skip
        rows.append(f"  recall overall        {self.recall():.4f}")
        rows.append(f"  recall names          {self.recall('name'):.4f}")
        rows.append(f"  meaning words kept    {self.words_kept_share:.4f}")
        rows.append(f"  chars/s               {self.chars_per_second:,.0f}")
        return rows


def organisation_for(split: str) -> OrganisationLists:
    """The ward and site lists a trust would configure for this split."""
    return OrganisationLists(wards=SPLITS[split].wards, sites=SPLITS[split].sites)


def evaluate(split: str, size: int, anonymiser: Anonymiser | None = None, seed: int = 7) -> Report:
    """Run the anonymiser over ``size`` invented reflections of ``split`` and score it."""
    anonymiser = anonymiser or Anonymiser(organisation_for(split))
    examples = build(split, size, seed)
    texts = [e.text for e in examples]
    anonymiser.find_spans("warm up so the one-off model load is not timed")
    # Only the real call is timed; the spans for scoring come after, from the model's cache.
    start = time.perf_counter()
    anonymiser.anonymise_many(texts)
    seconds = time.perf_counter() - start
    results = anonymiser.find_spans_many(texts)
    report = Report(split=split, size=size, seconds=seconds, chars=sum(map(len, texts)))
    report.model_in_use = anonymiser.model_in_use
    for example, spans in zip(examples, results, strict=True):
        _score(report, example, [(s.start, s.end) for s in spans])
    return report


def _score(report: Report, example: Example, spans: Sequence[tuple[int, int]]) -> None:
    covered = [False] * len(example.text)
    for a, b in spans:
        covered[a:b] = [True] * (b - a)
    in_gold = [False] * len(example.text)
    for g in example.gold:
        report.total[g.kind] += 1
        in_gold[g.start : g.end] = [True] * (g.end - g.start)
        chars = [i for i in range(g.start, g.end) if example.text[i].isalnum()]
        if all(covered[i] for i in chars):
            report.found[g.kind] += 1
    for m in _TOKEN.finditer(example.text):
        if not any(in_gold[m.start() : m.end()]):
            report.words_total += 1
            report.words_kept += not any(covered[m.start() : m.end()])


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the figures for one split."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=sorted(SPLITS), default="test")
    parser.add_argument("--size", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--misses", action="store_true", help="print missed identifiers (dev)")
    args = parser.parse_args(argv)
    # One anonymiser for every figure: the name model is loaded once, not once per measure.
    anonymiser = Anonymiser(organisation_for(args.split))
    report = evaluate(args.split, args.size, anonymiser, seed=args.seed)
    print("\n".join(report.lines()))
    meaning = measure_meaning(args.split, anonymiser)
    print("\n".join(meaning.lines()))
    if args.misses:
        _print_misses(anonymiser, args.split, args.size, args.seed)
        for sentence, removed in meaning.touched:
            print(f"FALSE {removed!r} in {sentence!r}")


def _print_misses(anonymiser: Anonymiser, split: str, size: int, seed: int) -> None:
    for example in build(split, size, seed):
        spans = anonymiser.find_spans(example.text)
        covered = {i for s in spans for i in range(s.start, s.end)}
        for g in example.gold:
            if not all(i in covered for i in range(g.start, g.end) if example.text[i].isalnum()):
                print(f"MISS {g.kind}: {example.text[g.start : g.end]!r} in {example.text!r}")
        gold = {i for g in example.gold for i in range(g.start, g.end)}
        for s in spans:
            if not any(i in gold for i in range(s.start, s.end)):
                print(f"EXTRA {s.kind} ({s.rule}): {example.text[s.start : s.end]!r}")


if __name__ == "__main__":
    main()
