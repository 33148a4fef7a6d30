"""Pieces every repository part shares: the transaction it works in, and the clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from storage.driver import Driver


def today() -> date:
    """Today in UTC: stored dates are days, never finer."""
    return datetime.now(UTC).date()


def aware(moment: datetime | None) -> datetime | None:
    """``moment`` as UTC-aware (SQLite hands back naive datetimes; everything here is UTC)."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class Part:
    """A slice of the unit of work: its connection, the ORM session on it, and the dialect."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._dialect = connection.dialect.name
        self._lock = self._dialect == "postgresql"
        self._session: Session | None = None
        self._driver: Driver | None = None

    @property
    def _s(self) -> Session:
        # Made on first use: most turns never touch the ORM, and a session costs more to set
        # up and flush than the statements of a turn. It joins the connection's transaction.
        if self._session is None:
            self._session = Session(bind=self._c, expire_on_commit=False)
        return self._session

    @property
    def _d(self) -> Driver:
        # The same transaction, on the DBAPI connection, for a turn's few statements.
        if self._driver is None:
            self._driver = Driver.of(self._c)
        return self._driver

    def finish(self) -> None:
        """Write what the ORM session holds into the transaction, before it commits."""
        if self._session is not None:
            self._session.flush()

    def close(self) -> None:
        """Let go of the ORM session (the transaction is the connection's to end)."""
        if self._session is not None:
            self._session.close()
            self._session = None
