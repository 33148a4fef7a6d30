"""The database as the application holds it: one unit of work per transaction, and on SQLite the
connections kept between them."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy import Connection, Engine

from dialogues import ScriptSource
from storage.database import READ_ONLY
from storage.repository import UnitOfWork


def _close_all(*kept: list[Connection]) -> None:
    for connections in kept:
        while connections:
            connections.pop().close()


def _within(connection: Connection) -> Iterator[UnitOfWork]:
    with connection.begin():
        unit = UnitOfWork(connection)
        try:
            yield unit
            unit.finish()
        finally:
            unit.close()


class Store:
    """The database: hands out one unit of work per turn."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time. Threads of this process queue here for the write
        # lock instead of in SQLite's busy handler, which sleeps whole milliseconds per retry.
        self._writer = threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()
        # A SQLite file is on this machine and a turn's transaction takes a fraction of a
        # millisecond: callers may run it in place rather than hand it to a thread. A server
        # database is a network round trip away and always goes to a thread.
        self.local = engine.dialect.name == "sqlite"
        # SQLite: the connection of the last write, kept for the next one. Writes take turns
        # (the lock above), so one is enough; checking a connection out of the pool and back
        # for every turn cost more than the turn's statements (bench/bench_turns.py).
        self._kept: list[Connection] = []
        # The same for reads, which take no lock: list pop and append are atomic, and a read
        # that finds none kept (another thread has it) takes its own from the pool.
        self._readers: list[Connection] = []
        weakref.finalize(self, _close_all, self._kept, self._readers)

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """A transaction: committed when the block ends, rolled back on an error."""
        with self._writer:
            connection = self._kept.pop() if self._kept else self.engine.connect()
            yield from self._kept_after(connection, self._kept)

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A transaction that only reads: on SQLite it takes no write lock (plain ``BEGIN``)."""
        try:
            connection = self._readers.pop()
        except IndexError:
            connection = self.engine.connect().execution_options(**{READ_ONLY: True})
        yield from self._kept_after(connection, self._readers)

    def _kept_after(self, connection: Connection, kept: list[Connection]) -> Iterator[UnitOfWork]:
        try:
            yield from _within(connection)
        except BaseException:
            # Whatever went wrong, the next transaction starts on a fresh connection.
            connection.close()
            raise
        if self.local and not kept:
            kept.append(connection)
        else:
            connection.close()

    def scrub(self) -> None:
        """After erasing: leave no copy of the erased rows behind on disk.

        SQLite (``secure_delete`` is on for every connection) still holds the old pages in its
        WAL until a checkpoint: the WAL is copied back and truncated to nothing. PostgreSQL
        keeps dead row versions until VACUUM marks their space free for reuse (it does not
        overwrite them, and WAL archives or backups keep their own copies: see
        docs/privacy-model.md); a VACUUM of the tables holding personal rows is run here.
        """
        if self.local:
            with self._writer:
                self.close()  # kept connections would hold the WAL open for a reader
                # On the driver connection, outside any transaction (a checkpoint cannot run
                # inside one); the busy timeout lets readers of other processes finish first.
                raw = self.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    cursor.fetchall()
                    cursor.close()
                finally:
                    raw.close()
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM reflections, sessions, participants, reminders, leads")

    def close(self) -> None:
        """Return the kept connections to the engine's pool (the store stays usable)."""
        with self._writer:
            _close_all(self._kept, self._readers)

    def load_source(self, script_id: str, version: str) -> ScriptSource | None:
        """A kept script version (its own short transaction)."""
        with self.read() as unit:
            return unit.load_source(script_id, version)
