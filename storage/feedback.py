"""'You said, we did': who may hear back from a ward, and each message claimed once.

A contact is kept per person and ward: the sealed chat address of their last reflection there
and its day, nothing else. When an action moves to trying or done, one send row is queued per
contact of its ward; the housekeeping job claims due rows (``sent_on`` set as they are taken,
so a message goes at most once across restarts and workers) and sends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select

from storage.models import Action, FeedbackContact, FeedbackSend, Participant, Reflection
from storage.transaction import Transaction


@dataclass(frozen=True, slots=True)
class DueFeedback:
    """A "you said, we did" message claimed for sending (marked sent: it goes at most once)."""

    channel: str
    chat_ref: str
    action_id: int
    ward: str
    status: str
    theme: str | None
    text: str


class FeedbackRepository(Transaction):
    """The "you said, we did" operations of a unit of work."""

    def note_reflector(
        self, participant_id: int, ward: str, channel: str, chat_ref: str, day: date
    ) -> None:
        """Keep (or refresh) this person's sealed address for ``ward`` as of ``day``."""
        row = self.orm.scalar(
            select(FeedbackContact).where(
                FeedbackContact.participant_id == participant_id, FeedbackContact.ward == ward
            )
        )
        if row is None:
            self.orm.add(
                FeedbackContact(
                    participant_id=participant_id,
                    ward=ward,
                    channel=channel,
                    chat_ref=chat_ref,
                    reflected_on=day,
                )
            )
            return
        row.channel, row.chat_ref, row.reflected_on = channel, chat_ref, day

    def drop_feedback(self, participant_id: int) -> None:
        """Erase this person's contacts and unsent messages (``/stop``, ``/forget``)."""
        self.orm.execute(
            delete(FeedbackContact).where(FeedbackContact.participant_id == participant_id)
        )
        self.orm.execute(
            delete(FeedbackSend).where(
                FeedbackSend.participant_id == participant_id, FeedbackSend.sent_on.is_(None)
            )
        )

    def queue_feedback(self, action_id: int, ward: str, status: str, since: date, day: date) -> int:
        """One send per person who reflected on ``ward`` since ``since``; how many were new."""
        have = set(
            self.orm.scalars(
                select(FeedbackSend.participant_id).where(
                    FeedbackSend.action_id == action_id, FeedbackSend.status == status
                )
            )
        )
        people = self.orm.scalars(
            select(FeedbackContact.participant_id).where(
                FeedbackContact.ward == ward, FeedbackContact.reflected_on >= since
            )
        ).all()
        new = [p for p in people if p not in have]
        for person in new:
            self.orm.add(
                FeedbackSend(action_id=action_id, participant_id=person, status=status, due_on=day)
            )
        self.orm.flush()
        return len(new)

    def claim_feedback(self, day: date, since: date, limit: int = 50) -> list[DueFeedback]:
        """Take messages due by ``day``: at most one per person a day, the rest wait a day.

        Several workers can claim at once on PostgreSQL: ``FOR UPDATE SKIP LOCKED`` gives each
        row to one of them, and the person's contact row is locked the same way, so two workers
        never both send one person a message on the same day. A person whose contact is gone
        (``/stop``, or no reflection there since ``since``) has theirs dropped.
        """
        query = (
            select(FeedbackSend)
            .where(FeedbackSend.sent_on.is_(None), FeedbackSend.due_on <= day)
            .order_by(FeedbackSend.due_on, FeedbackSend.id)
            .limit(limit)
        )
        if self.locks_rows:
            query = query.with_for_update(skip_locked=True)
        claimed: list[DueFeedback] = []
        for row in self.orm.scalars(query).all():
            action = self.orm.get(Action, row.action_id)
            contacts = (
                select(FeedbackContact)
                .where(FeedbackContact.participant_id == row.participant_id)
                .order_by(FeedbackContact.id)
            )
            if self.locks_rows:
                contacts = contacts.with_for_update(skip_locked=True)
            mine = self.orm.scalars(contacts).all()
            if self.locks_rows and not mine and self._has_contact(row.participant_id):
                continue  # another worker holds this person now: next round
            contact = next((c for c in mine if action is not None and c.ward == action.ward), None)
            if action is None or contact is None or contact.reflected_on < since:
                self.orm.delete(row)
                continue
            sent_today = self.orm.scalar(
                select(func.count(FeedbackSend.id)).where(
                    FeedbackSend.participant_id == row.participant_id,
                    FeedbackSend.sent_on == day,
                )
            )
            if sent_today:
                row.due_on = day + timedelta(days=1)
                continue
            row.sent_on = day
            self.orm.flush()
            claimed.append(
                DueFeedback(
                    contact.channel,
                    contact.chat_ref,
                    action.id,
                    action.ward,
                    row.status,
                    action.theme,
                    action.text.text,
                )
            )
        return claimed

    def followup_of(self, key: str, action_id: int) -> tuple[str, str] | None:
        """(ward, voice) for a follow-up on ``action_id`` by the person with ``key``: the voice
        of their last reflection on that ward (staff when none is left); None without the action.
        """
        action = self.orm.get(Action, action_id)
        if action is None:
            return None
        voice = self.orm.scalar(
            select(Reflection.voice)
            .join(Participant, Participant.id == Reflection.participant_id)
            .where(Participant.key == key, Reflection.ward == action.ward)
            .order_by(Reflection.id.desc())
            .limit(1)
        )
        return action.ward, voice if voice in ("staff", "patient") else "staff"

    def _has_contact(self, participant_id: int) -> bool:
        found = self.orm.scalar(
            select(func.count(FeedbackContact.id)).where(
                FeedbackContact.participant_id == participant_id
            )
        )
        return bool(found)

    def purge_feedback(self, cutoff: date) -> int:
        """Erase contacts whose last reflection was before ``cutoff``, and sends older than it."""
        old = FeedbackContact.reflected_on < cutoff
        gone = self.orm.scalar(select(func.count(FeedbackContact.id)).where(old))
        self.orm.execute(delete(FeedbackContact).where(old))
        self.orm.execute(
            delete(FeedbackSend).where(
                FeedbackSend.sent_on.is_not(None), FeedbackSend.sent_on < cutoff
            )
        )
        return int(gone or 0)

    def feedback_waiting(self, action_id: int) -> int:
        """How many messages about ``action_id`` are queued and not sent yet."""
        found = self.orm.scalar(
            select(func.count(FeedbackSend.id)).where(
                FeedbackSend.action_id == action_id, FeedbackSend.sent_on.is_(None)
            )
        )
        return int(found or 0)

    def pending_feedback(self) -> list[tuple[int, date]]:
        """(action id, due day) of every message not sent yet (for checks)."""
        rows = self.orm.execute(
            select(FeedbackSend.action_id, FeedbackSend.due_on)
            .where(FeedbackSend.sent_on.is_(None))
            .order_by(FeedbackSend.due_on, FeedbackSend.id)
        ).all()
        return [(a, d) for a, d in rows]
