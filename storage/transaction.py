"""One transaction and its two ways into the database, one per purpose.

The ORM (``Transaction.orm``) serves the rare paths: erasure, retention, leads, reminders sent,
reports. The fast path (``Transaction.fast``, :class:`storage.driver.Driver`) serves a turn's
few statements, as plain SQL with named columns on the same transaction's driver connection: a
turn runs hundreds of times more often than anything else, and SQLAlchemy's per-statement work
was most of its cost (bench/bench_turns.py). Nothing reads rows by position.
"""

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


class Transaction:
    """What every repository works in: the transaction's connection, its ORM session (made on
    first use) and its fast path."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        # PostgreSQL takes row and advisory locks so that several workers never interleave one
        # conversation; SQLite has one writer at a time anyway.
        self.locks_rows = connection.dialect.name == "postgresql"
        self._session: Session | None = None
        self._driver: Driver | None = None

    @property
    def orm(self) -> Session:
        """The ORM session joined to this transaction (the rare paths)."""
        # Made on first use: most turns never touch the ORM, and a session costs more to set
        # up and flush than the statements of a turn. It joins the connection's transaction.
        if self._session is None:
            self._session = Session(bind=self.connection, expire_on_commit=False)
        return self._session

    @property
    def fast(self) -> Driver:
        """The same transaction on the driver connection (a turn's statements)."""
        if self._driver is None:
            self._driver = Driver.of(self.connection)
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
