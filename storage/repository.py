"""Repositories: one unit of work per turn, plain dataclasses in and out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dialogues import ScriptSource, SessionState
from privacy import AnonymisedText
from storage.models import (
    DialogueSession,
    Lead,
    LeadInvite,
    Participant,
    ProcessedUpdate,
    Reflection,
    Reminder,
    ScriptVersion,
)


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


@dataclass(frozen=True, slots=True)
class NewReflection:
    """One answer to save; its text can only be :class:`AnonymisedText`."""

    phase: str
    prompt_id: str
    text: AnonymisedText
    themes: tuple[str, ...] = ()
    codebook_version: str | None = None


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder claimed for sending (its row is gone: it is sent at most once)."""

    kind: str
    channel: str
    chat_ref: str
    session_id: int | None
    participant_id: int


@dataclass(frozen=True, slots=True)
class LeadRecord:
    """A team lead as an administrator sees them: no identity, only wards."""

    id: int
    wards: tuple[str, ...]
    created_on: date


def _today() -> date:
    return datetime.now(UTC).date()


class UnitOfWork:
    """The repository operations of one transaction."""

    def __init__(self, session: Session) -> None:
        self._s = session
        self._lock = session.get_bind().dialect.name == "postgresql"

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
            row = Participant(key=key, created_on=_today())
            try:
                with self._s.begin_nested():
                    self._s.add(row)
            except IntegrityError:
                # Another worker created it first: use theirs.
                row = self._s.scalars(select(Participant).where(Participant.key == key)).one()
        return ParticipantRecord(row.id, row.consented_on is not None)

    def find_participant(self, key: str) -> ParticipantRecord | None:
        """The participant with ``key`` if they exist (never creates one)."""
        row = self._s.scalar(select(Participant).where(Participant.key == key))
        return None if row is None else ParticipantRecord(row.id, row.consented_on is not None)

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
        row.consented_on = _today()

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
        query = select(DialogueSession).where(
            DialogueSession.participant_id == participant_id, DialogueSession.is_open.is_(True)
        )
        if channel is not None:
            query = query.where(DialogueSession.channel == channel)
        query = query.order_by(DialogueSession.id.desc()).limit(1)
        if self._lock:
            query = query.with_for_update()
        row = self._s.scalar(query)
        return None if row is None else _stored(row)

    def open_session_of(self, key: str, channel: str) -> StoredSession | None:
        """The open session of the participant with ``key`` (never creates the participant)."""
        found = self.find_participant(key)
        return None if found is None else self.open_session(found.id, channel)

    def get_session(self, session_id: int) -> StoredSession | None:
        """A session by id (locked on PostgreSQL)."""
        query = select(DialogueSession).where(DialogueSession.id == session_id)
        if self._lock:
            query = query.with_for_update()
        row = self._s.scalar(query)
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
            started_on=_today(),
            updated_at=datetime.now(UTC),
            turns=0,
        )
        self._s.add(row)
        self._s.flush()
        return _stored(row)

    def save_session(self, stored: StoredSession) -> None:
        """Write the session's new state; the chat reference is dropped once it has ended."""
        row = self._s.get_one(DialogueSession, stored.id)
        state = stored.state
        row.step = state.step
        row.status = state.status.value
        row.is_open = state.is_open
        row.state = state.to_dict()
        row.support_offered = row.support_offered or state.support_offered
        row.chat_ref = stored.chat_ref if state.is_open else None
        row.updated_at = datetime.now(UTC)
        row.turns = stored.turns

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
                    answered_on=_today(),
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
                            created_on=_today(),
                        )
                    )
            except IntegrityError:
                pass  # another worker archived it at the same moment

    def load_source(self, script_id: str, version: str) -> ScriptSource | None:
        """A kept script version."""
        row = self._s.get(ScriptVersion, (script_id, version))
        return None if row is None else ScriptSource.from_dict(row.source)

    # ----- reminders ------------------------------------------------------------------------

    def schedule_reminder(
        self,
        participant_id: int,
        channel: str,
        kind: str,
        chat_ref: str,
        at: datetime,
        session_id: int | None = None,
    ) -> None:
        """Put (or move) a reminder of ``kind`` for this participant and session."""
        self.cancel_reminders(participant_id, kinds=(kind,), session_id=session_id)
        self._s.add(
            Reminder(
                participant_id=participant_id,
                session_id=session_id,
                channel=channel,
                kind=kind,
                chat_ref=chat_ref,
                remind_at=at,
            )
        )

    def cancel_reminders(
        self,
        participant_id: int,
        *,
        kinds: Sequence[str] | None = None,
        session_id: int | None = None,
    ) -> None:
        """Remove pending reminders (of ``kinds`` / for ``session_id`` when given)."""
        query = delete(Reminder).where(Reminder.participant_id == participant_id)
        if kinds is not None:
            query = query.where(Reminder.kind.in_(list(kinds)))
        if session_id is not None:
            query = query.where(Reminder.session_id == session_id)
        self._s.execute(query)

    def set_reminders_off(self, participant_id: int, off: bool) -> None:
        """Turn reminders off (and drop pending ones) or back on for a participant."""
        row = self._s.get_one(Participant, participant_id)
        row.reminders_off = off
        if off:
            self.cancel_reminders(participant_id)

    def claim_due_reminders(
        self, now: datetime, min_gap: timedelta, limit: int = 50
    ) -> list[DueReminder]:
        """Take reminders due by ``now``; each is removed as it is claimed (sent at most once).

        Several workers can claim at once on PostgreSQL: ``FOR UPDATE SKIP LOCKED`` gives each
        row to one of them. A person reminded less than ``min_gap`` ago has theirs moved later;
        one whose reminders are off, or whose session has ended, has theirs dropped.
        """
        query = (
            select(Reminder)
            .where(Reminder.remind_at <= now)
            .order_by(Reminder.remind_at)
            .limit(limit)
        )
        if self._lock:
            query = query.with_for_update(skip_locked=True)
        claimed: list[DueReminder] = []
        for row in self._s.scalars(query).all():
            person = self._s.get_one(Participant, row.participant_id)
            session = self._s.get(DialogueSession, row.session_id) if row.session_id else None
            if person.reminders_off or (
                row.kind == "resume" and (session is None or not session.is_open)
            ):
                self._s.delete(row)
                continue
            last = _aware(person.last_reminded_at)
            if last is not None and now - last < min_gap:
                row.remind_at = last + min_gap
                continue
            person.last_reminded_at = now
            claimed.append(
                DueReminder(row.kind, row.channel, row.chat_ref, row.session_id, row.participant_id)
            )
            self._s.delete(row)
        return claimed

    def pending_reminders(self) -> list[tuple[str, datetime]]:
        """(kind, due) of every pending reminder, soonest first (for checks)."""
        rows = self._s.scalars(select(Reminder).order_by(Reminder.remind_at)).all()
        return [(r.kind, _aware(r.remind_at) or r.remind_at) for r in rows]

    # ----- team leads -----------------------------------------------------------------------

    def add_lead_invite(self, code_hash: str, wards: Sequence[str], expires_on: date) -> None:
        """Keep a one-time enrolment code (its hash only) for ``wards``."""
        self._s.add(LeadInvite(code_hash=code_hash, wards=list(wards), expires_on=expires_on))

    def redeem_lead_invite(self, code_hash: str, key: str) -> tuple[str, ...] | None:
        """Use a code once: the lead with ``key`` gains its wards; ``None`` if invalid."""
        query = select(LeadInvite).where(LeadInvite.code_hash == code_hash)
        if self._lock:
            query = query.with_for_update()
        invite = self._s.scalar(query)
        if invite is None or invite.used or invite.expires_on < _today():
            return None
        invite.used = True
        lead = self._s.scalar(select(Lead).where(Lead.key == key))
        if lead is None:
            lead = Lead(key=key, wards=[], created_on=_today())
            self._s.add(lead)
        lead.wards = sorted(set(lead.wards) | set(invite.wards))
        return tuple(lead.wards)

    def lead_wards(self, key: str) -> tuple[str, ...] | None:
        """The wards the lead with ``key`` may review; ``None`` if not a lead."""
        lead = self._s.scalar(select(Lead).where(Lead.key == key))
        return None if lead is None else tuple(lead.wards)

    def leads(self) -> list[LeadRecord]:
        """Every lead, without identity."""
        rows = self._s.scalars(select(Lead).order_by(Lead.id)).all()
        return [LeadRecord(r.id, tuple(r.wards), r.created_on) for r in rows]

    def remove_lead(self, lead_id: int) -> bool:
        """Remove a lead's access; ``False`` if there was none."""
        lead = self._s.get(Lead, lead_id)
        if lead is None:
            return False
        self._s.delete(lead)
        return True

    # ----- updates --------------------------------------------------------------------------

    def first_time(self, channel: str, update_id: int) -> bool:
        """Record ``update_id``; ``False`` if it was handled before."""
        try:
            with self._s.begin_nested():
                self._s.add(
                    ProcessedUpdate(channel=channel, update_id=update_id, handled_on=_today())
                )
        except IntegrityError:
            return False
        return True


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything here is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _stored(row: DialogueSession) -> StoredSession:
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
    )


class Store:
    """The database: hands out one unit of work per turn."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """A transaction: committed when the block ends, rolled back on an error."""
        with self._sessions() as session, session.begin():
            yield UnitOfWork(session)

    def load_source(self, script_id: str, version: str) -> ScriptSource | None:
        """A kept script version (its own short transaction)."""
        with self.unit() as unit:
            return unit.load_source(script_id, version)


__all__ = [
    "LeadRecord",
    "NewReflection",
    "ParticipantRecord",
    "Store",
    "StoredSession",
    "UnitOfWork",
]
