"""Reminders and follow-up invitations: rows scheduled, moved, cancelled and claimed once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from storage import driver
from storage.models import DialogueSession, Participant, Reminder
from storage.transaction import Transaction, aware


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder claimed for sending (its row is gone: it is sent at most once)."""

    kind: str
    channel: str
    chat_ref: str
    session_id: int | None
    participant_id: int


class ReminderRepository(Transaction):
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
        d = self.fast
        values = {
            "participant": participant_id,
            "session": session_id,
            "channel": channel,
            "kind": kind,
            "chat": chat_ref,
            "at": d.moment(at),
        }
        move = driver.MOVE_PERSON_REMINDER if session_id is None else driver.MOVE_SESSION_REMINDER
        if d.run(move, values) == 0:
            d.run(driver.ADD_REMINDER, values)

    def cancel_reminders(
        self,
        participant_id: int,
        *,
        kinds: Sequence[str] | None = None,
        session_id: int | None = None,
    ) -> None:
        """Remove pending reminders (of ``kinds`` / for ``session_id`` when given)."""
        if session_id is not None and kinds is not None and len(kinds) == 1:
            # A turn's own case (its gentle reminder off): on the fast path.
            values = {"participant": participant_id, "kind": kinds[0], "session": session_id}
            self.fast.run(driver.CANCEL_SESSION_REMINDER, values)
            return
        query = delete(Reminder).where(Reminder.participant_id == participant_id)
        if kinds is not None:
            query = query.where(Reminder.kind.in_(list(kinds)))
        if session_id is not None:
            query = query.where(Reminder.session_id == session_id)
        self.orm.execute(query)

    def set_reminders_off(self, participant_id: int, off: bool) -> None:
        """Turn reminders off (and drop pending ones) or back on for a participant."""
        row = self.orm.get_one(Participant, participant_id)
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
        if self.locks_rows:
            query = query.with_for_update(skip_locked=True)
        claimed: list[DueReminder] = []
        for row in self.orm.scalars(query).all():
            person = self.orm.get_one(Participant, row.participant_id)
            session = self.orm.get(DialogueSession, row.session_id) if row.session_id else None
            if person.reminders_off or (
                row.kind == "resume" and (session is None or not session.is_open)
            ):
                self.orm.delete(row)
                continue
            last = aware(person.last_reminded_at)
            if last is not None and now - last < min_gap:
                row.remind_at = last + min_gap
                continue
            person.last_reminded_at = now
            claimed.append(
                DueReminder(row.kind, row.channel, row.chat_ref, row.session_id, row.participant_id)
            )
            self.orm.delete(row)
        return claimed

    def pending_reminders(self) -> list[tuple[str, datetime]]:
        """(kind, due) of every pending reminder, soonest first (for checks)."""
        rows = self.orm.scalars(select(Reminder).order_by(Reminder.remind_at)).all()
        return [(r.kind, aware(r.remind_at) or r.remind_at) for r in rows]
