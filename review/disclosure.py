"""Disclosure control: which counts and quotes a report may show.

The rule, in full:

1. *Primary suppression.* Any count greater than 0 and below ``threshold`` is hidden.
   Zeros are shown: a zero identifies nobody.
2. *Secondary suppression.* Each table declares the sums a reader can check (a row's cells
   add up to its total; the total of a theme is also printed in the top-themes table, so it is
   "pinned": known even if we hid it here). After primary suppression we solve that linear
   system exactly, over the rationals, treating every hidden number as unknown. If any
   primary-hidden number is uniquely determined, we hide one more number from a sum it sits
   in (the smallest non-zero one that is not pinned) and solve again, until no small number
   can be worked out. Hiding only grows, so this ends; if nothing is left to hide the whole
   table is hidden.
3. Every hidden number shows the same marker, so a reader cannot tell a small number from
   one hidden to protect it. Percentages are shown only when both their counts are shown.
4. A quote is shown only when at least ``quote_min_people`` different participants
   contributed to that theme in that cell, and the cell's count itself is shown.
5. A ward (or a whole report) with fewer than ``min_reflections`` reflections, or fewer than
   ``threshold`` people, shows "too few reflections to show" instead of numbers.

Not covered: differencing two reports whose filters differ by a few records. Leads should
keep to standard views (whole wards, whole months or quarters).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from review.aggregate import VOICES, ReviewData, period_words, periods, scope_words
from review.records import Voice

Relation = Sequence[tuple[int, int]]
"""A published sum, as (variable index, coefficient) pairs whose weighted total is zero."""

TOO_FEW = "too few reflections to show"


@dataclass(frozen=True, slots=True)
class DisclosurePolicy:
    """How cautious a report is; the defaults follow NHS small-number practice."""

    threshold: int = 5
    quote_min_people: int = 5
    min_reflections: int = 10
    marker: str = "*"

    def __post_init__(self) -> None:
        if self.threshold < 1 or self.quote_min_people < 1 or self.min_reflections < 0:
            raise ValueError("disclosure thresholds must be positive")

    @property
    def legend(self) -> str:
        """One sentence that explains the marker to a reader."""
        return (
            f"{self.marker} = hidden: fewer than {self.threshold}, or hidden so that a small "
            "number cannot be worked out from the totals."
        )


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
    return hidden(policy) if is_small(value, policy.threshold) else shown(value)


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
) -> set[int]:
    """Indices to hide so that no small value can be recovered from the published sums."""
    sensitive = {i for i, v in enumerate(values) if is_small(v, threshold)} | also_sensitive
    hide = set(sensitive)
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
    cells = [hidden(policy) if i in hide else shown(v) for i, v in enumerate(values)]
    out = [cells[r * width : (r + 1) * width] for r in range(len(grid))]
    return out, (cells[len(grid) * width :] if totals is not None else None)


INTERVENTION_LABELS = {
    "restraint": "Restraint",
    "seclusion": "Seclusion",
    "rapid_tranquillisation": "Rapid tranquillisation",
    "other": "Other",
}
BLANK = Cell(None, "")


@dataclass(frozen=True, slots=True)
class ReviewTables:
    """Everything publishable about one selection, after disclosure control."""

    policy: DisclosurePolicy
    scope: str  # which wards, in words
    period: str  # the dates covered, in words
    period_kind: str  # "month" or "quarter"
    too_few: bool  # true when the selection is too small to show anything
    participation: Table
    top_themes: Table
    trends: Table
    interventions: Table
    voices: Table
    voice_quotes: tuple[tuple[str | None, str | None], ...]  # (staff, patient) per voices row
    ideas: Table
    idea_quotes: tuple[tuple[str, ...], ...]  # per ideas row
    wards: Table

    def tables(self) -> tuple[Table, ...]:
        """All tables in page order, for export."""
        return (
            self.participation,
            self.top_themes,
            self.trends,
            self.interventions,
            self.voices,
            self.ideas,
            self.wards,
        )


def _empty(key: str, title: str, columns: tuple[str, ...] = ()) -> Table:
    return Table(key, title, "Theme", columns, ())


def _grid_table(
    key: str,
    title: str,
    columns: tuple[str, ...],
    labels: list[str],
    grid: list[list[int]],
    totals: list[int],
    policy: DisclosurePolicy,
) -> Table:
    if not grid:
        return _empty(key, title, columns)
    cells, tots = suppress_grid(grid, totals, policy)
    assert tots is not None
    rows = tuple(TableRow(lab, tuple(c), t) for lab, c, t in zip(labels, cells, tots, strict=True))
    return Table(key, title, "Theme", columns, rows, "All")


def _participation(data: ReviewData, policy: DisclosurePolicy) -> Table:
    def count(n: int) -> Cell:
        return count_cell(n, policy)

    sessions = count(data.sessions)
    rows = [
        TableRow("Reflections (answers saved)", (count(data.reflections), BLANK)),
        TableRow("Sessions", (sessions, BLANK)),
        TableRow("People taking part", (count(data.people), BLANK)),
    ]
    pairs = (
        ("Sessions completed", data.completed),
        ("Sessions by patients", data.patient_sessions),
        ("Sessions where support was offered", data.support_offered),
    )
    for label, part in pairs:
        # the part and the rest add up to the published session count
        cells, _ = suppress_grid([[part, data.sessions - part]], [data.sessions], policy)
        rows.append(TableRow(label, (cells[0][0], percent(cells[0][0], sessions, policy))))
    return Table("participation", "Participation", "Measure", ("Number", "Share"), tuple(rows))


def _wards(data: ReviewData, policy: DisclosurePolicy) -> Table:
    names = list(data.wards)
    if not names:
        return Table("wards", "Wards", "Ward", ("Reflections", "Sessions"), ())
    few = [
        w.reflections < policy.min_reflections or w.people < policy.threshold
        for w in data.wards.values()
    ]
    # transposed so each row (reflections, sessions) adds up to the published total
    grid = [[w.reflections for w in data.wards.values()], [w.sessions for w in data.wards.values()]]
    sensitive = frozenset((r, c) for c, f in enumerate(few) if f for r in range(2))
    cells, _ = suppress_grid(
        grid, [data.reflections, data.sessions], policy, sensitive_cells=sensitive
    )
    rows = tuple(
        TableRow(name, (cells[0][c], cells[1][c]), None, TOO_FEW if few[c] else None)
        for c, name in enumerate(names)
    )
    return Table("wards", "Wards", "Ward", ("Reflections", "Sessions"), rows)


def disclose(data: ReviewData, policy: DisclosurePolicy, *, top_n: int = 8) -> ReviewTables:
    """Apply disclosure control to raw counts, giving the only tables any output may show."""
    kind, spans = periods(data)
    too_few = data.reflections < policy.min_reflections or data.people < policy.threshold
    empty = ReviewTables(
        policy=policy,
        scope=scope_words(data),
        period=period_words(data),
        period_kind=kind,
        too_few=True,
        participation=Table("participation", "Participation", "Measure", (), ()),
        top_themes=_empty("top_themes", "Top themes"),
        trends=_empty("trends", "Themes over time"),
        interventions=_empty("interventions", "Themes by intervention"),
        voices=_empty("voices", "Staff and patient views"),
        voice_quotes=(),
        ideas=_empty("ideas", "Ideas proposed"),
        idea_quotes=(),
        wards=Table("wards", "Wards", "Ward", (), ()),
    )
    if too_few:
        return empty

    ranked = sorted(data.theme_sessions, key=lambda t: (-len(data.theme_sessions[t]), t))
    top = ranked[:top_n]
    labels = [data.label(t) for t in top]
    totals = [len(data.theme_sessions[t]) for t in top]

    def small(n: int) -> Cell:
        return count_cell(n, policy)

    top_rows = tuple(
        TableRow(data.label(t), (small(len(data.theme_sessions[t])), small(data.theme_people[t])))
        for t in top
    )
    top_table = Table("top_themes", "Top themes", "Theme", ("Sessions", "People"), top_rows)

    trend_grid = []
    for t in top:
        months = Counter(m for m, _, _ in data.theme_sessions[t].values())
        trend_grid.append([sum(months[m] for m in range(a, b + 1)) for _, a, b in spans])
    trend_cols = tuple(p[0] for p in spans)
    trends = _grid_table(
        "trends", "Themes over time", trend_cols, labels, trend_grid, totals, policy
    )

    kinds = Counter(iv for t in top for _, iv, _ in data.theme_sessions[t].values())
    order = [k for k in INTERVENTION_LABELS if k in kinds] + sorted(
        k for k in kinds if k not in INTERVENTION_LABELS
    )
    iv_grid = []
    for t in top:
        per = Counter(iv for _, iv, _ in data.theme_sessions[t].values())
        iv_grid.append([per[k] for k in order])
    iv_cols = tuple(INTERVENTION_LABELS.get(k, k.replace("_", " ").capitalize()) for k in order)
    interventions = _grid_table(
        "interventions", "Themes by intervention", iv_cols, labels, iv_grid, totals, policy
    )

    voice_grid = []
    for t in top:
        per_voice = Counter(v for _, _, v in data.theme_sessions[t].values())
        voice_grid.append([per_voice[v] for v in VOICES])
    voices = _grid_table(
        "voices",
        "Staff and patient views",
        ("Staff", "Patients"),
        labels,
        voice_grid,
        totals,
        policy,
    )
    voice_quotes = tuple(
        (
            _quote(data, policy, t, "staff", row.cells[0]),
            _quote(data, policy, t, "patient", row.cells[1]),
        )
        for t, row in zip(top, voices.rows, strict=True)
    )

    idea_rank = sorted(data.idea_cells, key=lambda t: (-len(data.idea_cells[t].sessions), t))
    idea_rows = []
    idea_quotes = []
    for t in idea_rank[:top_n]:
        cell = data.idea_cells[t]
        n_sessions = small(len(cell.sessions))
        idea_rows.append(TableRow(data.label(t), (n_sessions, small(len(cell.people)))))
        allowed = not n_sessions.hidden and len(cell.people) >= policy.quote_min_people
        idea_quotes.append(tuple(text for _, text in cell.candidates[:2]) if allowed else ())
    ideas = Table("ideas", "Ideas proposed", "Theme", ("Sessions", "People"), tuple(idea_rows))

    return ReviewTables(
        policy=policy,
        scope=empty.scope,
        period=empty.period,
        period_kind=kind,
        too_few=False,
        participation=_participation(data, policy),
        top_themes=top_table,
        trends=trends,
        interventions=interventions,
        voices=voices,
        voice_quotes=voice_quotes,
        ideas=ideas,
        idea_quotes=tuple(idea_quotes),
        wards=_wards(data, policy),
    )


def _quote(
    data: ReviewData, policy: DisclosurePolicy, theme: str, voice: Voice, count: Cell
) -> str | None:
    # gate on distinct people in this theme-and-voice cell, not on how often it came up
    cell = data.voice_cells.get((theme, voice))
    if cell is None or count.hidden or len(cell.people) < policy.quote_min_people:
        return None
    return cell.candidates[0][1] if cell.candidates else None
