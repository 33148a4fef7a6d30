"""Repositories: one unit of work per turn, plain dataclasses in and out."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    and_,
    delete,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError

from dialogues import ScriptSource, SessionState
from privacy import AnonymisedText
from storage import driver
from storage.actions import ActionRepository
from storage.entry_links import EntryLinkRepository
from storage.feedback import FeedbackRepository
from storage.leads import LeadRepository
from storage.models import (
    DialogueSession,
    FeedbackSend,
    Lead,
    Participant,
    ProcessedUpdate,
    Reflection,
    ScriptVersion,
)
from storage.reminders import ReminderRepository
from storage.transaction import today
from storage.types import AnonymisedTextType


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
    quotable: bool = False  # the person agreed that leads may read it word for word


class UnitOfWork(
    ReminderRepository, LeadRepository, EntryLinkRepository, ActionRepository, FeedbackRepository
):
    """The repository operations of one transaction (reminders, leads, entry links, actions and
    "you said, we did" in their own modules)."""

    # ----- participants ---------------------------------------------------------------------

    def lock_conversation(self, key: str) -> None:
        """Hold this person's conversation for the rest of the transaction.

        On PostgreSQL a transaction-level advisory lock keyed by the participant makes workers
        take turns even before a session row exists (two /start at once); SQLite already
        serialises writers with BEGIN IMMEDIATE.
        """
        if self.locks_rows:
            number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            self.fast.one(driver.ADVISORY_LOCK, {"number": number})

    def participant(self, key: str) -> ParticipantRecord:
        """The participant with pseudonymous ``key``, created on first contact."""
        found = self.find_participant(key)
        if found is not None:
            return found
        d = self.fast
        values = {"key": key, "day": d.day(today()), "off": d.flag(False)}
        row = d.one(driver.CREATE_PARTICIPANT, values)
        if row is None:
            # Another worker created it first: use theirs.
            found = self.find_participant(key)
            if found is None:
                raise LookupError("participant vanished while being created")
            return found
        return ParticipantRecord(row["id"], row["consented_on"] is not None)

    def find_participant(self, key: str) -> ParticipantRecord | None:
        """The participant with ``key`` if they exist (never creates one)."""
        row = self.fast.one(driver.FIND_PARTICIPANT, {"key": key})
        if row is None:
            return None
        return ParticipantRecord(row["id"], row["consented_on"] is not None)

    def participant_and_session(
        self, key: str, channel: str
    ) -> tuple[ParticipantRecord | None, StoredSession | None]:
        """The participant with ``key`` and their open session on ``channel``, in one read.

        Never creates the participant; the session row is locked on PostgreSQL.
        """
        row = self.fast.one(driver.PARTICIPANT_AND_SESSION, {"key": key, "channel": channel})
        if row is None:
            return self.find_participant(key), None
        stored = self._stored_row(row)
        return ParticipantRecord(stored.participant_id, row["consented_on"] is not None), stored

    def purge_before(self, cutoff: date, abandoned_before: datetime) -> tuple[int, int]:
        """Delete reflections answered before ``cutoff``, and the sessions that may go.

        Sessions go when they started before ``cutoff`` (open or not), when they are finished
        and started before it, or when they are open but untouched since ``abandoned_before``
        (a reflection never finished: its answers and chat address go with it). A session
        still holding reflections stays until they go. Returns (reflections, sessions).
        """
        old = Reflection.answered_on < cutoff
        reflections = self.orm.scalar(select(func.count(Reflection.id)).where(old)) or 0
        self.orm.execute(delete(Reflection).where(old))
        may_go = or_(
            DialogueSession.started_on < cutoff,
            and_(DialogueSession.is_open.is_(True), DialogueSession.updated_at < abandoned_before),
        )
        gone = (may_go, ~DialogueSession.id.in_(select(Reflection.session_id)))
        sessions = self.orm.scalar(select(func.count(DialogueSession.id)).where(*gone)) or 0
        self.orm.execute(delete(DialogueSession).where(*gone))
        self.orm.execute(delete(ProcessedUpdate).where(ProcessedUpdate.handled_on < cutoff))
        return int(reflections or 0), int(sessions or 0)

    def record_consent(self, participant_id: int) -> None:
        """Note that the participant agreed to the privacy notice (the day only)."""
        row = self.orm.get_one(Participant, participant_id)
        row.consented_on = today()

    def forget(self, key: str) -> int:
        """Erase everything of the participant with ``key``; returns reflections erased."""
        # A lead's rights go too: everything kept under this key, reflected or not.
        self.orm.execute(delete(Lead).where(Lead.key == key))
        row = self.orm.scalar(select(Participant).where(Participant.key == key))
        if row is None:
            return 0
        count = len(
            self.orm.scalars(select(Reflection.id).where(Reflection.participant_id == row.id)).all()
        )
        self.orm.execute(delete(Reflection).where(Reflection.participant_id == row.id))
        self.drop_feedback(row.id)
        self.orm.execute(delete(FeedbackSend).where(FeedbackSend.participant_id == row.id))
        self.orm.execute(delete(DialogueSession).where(DialogueSession.participant_id == row.id))
        self.orm.delete(row)
        return count

    # ----- sessions -------------------------------------------------------------------------

    def open_session(self, participant_id: int, channel: str) -> StoredSession | None:
        """The participant's open session on ``channel`` (locked on PostgreSQL)."""
        values = {"participant": participant_id, "channel": channel}
        row = self.fast.one(driver.OPEN_SESSION, values)
        return None if row is None else self._stored_row(row)

    def _stored_row(self, row: driver.Row) -> StoredSession:
        d = self.fast
        state = SessionState.from_dict(
            row["script_id"],
            row["script_version"],
            row["step"],
            row["status"],
            d.read_document(row["state"]),
        )
        return StoredSession(
            id=row["id"],
            participant_id=row["participant_id"],
            channel=row["channel"],
            state=state,
            ward=row["ward"],
            chat_ref=row["chat_ref"],
            turns=row["turns"],
            reply_pending=row["reply_pending"],
            resume_at=d.read_moment(row["resume_at"]),
        )

    def open_session_of(self, key: str, channel: str) -> StoredSession | None:
        """The open session of the participant with ``key`` (never creates the participant)."""
        return self.participant_and_session(key, channel)[1]

    def get_session(self, session_id: int) -> StoredSession | None:
        """A session by id (locked on PostgreSQL)."""
        row = self.fast.one(driver.GET_SESSION, {"id": session_id})
        return None if row is None else self._stored_row(row)

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
        d = self.fast
        chat = chat_ref if state.is_open else None
        values = {
            "participant": participant_id,
            "channel": channel,
            "script": state.script_id,
            "version": state.script_version,
            "step": state.step,
            "status": state.status.value,
            "is_open": d.flag(state.is_open),
            "state": d.document(state.to_dict()),
            "ward": ward,
            "chat": chat,
            "support": d.flag(state.support_offered),
            "day": d.day(today()),
            "updated": d.moment(datetime.now(UTC)),
        }
        row = d.one(driver.CREATE_SESSION, values)
        if row is None:
            raise LookupError("the new session's id was not returned")
        return StoredSession(row["id"], participant_id, channel, state, ward, chat, 0, None, None)

    def save_session(self, stored: StoredSession) -> None:
        """Write the session's new state; the chat reference is dropped once it has ended."""
        state, d = stored.state, self.fast
        values = {
            "id": stored.id,
            "step": state.step,
            "status": state.status.value,
            "is_open": d.flag(state.is_open),
            "state": d.document(state.to_dict()),
            "support": d.flag(state.support_offered),
            "chat": stored.chat_ref if state.is_open else None,
            "updated": d.moment(datetime.now(UTC)),
            "turns": stored.turns,
            "pending": stored.reply_pending,
            "resume": d.moment(stored.resume_at),
        }
        d.run(driver.SAVE_SESSION, values)

    def confirm_replies(self, sent: Sequence[tuple[int, int]]) -> None:
        """Mark the replies to (session id, update id) pairs as sent (one executemany)."""
        if sent:
            self.fast.run_many(driver.CONFIRM_REPLY, [{"id": s, "pending": u} for s, u in sent])

    def add_reflections(
        self, stored: StoredSession, voice: str, answers: Sequence[NewReflection]
    ) -> int:
        """Save confirmed answers of a session as reflections."""
        state, d = stored.state, self.fast
        day = d.day(today())
        rows = [
            {
                "session": stored.id,
                "participant": stored.participant_id,
                "voice": voice,
                "phase": answer.phase,
                "prompt": answer.prompt_id,
                # The column type's own check: anything but AnonymisedText is refused here too.
                "text": _FREE_TEXT.process_bind_param(answer.text, self.connection.dialect),
                "role": state.variables.get("role"),
                "intervention": state.variables.get("intervention"),
                "ward": stored.ward,
                "day": day,
                "script": state.script_id,
                "version": state.script_version,
                "themes": d.document(list(answer.themes)),
                "codebook": answer.codebook_version,
                "quotable": d.flag(answer.quotable),
            }
            for answer in answers
        ]
        if rows:
            d.run_many(driver.ADD_REFLECTION, rows)
        return len(answers)

    def reflections(self) -> list[dict[str, Any]]:
        """Every reflection as a plain mapping (for checks and exports)."""
        rows = self.orm.scalars(select(Reflection).order_by(Reflection.id)).all()
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
        if self.orm.get(ScriptVersion, (script_id, source.version)) is None:
            try:
                with self.orm.begin_nested():
                    self.orm.add(
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
        row = self.orm.get(ScriptVersion, (script_id, version))
        return None if row is None else ScriptSource.from_dict(row.source)

    # ----- updates --------------------------------------------------------------------------

    def first_time(self, channel: str, update_id: int) -> bool:
        """Record ``update_id``; ``False`` if it was handled before."""
        # INSERT ... ON CONFLICT DO NOTHING: no savepoint, and on PostgreSQL a second worker
        # inserting the same id waits for the first to commit, then inserts nothing. RETURNING
        # tells the two apart (psycopg reports no row count for this statement).
        values = {"channel": channel, "update_id": update_id, "day": self.fast.day(today())}
        return self.fast.one(driver.FIRST_TIME, values) is not None

    def reply_pending(self, session_id: int) -> tuple[int | None, datetime] | None:
        """(unconfirmed update, when the session last changed); ``None`` if the session is gone."""
        row = self.fast.one(driver.REPLY_PENDING, {"id": session_id})
        if row is None:
            return None
        changed = self.fast.read_moment(row["updated_at"])
        assert changed is not None  # every session row has it
        return row["reply_pending"], changed

    def session_waiting_on(self, key: str, update_id: int) -> int | None:
        """The session of the participant with ``key`` whose replies to ``update_id`` are unsent."""
        row = self.fast.one(driver.SESSION_WAITING_ON, {"key": key, "pending": update_id})
        return None if row is None else int(row["id"])

    def take_reply(self, session_id: int, update_id: int) -> bool:
        """Clear the session's pending ``update_id``; ``True`` only for the caller that did."""
        return self.fast.run(driver.TAKE_REPLY, {"id": session_id, "pending": update_id}) > 0


_FREE_TEXT = AnonymisedTextType()


__all__ = [
    "NewReflection",
    "ParticipantRecord",
    "StoredSession",
    "UnitOfWork",
]
