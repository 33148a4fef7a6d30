"""Retention: reflections are kept for a configured number of days, then deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.services.conversation import Conversations
from storage import Store


@dataclass(frozen=True, slots=True)
class Purged:
    """What one purge removed."""

    cutoff: date
    reflections: int
    sessions: int


def purge(store: Store, days: int, abandoned_days: int = 30, today: date | None = None) -> Purged:
    """Delete reflections answered more than ``days`` days ago, sessions that may go with them,
    and reflections never finished that nobody touched for ``abandoned_days``; then leave no
    copy of them on disk (:meth:`storage.Store.scrub`)."""
    day = today or datetime.now(UTC).date()
    cutoff = day - timedelta(days=days)
    abandoned = datetime.combine(day, time(), UTC) - timedelta(days=abandoned_days)
    with store.unit() as unit:
        reflections, sessions = unit.purge_before(cutoff, abandoned)
    store.scrub()
    return Purged(cutoff, reflections, sessions)


class Retention:
    """The retention rule of one deployment, applied by the daily purge."""

    def __init__(self, store: Store, days: int, abandoned_days: int = 30) -> None:
        self._store = store
        self.days = days
        self.abandoned_days = abandoned_days

    @classmethod
    def beside(cls, conversations: Conversations, days: int, abandoned_days: int = 30) -> Retention:
        """Retention over the conversations' own database."""
        return cls(conversations.store, days, abandoned_days)

    def purge(self, today: date | None = None) -> Purged:
        """Apply the rule now (see :func:`purge`)."""
        return purge(self._store, self.days, self.abandoned_days, today)

    def scrub_if_owed(self) -> bool:
        """Run a WAL checkpoint owed since a reflection ended while the database was busy
        (:meth:`storage.Store.scrub_soon`); whether none is owed any more."""
        return self._store.scrub_if_owed()
