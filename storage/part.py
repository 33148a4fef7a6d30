"""Pieces every repository part shares: the transaction it works in, and the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session


def today() -> date:
    """Today in UTC: stored dates are days, never finer."""
    return datetime.now(UTC).date()


def aware(moment: datetime | None) -> datetime | None:
    """``moment`` as UTC-aware (SQLite hands back naive datetimes; everything here is UTC)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class Part:
    """A slice of the unit of work: the ORM session, its connection and the dialect."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self._dialect = session.get_bind().dialect.name
        self._lock = self._dialect == "postgresql"

    @property
    def _c(self) -> Connection:
        # Core statements on the transaction's own connection skip the ORM's bookkeeping,
        # which is most of the cost of the few small statements a turn makes.
        return self._s.connection()
