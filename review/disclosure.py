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
   contributed to that theme in that cell, and the cell's count itself is shown; it comes
   only from someone who agreed, at their review, to be quoted; and each quote appears once.
5. A ward (or a whole report) with fewer than ``min_reflections`` reflections, or fewer than
   ``threshold`` people, shows "too few reflections to show" instead of numbers.

Differencing is answered upstream: reports cover whole closed months or quarters only
(review.periods), so asking again after one more reflection gives the same answer. Two reports
over different ward sets can still be subtracted; docs/privacy-model.md states that residue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from review.aggregate import VOICES, ReviewData, period_words, periods, scope_words
from review.records import Voice
from review.suppression import (
    Cell,
    DisclosurePolicy,
    Table,
    TableRow,
    count_cell,
    percent,
    suppress_grid,
)

TOO_FEW = "too few reflections to show"


INTERVENTION_LABELS = {
    "restraint": "Restraint",
    "seclusion": "Seclusion",
    "rapid_tranquillisation": "Rapid tranquillisation",
    "other": "Other",
    "not_said": "Not said",  # the person skipped the question
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
    # per theme: the share of staff sessions and of patient sessions raising it, so that a
    # group that reflects more often does not look more concerned
    voice_shares: Table
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
            self.voice_shares,
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
        voice_shares=_empty("voice_shares", "Share of each group's sessions"),
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
    # Each group's own session count, suppressed as the participation table suppresses it.
    groups, _ = suppress_grid(
        [[data.sessions - data.patient_sessions, data.patient_sessions]], [data.sessions], policy
    )
    staff_sessions, patient_sessions = groups[0]
    voice_shares = Table(
        "voice_shares",
        "Share of each group's sessions",
        "Theme",
        ("Staff", "Patients"),
        tuple(
            TableRow(
                row.label,
                (
                    percent(row.cells[0], staff_sessions, policy),
                    percent(row.cells[1], patient_sessions, policy),
                ),
            )
            for row in voices.rows
        ),
    )
    used: set[str] = set()  # each quote appears once in a report, under one theme
    voice_quotes = tuple(
        (
            _quote(data, policy, t, "staff", row.cells[0], used),
            _quote(data, policy, t, "patient", row.cells[1], used),
        )
        for t, row in zip(top, voices.rows, strict=True)
    )

    idea_rank = sorted(data.idea_cells, key=lambda t: (-len(data.idea_cells[t].sessions), t))
    idea_rows = []
    idea_quotes = []
    idea_used: set[str] = set()  # an idea's quote appears once among the ideas
    for t in idea_rank[:top_n]:
        cell = data.idea_cells[t]
        n_sessions = small(len(cell.sessions))
        idea_rows.append(TableRow(data.label(t), (n_sessions, small(len(cell.people)))))
        allowed = not n_sessions.hidden and len(cell.people) >= policy.quote_min_people
        idea_quotes.append(cell.typical(idea_used, limit=2) if allowed else ())
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
        voice_shares=voice_shares,
        voice_quotes=voice_quotes,
        ideas=ideas,
        idea_quotes=tuple(idea_quotes),
        wards=_wards(data, policy),
    )


def _quote(
    data: ReviewData,
    policy: DisclosurePolicy,
    theme: str,
    voice: Voice,
    count: Cell,
    used: set[str],
) -> str | None:
    # gate on distinct people in this theme-and-voice cell, not on how often it came up
    cell = data.voice_cells.get((theme, voice))
    if cell is None or count.hidden or len(cell.people) < policy.quote_min_people:
        return None
    chosen = cell.typical(used)
    return chosen[0] if chosen else None


__all__ = [
    "TOO_FEW",
    "Cell",
    "DisclosurePolicy",
    "ReviewTables",
    "Table",
    "TableRow",
    "disclose",
]
