"""Scoring one labelled set: recall per entity type, words kept and must-keep phrases kept.

An identifier counts as found only when every alphanumeric character of every occurrence is
inside a removed span, except a generic place word written as part of the name: "[site]
hospital" and "[name 1] ward" leak nothing, so "hospital" and "ward" may stay. Words kept counts
the words outside identifiers that no span touches.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from privacy.spans import Span

Offsets = tuple[int, int]
_WORD = re.compile(r"\w+")
_GENERIC_PLACE = frozenset(
    str.split("ward wards unit hospital site centre center house clinic wing suite surgery")
)


@dataclass(frozen=True)
class Labelled:
    """One text with its identifiers (each a kind and all its occurrences) and its keep phrases."""

    ident: str
    text: str
    identifiers: tuple[tuple[str, tuple[Offsets, ...]], ...]
    keep: tuple[tuple[str, tuple[Offsets, ...]], ...] = ()


@dataclass
class Tally:
    """Figures for one set; ``names`` and ``places`` name the kinds those summaries add up."""

    name: str
    names: frozenset[str]
    places: frozenset[str]
    texts: int = 0
    found: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    words_kept: int = 0
    words_total: int = 0
    keep_kept: int = 0
    keep_total: int = 0
    # (id, kind or rule, value, text): for reading errors while developing, never for reports.
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    extras: list[tuple[str, str, str, str]] = field(default_factory=list)

    def recall(self, kinds: Iterable[str] | None = None) -> tuple[int, int]:
        """(found, total) over ``kinds``, or over every kind."""
        chosen = set(self.total) if kinds is None else set(kinds)
        return sum(self.found[k] for k in chosen), sum(self.total[k] for k in chosen)

    def lines(self) -> list[str]:
        """The figures as printable lines."""
        rows = [f"{self.name}: texts={self.texts}"]
        rows.append(_row("recall overall", *self.recall()))
        rows.append(_row("names", *self.recall(self.names)))
        rows.append(_row("places", *self.recall(self.places)))
        rows += [_row(f"  {k}", self.found[k], self.total[k]) for k in sorted(self.total)]
        rows.append(_row("words kept", self.words_kept, self.words_total))
        if self.keep_total:
            rows.append(_row("must-keep kept", self.keep_kept, self.keep_total))
        return rows


def _row(label: str, got: int, of: int) -> str:
    share = f"{got / of:.4f}" if of else "   -  "
    return f"  {label:<22} {share}  ({got}/{of})"


def score(tally: Tally, item: Labelled, spans: Sequence[Span]) -> None:
    """Add one text's outcome to ``tally``."""
    text = item.text
    covered = [False] * len(text)
    for s in spans:
        covered[s.start : s.end] = [True] * (s.end - s.start)
    gold = [False] * len(text)
    tally.texts += 1
    for kind, places in item.identifiers:
        tally.total[kind] += 1
        whole = True
        for a, b in places:
            gold[a:b] = [True] * (b - a)
            whole = whole and all(
                covered[m.start() + a] or m.group().casefold() in _GENERIC_PLACE
                for m in _WORD.finditer(text[a:b])
            )
        if whole:
            tally.found[kind] += 1
        else:
            a, b = places[0]
            tally.misses.append((item.ident, kind, text[a:b], text))
    for m in _WORD.finditer(text):
        a, b = m.span()
        if not any(gold[a:b]):
            tally.words_total += 1
            tally.words_kept += not any(covered[a:b])
    for _, places in item.keep:
        tally.keep_total += 1
        tally.keep_kept += not any(any(covered[a:b]) for a, b in places)
    for s in spans:
        if not any(gold[s.start : s.end]):
            tally.extras.append((item.ident, s.rule, text[s.start : s.end], text))
