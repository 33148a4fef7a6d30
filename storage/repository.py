"""Repositories: one unit of work per turn, plain dataclasses in and out."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Engine,
    Table,
    bindparam,
    delete,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dialogues import ScriptSource, SessionState
from privacy import AnonymisedText
from storage.database import READ_ONLY
from storage.leads import LeadRepository
from storage.models import (
    DialogueSession,
    Participant,
    ProcessedUpdate,
    Reflection,
    ScriptVersion,
)
from storage.part import aware, today
from storage.reminders import ReminderRepository


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    """A pseudonymous participant."""

    id: int
    consented: bool


@dataclass(slots=True)
class StoredSession:
    """A session row as the application sees it."""

    id: int
    participant_id: int
    channel: str
    state: SessionState
    ward: str | None
    chat_ref: str | None
    turns: int
    reply_pending: int | None = None  # the update whose replies are not confirmed sent
    resume_at: datetime | None = None  # when the resume reminder is due, if one is set


@dataclass(frozen=True, slots=True)
class NewReflection:
    """One answer to save; its text can only be :class:`AnonymisedText`."""

    phase: str
    prompt_id: str
    text: AnonymisedText
    themes: tuple[str, ...] = ()
    codebook_version: str | None = None


# The session columns a turn needs, read in one statement with the participant's.
_SESSION_COLUMNS = (
    DialogueSession.id,
    DialogueSession.participant_id,
    DialogueSession.channel,
    DialogueSession.script_id,
    DialogueSession.script_version,
    DialogueSession.step,
    DialogueSession.status,
    DialogueSession.state,
    DialogueSession.ward,
    DialogueSession.chat_ref,
    DialogueSession.turns,
    DialogueSession.reply_pending,
    DialogueSession.resume_at,
)

# A turn's statements, built once: building a statement costs more than running it on SQLite.
_SESSIONS: Table = DialogueSession.__table__  # type: ignore[assignment]
_PARTICIPANT_AND_SESSION = (
    select(Participant.consented_on, *_SESSION_COLUMNS)
    .join(DialogueSession, DialogueSession.participant_id == Participant.id)
    .where(
        Participant.key == bindparam("key"),
        DialogueSession.is_open.is_(True),
        DialogueSession.channel == bindparam("channel"),
    )
    .order_by(DialogueSession.id.desc())
    .limit(1)
)
_PARTICIPANT_AND_SESSION_LOCKED = _PARTICIPANT_AND_SESSION.with_for_update(of=DialogueSession)
_FIND_PARTICIPANT = select(Participant.id, Participant.consented_on).where(
    Participant.key == bindparam("key")
)
_SAVE_SESSION = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("s_id"))
    .values(
        step=bindparam("s_step"),
        status=bindparam("s_status"),
        is_open=bindparam("s_open"),
        state=bindparam("s_state", type_=_SESSIONS.c.state.type),
        # Once offered, always recorded: a later state never clears it.
        support_offered=or_(_SESSIONS.c.support_offered, bindparam("s_support")),
        chat_ref=bindparam("s_chat"),
        updated_at=bindparam("s_updated", type_=_SESSIONS.c.updated_at.type),
        turns=bindparam("s_turns"),
        reply_pending=bindparam("s_pending", type_=_SESSIONS.c.reply_pending.type),
        resume_at=bindparam("s_resume", type_=_SESSIONS.c.resume_at.type),
    )
)
_CONFIRM_REPLY = (
    update(_SESSIONS)
    .where(
        _SESSIONS.c.id == bindparam("s_id"),
        _SESSIONS.c.reply_pending == bindparam("s_pending", type_=_SESSIONS.c.reply_pending.type),
    )
    .values(reply_pending=None)
)


def _first_time_statement(dialect: str) -> Any:
    upsert = pg_insert if dialect == "postgresql" else sqlite_insert
    return (
        upsert(ProcessedUpdate)
        .values(
            channel=bindparam("u_channel"),
            update_id=bindparam("u_id", type_=ProcessedUpdate.__table__.c.update_id.type),
            handled_on=bindparam("u_day", type_=ProcessedUpdate.__table__.c.handled_on.type),
        )
        .on_conflict_do_nothing()
        .returning(ProcessedUpdate.update_id)
    )


_FIRST_TIME = {name: _first_time_statement(name) for name in ("postgresql", "sqlite")}


class UnitOfWork(ReminderRepository, LeadRepository):
    """The repository operations of one transaction (reminders and leads in their own modules)."""

    # ----- participants ---------------------------------------------------------------------

    def lock_conversation(self, key: str) -> None:
        """Hold this person's conversation for the rest of the transaction.

        On PostgreSQL a transaction-level advisory lock keyed by the participant makes workers
        take turns even before a session row exists (two /start at once); SQLite already
        serialises writers with BEGIN IMMEDIATE.
        """
        if self._lock:
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            self._s.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": number})

    def participant(self, key: str) -> ParticipantRecord:
        """The participant with pseudonymous ``key``, created on first contact."""
        row = self._s.scalar(select(Participant).where(Participant.key == key))
        if row is None:
            row = Participant(key=key, created_on=today())
            try:
                with self._s.begin_nested():
                    self._s.add(row)
            except IntegrityError:
                # Another worker created it first: use theirs.
                row = self._s.scalars(select(Participant).where(Participant.key == key)).one()
        return ParticipantRecord(row.id, row.consented_on is not None)

    def find_participant(self, key: str) -> ParticipantRecord | None:
        """The participant with ``key`` if they exist (never creates one)."""
        row = self._c.execute(_FIND_PARTICIPANT, {"key": key}).first()
        return None if row is None else ParticipantRecord(row.id, row.consented_on is not None)

    def participant_and_session(
        self, key: str, channel: str
    ) -> tuple[ParticipantRecord | None, StoredSession | None]:
        """The participant with ``key`` and their open session on ``channel``, in one read.

        Never creates the participant; the session row is locked on PostgreSQL.
        """
        query = _PARTICIPANT_AND_SESSION_LOCKED if self._lock else _PARTICIPANT_AND_SESSION
        row = self._c.execute(query, {"key": key, "channel": channel}).first()
        if row is None:
            return self.find_participant(key), None
        stored = _stored(row)
        return ParticipantRecord(stored.participant_id, row.consented_on is not None), stored

    def purge_before(self, cutoff: date) -> tuple[int, int]:
        """Delete reflections answered before ``cutoff`` and finished sessions started before it.

        Returns (reflections, sessions) deleted. Sessions still open are kept so nobody loses a
        reflection in progress; handled update ids older than the cutoff go too.
        """
        old = Reflection.answered_on < cutoff
        reflections = self._s.scalar(select(func.count(Reflection.id)).where(old)) or 0
        self._s.execute(delete(Reflection).where(old))
        finished = (
            DialogueSession.started_on < cutoff,
            DialogueSession.is_open.is_(False),
            ~DialogueSession.id.in_(select(Reflection.session_id)),
        )
        sessions = self._s.scalar(select(func.count(DialogueSession.id)).where(*finished)) or 0
        self._s.execute(delete(DialogueSession).where(*finished))
        self._s.execute(delete(ProcessedUpdate).where(ProcessedUpdate.handled_on < cutoff))
        return int(reflections or 0), int(sessions or 0)

    def record_consent(self, participant_id: int) -> None:
        """Note that the participant agreed to the privacy notice (the day only)."""
        row = self._s.get_one(Participant, participant_id)
        row.consented_on = today()

    def forget(self, key: str) -> int:
        """Erase everything of the participant with ``key``; returns reflections erased."""
        row = self._s.scalar(select(Participant).where(Participant.key == key))
        if row is None:
            return 0
        count = len(
            self._s.scalars(select(Reflection.id).where(Reflection.participant_id == row.id)).all()
        )
        self._s.execute(delete(Reflection).where(Reflection.participant_id == row.id))
        self._s.execute(delete(DialogueSession).where(DialogueSession.participant_id == row.id))
        self._s.delete(row)
        return count

    # ----- sessions -------------------------------------------------------------------------

    def open_session(self, participant_id: int, channel: str | None = None) -> StoredSession | None:
        """The participant's open session (locked for this turn on PostgreSQL)."""
        query = select(*_SESSION_COLUMNS).where(
            DialogueSession.participant_id == participant_id, DialogueSession.is_open.is_(True)
        )
        if channel is not None:
            query = query.where(DialogueSession.channel == channel)
        query = query.order_by(DialogueSession.id.desc()).limit(1)
        if self._lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _stored(row)

    def open_session_of(self, key: str, channel: str) -> StoredSession | None:
        """The open session of the participant with ``key`` (never creates the participant)."""
        return self.participant_and_session(key, channel)[1]

    def get_session(self, session_id: int) -> StoredSession | None:
        """A session by id (locked on PostgreSQL)."""
        query = select(*_SESSION_COLUMNS).where(DialogueSession.id == session_id)
        if self._lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _stored(row)

    def create_session(
        self,
        participant_id: int,
        channel: str,
        state: SessionState,
        *,
        ward: str | None = None,
        chat_ref: str | None = None,
    ) -> StoredSession:
        """Store a new session."""
        row = DialogueSession(
            participant_id=participant_id,
            channel=channel,
            script_id=state.script_id,
            script_version=state.script_version,
            step=state.step,
            status=state.status.value,
            is_open=state.is_open,
            state=state.to_dict(),
            ward=ward,
            chat_ref=chat_ref if state.is_open else None,
            support_offered=state.support_offered,
            started_on=today(),
            updated_at=datetime.now(UTC),
            turns=0,
        )
        self._s.add(row)
        self._s.flush()
        return StoredSession(
            row.id, participant_id, channel, state, ward, row.chat_ref, 0, None, None
        )

    def save_session(self, stored: StoredSession) -> None:
        """Write the session's new state; the chat reference is dropped once it has ended."""
        state = stored.state
        values = {
            "s_id": stored.id,
            "s_step": state.step,
            "s_status": state.status.value,
            "s_open": state.is_open,
            "s_state": state.to_dict(),
            "s_support": state.support_offered,
            "s_chat": stored.chat_ref if state.is_open else None,
            "s_updated": datetime.now(UTC),
            "s_turns": stored.turns,
            "s_pending": stored.reply_pending,
            "s_resume": stored.resume_at,
        }
        self._c.execute(_SAVE_SESSION, values)

    def confirm_replies(self, sent: Sequence[tuple[int, int]]) -> None:
        """Mark the replies to (session id, update id) pairs as sent (one executemany)."""
        if sent:
            self._c.execute(_CONFIRM_REPLY, [{"s_id": s, "s_pending": u} for s, u in sent])

    def add_reflections(
        self, stored: StoredSession, voice: str, answers: Sequence[NewReflection]
    ) -> int:
        """Save confirmed answers of a session as reflections."""
        state = stored.state
        for answer in answers:
            self._s.add(
                Reflection(
                    session_id=stored.id,
                    participant_id=stored.participant_id,
                    voice=voice,
                    phase=answer.phase,
                    prompt_id=answer.prompt_id,
                    text=answer.text,
                    role=state.variables.get("role"),
                    intervention=state.variables.get("intervention"),
                    ward=stored.ward,
                    answered_on=today(),
                    script_id=state.script_id,
                    script_version=state.script_version,
                    themes=list(answer.themes),
                    codebook_version=answer.codebook_version,
                )
            )
        return len(answers)

    def reflections(self) -> list[dict[str, Any]]:
        """Every reflection as a plain mapping (for checks and exports)."""
        rows = self._s.scalars(select(Reflection).order_by(Reflection.id)).all()
        return [
            {
                "id": r.id,
                "session_id": r.session_id,
                "voice": r.voice,
                "phase": r.phase,
                "prompt_id": r.prompt_id,
                "text": r.text.text,
                "role": r.role,
                "intervention": r.intervention,
                "ward": r.ward,
                "answered_on": r.answered_on,
            }
            for r in rows
        ]

    # ----- script versions ------------------------------------------------------------------

    def archive_source(self, source: ScriptSource, script_id: str) -> None:
        """Keep a copy of a script version (once)."""
        if self._s.get(ScriptVersion, (script_id, source.version)) is None:
            try:
                with self._s.begin_nested():
                    self._s.add(
                        ScriptVersion(
                            script_id=script_id,
                            version=source.version,
                            source=source.to_dict(),
                            created_on=today(),
                        )
                    )
            except IntegrityError:
                pass  # another worker archived it at the same moment

    def load_source(self, script_id: str, version: str) -> ScriptSource | None:
        """A kept script version."""
        row = self._s.get(ScriptVersion, (script_id, version))
        return None if row is None else ScriptSource.from_dict(row.source)

    # ----- updates --------------------------------------------------------------------------

    def first_time(self, channel: str, update_id: int) -> bool:
        """Record ``update_id``; ``False`` if it was handled before."""
        # INSERT ... ON CONFLICT DO NOTHING: no savepoint, and on PostgreSQL a second worker
        # inserting the same id waits for the first to commit, then inserts nothing. RETURNING
        # tells the two apart (psycopg reports no row count for this statement).
        values = {"u_channel": channel, "u_id": update_id, "u_day": today()}
        return self._c.execute(_FIRST_TIME[self._dialect], values).first() is not None

    def reply_pending(self, session_id: int) -> tuple[int | None, datetime] | None:
        """(unconfirmed update, when the session last changed); ``None`` if the session is gone."""
        query = select(DialogueSession.reply_pending, DialogueSession.updated_at).where(
            DialogueSession.id == session_id
        )
        row = self._c.execute(query).first()
        if row is None:
            return None
        return row.reply_pending, aware(row.updated_at) or row.updated_at

    def session_waiting_on(self, key: str, update_id: int) -> int | None:
        """The session of the participant with ``key`` whose replies to ``update_id`` are unsent."""
        query = (
            select(DialogueSession.id)
            .join(Participant, DialogueSession.participant_id == Participant.id)
            .where(Participant.key == key, DialogueSession.reply_pending == update_id)
            .limit(1)
        )
        found: int | None = self._c.execute(query).scalar()
        return found

    def take_reply(self, session_id: int, update_id: int) -> bool:
        """Clear the session's pending ``update_id``; ``True`` only for the caller that did."""
        result = self._c.execute(
            update(DialogueSession)
            .where(DialogueSession.id == session_id, DialogueSession.reply_pending == update_id)
            .values(reply_pending=None)
        )
        return bool(result.rowcount)


def _stored(row: Any) -> StoredSession:
    state = SessionState.from_dict(
        row.script_id, row.script_version, row.step, row.status, dict(row.state)
    )
    return StoredSession(
        id=row.id,
        participant_id=row.participant_id,
        channel=row.channel,
        state=state,
        ward=row.ward,
        chat_ref=row.chat_ref,
        turns=row.turns,
        reply_pending=row.reply_pending,
        resume_at=aware(row.resume_at),
    )


class Store:
    """The database: hands out one unit of work per turn."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # SQLite has one writer at a time. Threads of this process queue here for the write
        # lock instead of in SQLite's busy handler, which sleeps whole milliseconds per retry.
        self._writer = threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """A transaction: committed when the block ends, rolled back on an error."""
        with self._writer, self._sessions() as session, session.begin():
            yield UnitOfWork(session)

    @contextmanager
    def read(self) -> Iterator[UnitOfWork]:
        """A transaction that only reads: on SQLite it takes no write lock (plain ``BEGIN``)."""
        reader = self.engine.connect().execution_options(**{READ_ONLY: True})
        with reader as connection, Session(connection) as session, session.begin():
            yield UnitOfWork(session)

    def load_source(self, script_id: str, version: str) -> ScriptSource | None:
        """A kept script version (its own short transaction)."""
        with self.read() as unit:
            return unit.load_source(script_id, version)


__all__ = [
    "NewReflection",
    "ParticipantRecord",
    "Store",
    "StoredSession",
    "UnitOfWork",
]
