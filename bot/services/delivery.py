"""Knowing what reached people: replies confirmed sent, and reminders claimed once to send."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

from storage import DueFeedback, DueReminder, Store, UnitOfWork


class Delivery:
    """Sent replies are noted in memory and written with the next transaction; reminders due
    are claimed in the database, so that across workers each goes out once."""

    def __init__(self, store: Store, reminder_gap: timedelta = timedelta(hours=24)) -> None:
        self._store = store
        self.reminder_gap = reminder_gap
        # (session id, update id) whose replies went out, written with the next transaction.
        self._sent: list[tuple[int, int]] = []
        self._lock = threading.Lock()

    def replied(self, session_id: int, update_id: int) -> None:
        """Note that the replies to ``update_id`` were sent (stored with the next transaction)."""
        with self._lock:
            self._sent.append((session_id, update_id))

    def confirm_replies(self) -> None:
        """Store the replies noted as sent now, in a transaction of their own (when idle)."""
        with self._lock:
            if not self._sent:
                return
        with self._store.unit() as unit:
            self.confirm_within(unit)

    def confirm_within(self, unit: UnitOfWork, saving: int | None = None) -> None:
        """Write the noted confirmations in ``unit``'s transaction.

        ``saving``: a session this transaction writes whole, whose pending reply it replaces.
        """
        with self._lock:
            sent, self._sent = [p for p in self._sent if p[0] != saving], []
        if not sent:
            return
        try:
            unit.confirm_replies(sent)
        except BaseException:
            with self._lock:
                self._sent[:0] = sent  # kept for the next transaction
            raise

    def pending_reply(self, session_id: int) -> tuple[int | None, datetime] | None:
        """The update whose replies this session still waits on, and when the session changed."""
        with self._store.read() as unit:
            return unit.reply_pending(session_id)

    def claim_reminders(self, now: datetime | None = None, limit: int = 50) -> list[DueReminder]:
        """Reminders due now, each claimed once across every worker."""
        with self._store.unit() as unit:
            return unit.claim_due_reminders(now or datetime.now(UTC), self.reminder_gap, limit)

    def claim_feedback(self, day: date, feedback_days: int, limit: int = 50) -> list[DueFeedback]:
        """The "you said, we did" messages due on ``day``, each claimed once across every worker
        (at most one per person a day; the rest wait for the next day)."""
        with self._store.unit() as unit:
            return unit.claim_feedback(day, day - timedelta(days=feedback_days), limit)

    def purge_feedback(self, day: date, feedback_days: int) -> int:
        """Erase "you said, we did" addresses of reflections older than ``feedback_days``."""
        with self._store.unit() as unit:
            return unit.purge_feedback(day - timedelta(days=feedback_days))
