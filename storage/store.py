"""The database as the application holds it: one unit of work per transaction, and on SQLite the
connections kept between them."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy import Connection, Engine

from dialogues import ScriptSource
from storage.database import BUSY_WAIT_MS, PERSONAL_TABLES, READ_ONLY
from storage.repository import UnitOfWork

LOG = logging.getLogger(__name__)
_RLOCK = type(threading.RLock())
# The checkpoint after a reflection ends gives way: it waits this long for the writer lock of
# this process and for other connections, and tries again after each pause in turn.
SCRUB_LOCK_SECONDS = 0.5
SCRUB_BUSY_MS = 200
SCRUB_RETRY_SECONDS = (0.05, 0.2, 0.5, 1.0, 2.0)


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

    def __init__(
        self, engine: Engine, *, scrub_pauses: tuple[float, ...] = SCRUB_RETRY_SECONDS
    ) -> None:
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
        # The background checkpoint of scrub_soon: whether one is owed, and its thread.
        self._scrub_guard = threading.Lock()
        self._owed = False
        self._again = False
        self._scrubber: threading.Thread | None = None
        self._scrub_pauses = scrub_pauses

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
        """After erasing: leave no copy of the erased rows behind on disk (waits until done).

        SQLite (``secure_delete`` is on for every connection) still holds the old pages in its
        WAL until a checkpoint: the WAL is copied back and truncated to nothing. PostgreSQL
        keeps dead row versions until VACUUM marks their space free for reuse (it does not
        overwrite them, and WAL archives or backups keep their own copies: see
        docs/privacy-model.md); a VACUUM of the tables holding personal rows is run here.
        """
        if self.local:
            with self._writer:
                self._checkpoint(BUSY_WAIT_MS)
            return
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM {', '.join(PERSONAL_TABLES)}")

    def scrub_soon(self) -> None:
        """As :meth:`scrub` for SQLite's WAL, on a thread of its own, so nobody waits for it.

        Called when a reflection ends: the earlier versions of its session row (each holding
        the answers so far) are then in the WAL only, and go with its truncation. The
        checkpoint gives way to other readers and writers and tries again a few times; if it
        still cannot run, it stays owed (:attr:`scrub_owed`) and the next call, or
        :meth:`scrub_if_owed` from housekeeping, runs it. On PostgreSQL autovacuum reclaims the
        dead versions (see docs/privacy-model.md), so nothing runs here.
        """
        if not self.local:
            return
        with self._scrub_guard:
            self._owed = True
            if self._scrubber is not None and self._scrubber.is_alive():
                self._again = True  # the running one goes round once more
                return
            # Not a daemon: a process ending just after a reflection finishes the checkpoint
            # first (it is bounded: a few short tries).
            self._scrubber = threading.Thread(target=self._scrub_behind, name="wal-scrub")
            self._scrubber.start()

    @property
    def scrub_owed(self) -> bool:
        """Whether a checkpoint asked for by :meth:`scrub_soon` has not completed yet."""
        return self._owed

    def scrub_if_owed(self) -> bool:
        """Run an owed checkpoint now, giving way to others; whether none is owed any more."""
        if not self._owed:
            return True
        return self._scrub_once()

    def scrubbed(self, timeout: float | None = None) -> bool:
        """Wait for the background checkpoint; whether nothing is owed (for tests and exit)."""
        thread = self._scrubber
        if thread is not None:
            thread.join(timeout)
        return not self._owed

    def _scrub_behind(self) -> None:
        for pause in self._scrub_pauses:
            with self._scrub_guard:
                self._again = False
            if self._scrub_once():
                with self._scrub_guard:
                    if not self._again:
                        return
                continue
            time.sleep(pause)
        LOG.warning("WAL checkpoint deferred: the database stayed busy; housekeeping retries")

    def _scrub_once(self) -> bool:
        # Marked done before the checkpoint starts: a save committed during it asks again.
        if not self._writer_lock_within(SCRUB_LOCK_SECONDS):
            return False
        try:
            with self._scrub_guard:
                self._owed = False
            done = self._checkpoint(SCRUB_BUSY_MS)
        except Exception as exc:  # fail safe: the reply went already, the next try may succeed
            LOG.warning("WAL checkpoint failed (%s); housekeeping retries", type(exc).__name__)
            done = False
        finally:
            if isinstance(self._writer, _RLOCK):
                self._writer.release()
        if not done:
            with self._scrub_guard:
                self._owed = True
        return done

    def _writer_lock_within(self, seconds: float) -> bool:
        lock = self._writer
        return lock.acquire(timeout=seconds) if isinstance(lock, _RLOCK) else True

    def _checkpoint(self, busy_ms: int) -> bool:
        """Copy SQLite's WAL back and truncate it; whether it completed (called holding the
        writer lock, so no turn of this process is writing)."""
        self.close()  # kept connections would hold the WAL open for a reader
        # On the driver connection, outside any transaction (a checkpoint cannot run inside
        # one). The busy timeout is how long it waits for readers and writers of other
        # threads and processes to finish.
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            row = cursor.fetchone()  # (busy, frames in the WAL, frames copied back)
            busy = row is None or bool(row[0])
            cursor.execute(f"PRAGMA busy_timeout={BUSY_WAIT_MS}")
            cursor.close()
        finally:
            raw.close()
        return not busy

    def close(self) -> None:
        """Return the kept connections to the engine's pool (the store stays usable)."""
        with self._writer:
            _close_all(self._kept, self._readers)

    def load_source(self, script_id: str, version: str) -> ScriptSource | None:
        """A kept script version (its own short transaction)."""
        with self.read() as unit:
            return unit.load_source(script_id, version)
