"""Retention: reflections are kept for a configured number of days, then deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from storage import Store


@dataclass(frozen=True, slots=True)
class Purged:
    """What one purge removed."""

    cutoff: date
    reflections: int
    sessions: int


def purge(store: Store, days: int, today: date | None = None) -> Purged:
    """Delete reflections answered more than ``days`` days ago (and their finished sessions)."""
    cutoff = (today or datetime.now(UTC).date()) - timedelta(days=days)
    with store.unit() as unit:
        reflections, sessions = unit.purge_before(cutoff)
    return Purged(cutoff, reflections, sessions)
