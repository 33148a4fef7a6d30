"""Reminders and follow-up invitations: rows scheduled, moved, cancelled and claimed once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update

from storage.models import DialogueSession, Participant, Reminder
from storage.part import Part, aware


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder claimed for sending (its row is gone: it is sent at most once)."""

    kind: str
    channel: str
    chat_ref: str
    session_id: int | None
    participant_id: int


class ReminderRepository(Part):
    """The reminder operations of a unit of work."""

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
        moved = self._c.execute(
            update(Reminder)
            .where(
                Reminder.participant_id == participant_id,
                Reminder.kind == kind,
                Reminder.session_id.is_(None)
                if session_id is None
                else Reminder.session_id == session_id,
            )
            .values(remind_at=at, chat_ref=chat_ref, channel=channel)
        )
        if moved.rowcount:
            return
        self._c.execute(
            insert(Reminder).values(
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
            last = aware(person.last_reminded_at)
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
        return [(r.kind, aware(r.remind_at) or r.remind_at) for r in rows]
