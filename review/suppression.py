"""Suppression, the arithmetic of disclosure control: small counts hidden, and hidden so that no
published sum gives them away (rules 1 to 3 of :mod:`review.disclosure`).

The cells and tables here are what every output (page, chart, CSV) is built from, so a number
reaches a reader only through :func:`suppress_grid` or :func:`count_cell`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

Relation = Sequence[tuple[int, int]]
"""A published sum, as (variable index, coefficient) pairs whose weighted total is zero."""


@dataclass(frozen=True, slots=True)
class DisclosurePolicy:
    """How cautious a report is; the defaults follow NHS small-number practice."""

    threshold: int = 5
    quote_min_people: int = 5
    min_reflections: int = 10
    marker: str = "*"
    # Shown counts are rounded to the nearest multiple of this (1: exact).
    rounding: int = 1

    def __post_init__(self) -> None:
        if self.threshold < 1 or self.quote_min_people < 1 or self.min_reflections < 0:
            raise ValueError("disclosure thresholds must be positive")
        if self.rounding < 1:
            raise ValueError("rounding must be 1 (exact) or more")

    @classmethod
    def nhs(cls, quote_min_people: int = 5, min_reflections: int = 10) -> DisclosurePolicy:
        """NHS Digital's rule: counts of 1 to 7 hidden, the rest rounded to the nearest 5."""
        return cls(
            threshold=8,
            quote_min_people=quote_min_people,
            min_reflections=min_reflections,
            rounding=5,
        )

    def publish(self, value: int) -> Cell:
        """A count this policy lets a reader see, rounded when the policy rounds."""
        if self.rounding == 1:
            return shown(value)
        return shown(self.rounding * ((value + self.rounding // 2) // self.rounding))

    @property
    def legend(self) -> str:
        """One sentence that explains the marker to a reader."""
        hidden_rule = (
            f"{self.marker} = hidden: fewer than {self.threshold}, or hidden so that a small "
            "number cannot be worked out from the totals."
        )
        if self.rounding == 1:
            return hidden_rule
        return f"{hidden_rule} Other counts are rounded to the nearest {self.rounding}."


@dataclass(frozen=True, slots=True)
class Cell:
    """One published value: ``value`` is None when hidden, ``text`` is what a reader sees."""

    value: int | None
    text: str
    hidden: bool = False  # withheld by disclosure control (not merely blank)


def shown(value: int) -> Cell:
    """A cell that shows its number."""
    return Cell(value, f"{value:,}")


def hidden(policy: DisclosurePolicy) -> Cell:
    """A cell that hides its number behind the policy's marker."""
    return Cell(None, policy.marker, hidden=True)


def percent(part: Cell, whole: Cell, policy: DisclosurePolicy) -> Cell:
    """A share, hidden whenever either count it comes from is hidden."""
    if whole.value == 0:
        return Cell(None, "-")
    if part.value is None or whole.value is None:
        return hidden(policy)
    return Cell(round(100 * part.value / whole.value), f"{100 * part.value / whole.value:.0f}%")


def is_small(value: int, threshold: int) -> bool:
    """True for a count that primary suppression hides."""
    return 0 < value < threshold


def count_cell(value: int, policy: DisclosurePolicy) -> Cell:
    """A standalone count under primary suppression (no published sum to protect)."""
    return hidden(policy) if is_small(value, policy.threshold) else policy.publish(value)


def determined(unknown: Sequence[int], relations: Sequence[Relation]) -> set[int]:
    """Which unknowns a reader could solve for exactly from the published sums."""
    column = {var: k for k, var in enumerate(unknown)}
    pivots: dict[int, dict[int, Fraction]] = {}
    for relation in relations:
        row: dict[int, Fraction] = {}
        for var, coeff in relation:
            if var in column:
                k = column[var]
                row[k] = row.get(k, Fraction(0)) + coeff
        row = {k: v for k, v in row.items() if v}
        # reduce against the pivots so far; they are kept fully reduced (RREF)
        for p, prow in pivots.items():
            factor = row.get(p)
            if factor:
                for k, v in prow.items():
                    row[k] = row.get(k, Fraction(0)) - factor * v
                row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        lead = min(row)
        scale = row[lead]
        row = {k: v / scale for k, v in row.items()}
        for prow in pivots.values():
            factor = prow.get(lead)
            if factor:
                for k, v in row.items():
                    prow[k] = prow.get(k, Fraction(0)) - factor * v
                for k in [k for k, v in prow.items() if not v]:
                    del prow[k]
        pivots[lead] = row
    # a variable is fixed exactly when its pivot row mentions nothing else
    return {unknown[p] for p, prow in pivots.items() if len(prow) == 1}


def protect(
    values: Sequence[int],
    relations: Sequence[Relation],
    threshold: int,
    pinned: frozenset[int] = frozenset(),
    also_sensitive: frozenset[int] = frozenset(),
    unpublished: frozenset[int] = frozenset(),
) -> set[int]:
    """Indices to hide so that no small value can be recovered from the published sums.

    ``unpublished`` values are never shown (they tie published sums together) and are
    protected like any other when they are small.
    """
    sensitive = {i for i, v in enumerate(values) if is_small(v, threshold)} | also_sensitive
    hide = set(sensitive) | unpublished
    while True:
        exposed = determined(sorted(hide), relations) & sensitive
        if not exposed:
            return hide
        target = min(exposed)
        near = {v for rel in relations if any(t == target for t, _ in rel) for v, _ in rel}
        candidates = [v for v in near if v not in hide and v not in pinned]
        if not candidates:
            candidates = [v for v in range(len(values)) if v not in hide and v not in pinned]
        if not candidates:
            # nothing left that may be hidden: withhold the whole table
            return set(range(len(values)))
        # prefer a non-zero complement: hiding a zero beside a small number protects little
        hide.add(min(candidates, key=lambda v: (values[v] == 0, values[v], v)))


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a published table: a label, its cells and (optionally) its total."""

    label: str
    cells: tuple[Cell, ...]
    total: Cell | None = None
    note: str | None = None  # shown across the row instead of its cells (too-few state)


@dataclass(frozen=True, slots=True)
class Table:
    """A suppressed table, ready for a chart, an HTML table or a CSV file."""

    key: str
    title: str
    row_header: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    total_header: str | None = None
    words: frozenset[str] = frozenset()  # columns that hold words, not numbers (set left)


def suppress_grid(
    grid: Sequence[Sequence[int]],
    totals: Sequence[int] | None,
    policy: DisclosurePolicy,
    *,
    totals_pinned: bool = True,
    sensitive_cells: frozenset[tuple[int, int]] = frozenset(),
) -> tuple[list[list[Cell]], list[Cell] | None]:
    """Hide small (or ``sensitive_cells``) cells in a grid whose rows add up to ``totals``."""
    width = len(grid[0]) if grid else 0
    values = [v for row in grid for v in row]
    relations: list[list[tuple[int, int]]] = []
    pinned: frozenset[int] = frozenset()
    if totals is not None:
        base = len(values)
        values.extend(totals)
        for r in range(len(grid)):
            relations.append([(r * width + c, 1) for c in range(width)] + [(base + r, -1)])
        if totals_pinned:
            pinned = frozenset(range(base, base + len(totals)))
    forced = frozenset(r * width + c for r, c in sensitive_cells)
    hide = protect(values, relations, policy.threshold, pinned, forced)
    cells = [hidden(policy) if i in hide else policy.publish(v) for i, v in enumerate(values)]
    out = [cells[r * width : (r + 1) * width] for r in range(len(grid))]
    return out, (cells[len(grid) * width :] if totals is not None else None)
