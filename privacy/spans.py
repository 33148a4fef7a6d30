"""A found identifier span, and how overlapping finds from different layers are settled."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Lower wins when two finds overlap with the same length: specific patterns beat broad guesses.
PRIORITY: dict[str, int] = {
    "email": 0,
    "nhs number": 1,
    "phone": 2,
    "record number": 3,
    "postcode": 4,
    "date": 5,
    "age": 6,
    "address": 7,
    "ward": 8,
    "site": 9,
    "place": 10,
    "name": 11,
}


@dataclass(frozen=True, slots=True)
class Span:
    """Raw characters ``start:end`` hold an identifier of ``kind``, found by ``rule``."""

    start: int
    end: int
    kind: str
    rule: str


def settle(spans: Iterable[Span]) -> list[Span]:
    """Keep a non-overlapping set, preferring longer finds, then more specific kinds."""
    ranked = sorted(spans, key=lambda s: (-(s.end - s.start), PRIORITY.get(s.kind, 99), s.start))
    taken: list[Span] = []
    for span in ranked:
        if all(span.end <= t.start or span.start >= t.end for t in taken):
            taken.append(span)
    taken.sort(key=lambda s: s.start)
    return _join_adjacent_names(taken)


def _join_adjacent_names(spans: list[Span]) -> list[Span]:
    # "chidi" found by a rule and "okafor" by the model are one person: one placeholder, not two.
    joined: list[Span] = []
    for span in spans:
        prev = joined[-1] if joined else None
        if prev and prev.kind == span.kind == "name" and 0 <= span.start - prev.end <= 1:
            rule = prev.rule if prev.rule == span.rule else f"{prev.rule} + {span.rule}"
            joined[-1] = Span(prev.start, span.end, "name", rule)
        else:
            joined.append(span)
    return joined
