"""Closed periods: reports cover whole months or quarters that have ended, and nothing else.

Asking the same question twice then gives the same answer, and one more reflection changes
nothing already shown: it falls in the open period, which no report shows until it closes.
A report's first day snaps back to the start of its period and its last day back to the end of
the last period that has closed by then, so two reports a day apart cannot be subtracted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Period = Literal["month", "quarter"]
PERIODS: tuple[Period, ...] = ("month", "quarter")


def period_start(day: date, period: Period) -> date:
    """The first day of the month or quarter ``day`` falls in."""
    month = day.month if period == "month" else 3 * ((day.month - 1) // 3) + 1
    return date(day.year, month, 1)


def next_start(day: date, period: Period) -> date:
    """The first day of the period after the one ``day`` falls in."""
    start = period_start(day, period)
    months = 1 if period == "month" else 3
    total = start.year * 12 + start.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def last_closed_day(today: date, period: Period) -> date:
    """The last day of the latest period that has ended by ``today``."""
    return period_start(today, period) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ClosedSpan:
    """What a report may cover: whole closed periods from ``since`` to ``until``."""

    since: date | None
    until: date
    period: Period


def closed_span(
    today: date, period: Period, since: date | None = None, until: date | None = None
) -> ClosedSpan:
    """The span a report covers, asked for ``since``..``until`` on ``today``.

    ``since`` snaps back to its period's first day; ``until`` back to the end of the last
    period that has closed by then (and never past the last one closed by ``today``).
    """
    latest = last_closed_day(today, period)
    if until is not None and next_start(until, period) - timedelta(days=1) != until:
        until = period_start(until, period) - timedelta(days=1)  # an open part is cut off
    end = latest if until is None or until > latest else until
    start = period_start(since, period) if since is not None else None
    return ClosedSpan(start, end, period)
