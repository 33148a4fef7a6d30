"""A turn's few statements, run on the transaction's driver connection.

Every turn reads the participant and their open session, claims the update id and writes the
session back. Through SQLAlchemy each of those executes cost several times the statement itself
(measured in ``bench/bench_turns.py``: SQLAlchemy's per-execute work was most of a turn), so they
are plain SQL here, run on the DBAPI connection of the same SQLAlchemy connection and so in the
same transaction. Everything else (creating rows, reminders, reports) stays on the ORM and Core.

Values are converted the way SQLAlchemy stores them, so rows written here and rows written
through the models read back the same: on SQLite booleans are 0/1, dates ``YYYY-MM-DD``,
datetimes ``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC and JSON is text; PostgreSQL takes the Python
values, and JSON is cast from text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, StatementError

_NAMED = re.compile(r":([a-z_]+)")
# A row of the fast path, by column name (never by position).
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Statement:
    """One SQL text per dialect, written with ``:name`` parameters."""

    sqlite: str
    postgresql: str
    _psycopg: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # psycopg's parameter style is %(name)s; sqlite3 takes :name as it is.
        object.__setattr__(self, "_psycopg", _NAMED.sub(r"%(\1)s", self.postgresql))

    def text(self, dialect: str) -> str:
        """The statement in ``dialect``'s parameter style."""
        return self._psycopg if dialect == "postgresql" else self.sqlite


def json_text(value: Any) -> str:
    """``value`` as compact JSON text, UTF-8 left as it is (both engines store text).

    orjson rather than the json module: every turn writes the session state back and reads it
    again, and the two took a tenth of a turn with the json module (bench/bench_turns.py).
    """
    return orjson.dumps(value).decode()


def both(sql: str) -> Statement:
    """A statement that reads the same on both engines."""
    return Statement(sql, sql)


def with_json(sql: str, name: str) -> Statement:
    """A statement whose parameter ``name`` fills a JSON column (PostgreSQL casts it from text)."""
    cast = re.sub(rf":{name}\b", f"CAST(:{name} AS json)", sql)
    return Statement(sql, cast)


_SESSION_COLUMNS = (
    "s.id, s.participant_id, s.channel, s.script_id, s.script_version, s.step, s.status, "
    "s.state, s.ward, s.chat_ref, s.turns, s.reply_pending, s.resume_at"
)
_OPEN_SESSION = (
    f"SELECT p.consented_on, {_SESSION_COLUMNS} FROM participants p "
    "JOIN sessions s ON s.participant_id = p.id "
    "WHERE p.key = :key AND s.is_open = TRUE AND s.channel = :channel "
    "ORDER BY s.id DESC LIMIT 1"
)
PARTICIPANT_AND_SESSION = Statement(_OPEN_SESSION, _OPEN_SESSION + " FOR UPDATE OF s")
FIND_PARTICIPANT = both("SELECT id, consented_on FROM participants WHERE key = :key")
# Another worker creating the same participant at once makes this return nothing (then find).
CREATE_PARTICIPANT = both(
    "INSERT INTO participants (key, created_on, reminders_off) VALUES (:key, :day, :off) "
    "ON CONFLICT (key) DO NOTHING RETURNING id, consented_on"
)
_BY_PARTICIPANT = (
    f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE s.participant_id = :participant "
    "AND s.is_open = TRUE AND s.channel = :channel ORDER BY s.id DESC LIMIT 1"
)
OPEN_SESSION = Statement(_BY_PARTICIPANT, _BY_PARTICIPANT + " FOR UPDATE")
_BY_ID = f"SELECT {_SESSION_COLUMNS} FROM sessions s WHERE s.id = :id"
GET_SESSION = Statement(_BY_ID, _BY_ID + " FOR UPDATE")
CREATE_SESSION = with_json(
    "INSERT INTO sessions (participant_id, channel, script_id, script_version, step, status, "
    "is_open, state, ward, chat_ref, support_offered, started_on, updated_at, turns) VALUES "
    "(:participant, :channel, :script, :version, :step, :status, :is_open, :state, :ward, "
    ":chat, :support, :day, :updated, 0) RETURNING id",
    "state",
)
FIRST_TIME = both(
    "INSERT INTO processed_updates (channel, update_id, handled_on) "
    "VALUES (:channel, :update_id, :day) ON CONFLICT DO NOTHING RETURNING update_id"
)
SAVE_SESSION = with_json(
    "UPDATE sessions SET step = :step, status = :status, is_open = :is_open, state = :state, "
    # Once offered, always recorded: a later state never clears it.
    "support_offered = (support_offered OR :support), chat_ref = :chat, updated_at = :updated, "
    "turns = :turns, reply_pending = :pending, resume_at = :resume WHERE id = :id",
    "state",
)
ADD_REFLECTION = with_json(
    "INSERT INTO reflections (session_id, participant_id, voice, phase, prompt_id, text, role, "
    "intervention, ward, answered_on, script_id, script_version, themes, codebook_version, "
    "quotable) VALUES (:session, :participant, :voice, :phase, :prompt, :text, :role, "
    ":intervention, :ward, :day, :script, :version, :themes, :codebook, :quotable)",
    "themes",
)
CONFIRM_REPLY = both(
    "UPDATE sessions SET reply_pending = NULL WHERE id = :id AND reply_pending = :pending"
)
ADVISORY_LOCK = both("SELECT pg_advisory_xact_lock(:number)")
# Replies never confirmed sent, for an update delivered again.
REPLY_PENDING = both("SELECT reply_pending, updated_at FROM sessions WHERE id = :id")
SESSION_WAITING_ON = both(
    "SELECT s.id FROM sessions s JOIN participants p ON s.participant_id = p.id "
    "WHERE p.key = :key AND s.reply_pending = :pending LIMIT 1"
)
TAKE_REPLY = both(
    "UPDATE sessions SET reply_pending = NULL WHERE id = :id AND reply_pending = :pending"
)
# A turn's reminders: the gentle one moved along, follow-ups put in, the gentle one taken off.
_MOVE = (
    "UPDATE reminders SET remind_at = :at, chat_ref = :chat, channel = :channel "
    "WHERE participant_id = :participant AND kind = :kind AND "
)
MOVE_SESSION_REMINDER = both(_MOVE + "session_id = :session")
MOVE_PERSON_REMINDER = both(_MOVE + "session_id IS NULL")
CANCEL_SESSION_REMINDER = both(
    "DELETE FROM reminders WHERE participant_id = :participant AND kind = :kind "
    "AND session_id = :session"
)
ADD_REMINDER = both(
    "INSERT INTO reminders (participant_id, session_id, channel, kind, chat_ref, remind_at) "
    "VALUES (:participant, :session, :channel, :kind, :chat, :at)"
)
# SQLite only: a transaction that reads, and one that takes the write lock at once.
BEGIN = both("BEGIN")
BEGIN_IMMEDIATE = both("BEGIN IMMEDIATE")
_DRIVER = "reflect_driver"  # key of a connection's Driver in its info (Driver.of)


class Driver:
    """Runs :class:`Statement` s on the DBAPI connection of one SQLAlchemy connection.

    Driver errors come out as SQLAlchemy's (``OperationalError`` and so on), without the
    statement's parameters, and a lost connection is invalidated, as SQLAlchemy would do.
    """

    def __init__(self, connection: Connection) -> None:
        self._owner = connection
        driver_connection = connection.connection.driver_connection
        if driver_connection is None:
            raise ValueError("the connection has no open driver connection")
        self._connection: Any = driver_connection
        self._dialect = connection.dialect
        self.dialect = connection.dialect.name
        self._sqlite = self.dialect == "sqlite"
        self._error: type[Exception] = connection.dialect.loaded_dbapi.Error

    @classmethod
    def of(cls, connection: Connection) -> Driver:
        """The driver of ``connection``, made once per DBAPI connection and SQLAlchemy wrapper.

        Kept in the DBAPI connection's ``info``: a new one after a reconnect, and a new one for
        another SQLAlchemy connection on it (errors invalidate the connection that ran them).
        """
        info = connection.info
        found = info.get(_DRIVER)
        if found is None or found._owner is not connection:
            found = info[_DRIVER] = cls(connection)
        return found

    def one(self, statement: Statement, params: Mapping[str, Any]) -> Row | None:
        """The first row of ``statement`` by column name, or ``None``."""
        sql = statement.text(self.dialect)
        cursor = self._connection.cursor()
        try:
            cursor.execute(sql, params)
            values = cursor.fetchone()
            if values is None:
                return None
            return dict(zip((column[0] for column in cursor.description), values, strict=True))
        except self._error as exc:
            raise self._translated(exc, sql) from exc
        finally:
            cursor.close()

    def run(self, statement: Statement, params: Mapping[str, Any]) -> int:
        """Execute ``statement`` once; how many rows it changed."""
        sql = statement.text(self.dialect)
        cursor = self._connection.cursor()
        try:
            cursor.execute(sql, params)
            changed: int = cursor.rowcount
            return changed
        except self._error as exc:
            raise self._translated(exc, sql) from exc
        finally:
            cursor.close()

    def run_many(self, statement: Statement, rows: Sequence[Mapping[str, Any]]) -> None:
        """Execute ``statement`` for each of ``rows``."""
        sql = statement.text(self.dialect)
        cursor = self._connection.cursor()
        try:
            cursor.executemany(sql, rows)
        except self._error as exc:
            raise self._translated(exc, sql) from exc
        finally:
            cursor.close()

    def _translated(self, error: Any, sql: str) -> StatementError:
        lost = self._dialect.is_disconnect(error, self._connection, None)
        if lost:
            self._owner.invalidate(error)
        translated: StatementError = DBAPIError.instance(
            sql,
            None,
            error,
            self._error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=self._dialect,
        )
        return translated

    # ----- values as SQLAlchemy stores them -----------------------------------------------

    def day(self, value: date) -> Any:
        """A ``Date`` value."""
        return value.isoformat() if self._sqlite else value

    def moment(self, value: datetime | None) -> Any:
        """A ``DateTime(timezone=True)`` value (always UTC)."""
        if value is None or not self._sqlite:
            return value
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

    def flag(self, value: bool) -> Any:
        """A ``Boolean`` value."""
        return int(value) if self._sqlite else value

    @staticmethod
    def document(value: Mapping[str, Any] | Sequence[Any]) -> str:
        """A ``JSON`` value, as compact text (see :func:`json_text`)."""
        return json_text(value)

    @staticmethod
    def read_document(value: Any) -> dict[str, Any]:
        """A ``JSON`` value read back (text on SQLite, already parsed by psycopg)."""
        found: dict[str, Any] = orjson.loads(value) if isinstance(value, str | bytes) else value
        return found

    @staticmethod
    def read_moment(value: Any) -> datetime | None:
        """A ``DateTime(timezone=True)`` value read back, as UTC-aware."""
        if value is None:
            return None
        found = datetime.fromisoformat(value) if isinstance(value, str) else value
        return found if found.tzinfo is not None else found.replace(tzinfo=UTC)
