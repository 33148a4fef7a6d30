"""Did it help? Each action's theme, before and after the action started, as a share of the
ward's sessions, under the report's disclosure control.

The line between before and after is the closed period (``REFLECT_REPORT_PERIOD``, month or
quarter) the action started in: an action starts when it first moves to trying or done, and
one never started is dated from the day it was recorded. That period is in neither side, since
part of it came before the change; "before" is every closed period of the report before it,
"after" every one after it.

Disclosure: a ward too small to show in the report shows nothing here either. Per ward, the
counts a reader sees (sessions, and sessions raising the theme, on each side of each action)
are sums of per-period counts that are never shown; together with the ward's and the theme's
totals (taken as known) and each side's sessions not raising the theme, they form one linear
system, solved as the theme tables' is (:func:`review.suppression.protect`), so no small
number, whether a period's, the start period's or a side's remainder, can be worked out, also
by subtracting one action's figures from another's. A share is shown only when both its counts
are and it is out of at least ``min_reflections`` sessions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from review.aggregate import MONTHS, ReviewData, covered_span, day_words, month_index
from review.disclosure import TOO_FEW
from review.periods import Period
from review.suppression import (
    Cell,
    DisclosurePolicy,
    Relation,
    Table,
    TableRow,
    hidden,
    percent,
    protect,
)

NO_THEME = "no theme linked"
NONE_BEFORE = "no closed period before it started"
NONE_AFTER = "no closed period since it started yet"
DASH = Cell(None, "-")
OWNER_WORDS = {
    "nurse_in_charge": "Nurse in charge",
    "ward_manager": "Ward manager",
    "matron": "Matron",
    "psychologist": "Psychologist",
    "ot": "Occupational therapist",
    "consultant": "Consultant",
    "peer_support": "Peer support worker",
    "hca": "Healthcare assistant",
    "team": "The team",
}


@dataclass(frozen=True, slots=True)
class ActionFacts:
    """One action as a report shows it: the text already anonymised, the owner a role."""

    id: int
    ward: str
    text: str
    theme: str | None
    owner_role: str
    status: str
    due_on: date | None
    start_day: date  # first moved to trying or done; else the day it was recorded
    started: bool  # False: never started, so ``start_day`` is the day it was recorded


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an action's start: which periods, sessions, those raising the theme, share."""

    periods: str
    sessions: Cell
    raising: Cell
    share: Cell


@dataclass(frozen=True, slots=True)
class HelpedRow:
    """One action's "Did it help?" line; ``note`` replaces both sides when set."""

    label: str
    theme: str
    started: str
    note: str | None
    before: Side | None  # None: no closed period on that side
    after: Side | None


@dataclass(frozen=True, slots=True)
class ActionTables:
    """The actions of a report and whether they helped, disclosed, for the page and exports."""

    actions: Table
    helped: Table
    rows: tuple[HelpedRow, ...]
    min_sessions: int
    period: Period

    def tables(self) -> tuple[Table, ...]:
        """Both tables, in page order."""
        return (self.actions, self.helped)


def action_label(action: ActionFacts) -> str:
    """How a report names an action: its number and its (anonymised) text."""
    return f"{action.id}: {action.text}"


def _size(period: Period) -> int:
    return 1 if period == "month" else 3


def period_label(index: int, period: Period) -> str:
    """A period's name, from its index (months, or quarters, since year 0)."""
    if period == "month":
        return f"{MONTHS[index % 12]} {index // 12}"
    return f"{index // 4} Q{index % 4 + 1}"


def _span_words(first: int, last: int, period: Period) -> str:
    if first == last:
        return period_label(first, period)
    return f"{period_label(first, period)} to {period_label(last, period)}"


class _System:
    """The linear system of one ward's published sums, built up as values are added."""

    def __init__(self) -> None:
        self.values: list[int] = []
        self.relations: list[Relation] = []
        self.pinned: set[int] = set()
        self.unpublished: set[int] = set()

    def add(self, value: int, *, parts: Sequence[int] = (), kind: str = "shown") -> int:
        index = len(self.values)
        self.values.append(value)
        if parts:
            self.relations.append([(index, 1), *((p, -1) for p in parts)])
        if kind == "pinned":
            self.pinned.add(index)
        elif kind == "unpublished":
            self.unpublished.add(index)
        return index

    def solve(self, policy: DisclosurePolicy) -> list[Cell]:
        hide = protect(
            self.values,
            self.relations,
            policy.threshold,
            frozenset(self.pinned),
            unpublished=frozenset(self.unpublished),
        )
        return [
            hidden(policy) if i in hide else policy.publish(v) for i, v in enumerate(self.values)
        ]


def _ward_rows(
    data: ReviewData,
    ward: str,
    actions: Sequence[ActionFacts],
    policy: DisclosurePolicy,
    period: Period,
    span: tuple[int, int],
) -> dict[int, tuple[Side | None, Side | None]]:
    size = _size(period)
    first, last = span
    system = _System()
    periods = range(first, last + 1)

    def in_period(key: str | None, p: int) -> int:
        months = range(p * size, p * size + size)
        if key is None:
            return sum(data.ward_months.get((ward, m), 0) for m in months)
        return sum(data.theme_ward_months.get((key, ward, m), 0) for m in months)

    sessions = {p: system.add(in_period(None, p), kind="unpublished") for p in periods}
    system.add(
        sum(system.values[i] for i in sessions.values()), parts=[*sessions.values()], kind="pinned"
    )
    themes: dict[str, dict[int, int]] = {}
    for theme in sorted({a.theme for a in actions if a.theme is not None}):
        per = {p: system.add(in_period(theme, p), kind="unpublished") for p in periods}
        system.add(
            sum(system.values[i] for i in per.values()), parts=[*per.values()], kind="pinned"
        )
        themes[theme] = per

    plans: dict[int, list[tuple[str, int, int, int] | None]] = {}
    for action in actions:
        assert action.theme is not None
        start = month_index(action.start_day) // size
        sides: list[tuple[str, int, int, int] | None] = []
        for chosen in (range(first, min(start, last + 1)), range(max(start + 1, first), last + 1)):
            if not chosen:
                sides.append(None)
                continue
            n = system.add(
                sum(system.values[sessions[p]] for p in chosen), parts=[sessions[p] for p in chosen]
            )
            per = themes[action.theme]
            a = system.add(
                sum(system.values[per[p]] for p in chosen), parts=[per[p] for p in chosen]
            )
            # the sessions not raising it: a small remainder gives the raising count away
            rest = system.add(system.values[n] - system.values[a], kind="unpublished")
            system.relations.append([(a, 1), (rest, 1), (n, -1)])
            sides.append((_span_words(chosen[0], chosen[-1], period), n, a, system.values[n]))
        plans[action.id] = sides

    cells = system.solve(policy)
    out: dict[int, tuple[Side | None, Side | None]] = {}
    for action_id, sides in plans.items():
        built: list[Side | None] = []
        for side in sides:
            if side is None:
                built.append(None)
                continue
            words, n, a, total = side
            share = percent(cells[a], cells[n], policy)
            if total < policy.min_reflections and share.value is not None:
                share = hidden(policy)  # too few sessions for a share to mean anything
            built.append(Side(words, cells[n], cells[a], share))
        out[action_id] = (built[0], built[1])
    return out


def helped(
    data: ReviewData,
    actions: Sequence[ActionFacts],
    policy: DisclosurePolicy,
    period: Period = "month",
) -> ActionTables:
    """The report's actions, and for each one with a theme whether fewer sessions raised it
    after it started, every number under disclosure control."""
    start, end = covered_span(data)
    size = _size(period)
    too_few = data.reflections < policy.min_reflections or data.people < policy.threshold
    span = (
        None
        if start is None or end is None or too_few
        else (month_index(start) // size, month_index(end) // size)
    )
    sides: dict[int, tuple[Side | None, Side | None]] = {}
    for ward in sorted({a.ward for a in actions}):
        counts = data.wards.get(ward)
        small = counts is None or (
            counts.reflections < policy.min_reflections or counts.people < policy.threshold
        )
        linked = [a for a in actions if a.ward == ward and a.theme is not None]
        if span is not None and not small and linked:
            sides.update(_ward_rows(data, ward, linked, policy, period, span))

    rows = []
    for action in actions:
        label = action_label(action)
        theme = data.label(action.theme) if action.theme else "-"
        started = period_label(month_index(action.start_day) // size, period)
        started = started if action.started else f"not started (recorded {started})"
        note = None
        if action.theme is None:
            note = NO_THEME
        elif action.id not in sides:
            note = TOO_FEW
        before, after = sides.get(action.id, (None, None))
        rows.append(HelpedRow(label, theme, started, note, before, after))

    def side_cells(side: Side | None, empty: str) -> tuple[Cell, ...]:
        if side is None:
            return (Cell(None, empty), DASH, DASH, DASH)
        return (Cell(None, side.periods), side.sessions, side.raising, side.share)

    helped_table = Table(
        "helped",
        "Did it help?",
        "Action",
        (
            "Theme",
            "Started",
            "Before",
            "Sessions before",
            "Raising it before",
            "Share before",
            "After",
            "Sessions after",
            "Raising it after",
            "Share after",
        ),
        tuple(
            TableRow(
                r.label,
                (
                    Cell(None, r.theme),
                    Cell(None, r.started),
                    *side_cells(r.before, NONE_BEFORE),
                    *side_cells(r.after, NONE_AFTER),
                ),
                None,
                r.note,
            )
            for r in rows
        ),
        words=frozenset({"Theme", "Started", "Before", "After"}),
    )
    actions_table = Table(
        "actions",
        "Actions",
        "Action",
        ("Ward", "Owner", "Status", "Due", "Theme"),
        tuple(
            TableRow(
                action_label(a),
                (
                    Cell(None, a.ward),
                    Cell(None, OWNER_WORDS.get(a.owner_role, a.owner_role)),
                    Cell(None, a.status),
                    Cell(None, day_words(a.due_on) if a.due_on else "-"),
                    Cell(None, data.label(a.theme) if a.theme else NO_THEME),
                ),
            )
            for a in actions
        ),
        words=frozenset({"Ward", "Owner", "Status", "Due", "Theme"}),
    )
    return ActionTables(actions_table, helped_table, tuple(rows), policy.min_reflections, period)
