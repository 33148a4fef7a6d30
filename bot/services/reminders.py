"""When to remind: a paused or abandoned reflection, and follow-ups after one is saved."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.settings import Settings
from dialogues import SessionState, Status, UiTexts
from storage import StoredSession, UnitOfWork

RESUME = "resume"
# A resume reminder within this much of where it would move to stays put: a turn then writes
# nothing to the reminders table, and the reminder comes at most this much early.
RESCHEDULE_SLACK = timedelta(hours=1)


def followup_kind(after: timedelta) -> str:
    """The reminder kind of a follow-up ``after`` the reflection (e.g. ``followup_72h``)."""
    return f"followup_{int(after.total_seconds() // 3600)}h"


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """Delays for the gentle reminder and the follow-up invitations, and the gap between any two."""

    resume_after: timedelta = timedelta(hours=24)
    followups: tuple[timedelta, ...] = (timedelta(hours=72), timedelta(days=30))
    min_gap: timedelta = timedelta(hours=24)

    @classmethod
    def from_settings(cls, settings: Settings) -> ReminderPolicy:
        """Read the policy from REFLECT_REMINDER_* and REFLECT_FOLLOWUP_HOURS."""
        return cls(
            resume_after=timedelta(hours=settings.reminder_after_hours),
            followups=tuple(timedelta(hours=h) for h in settings.followup_hours),
            min_gap=timedelta(hours=settings.reminder_min_gap_hours),
        )

    def after_turn(
        self,
        unit: UnitOfWork,
        stored: StoredSession,
        saved: bool,
        now: datetime,
    ) -> None:
        """Move the session's reminder on after a turn, or set follow-ups when it was saved.

        Updates ``stored.resume_at``; the caller saves the session afterwards.
        """
        state: SessionState = stored.state
        if stored.chat_ref is None and state.is_open:
            return
        if state.is_open:
            assert stored.chat_ref is not None
            due = now + self.resume_after
            if stored.resume_at is not None and abs(due - stored.resume_at) < RESCHEDULE_SLACK:
                return
            unit.schedule_reminder(
                stored.participant_id,
                stored.channel,
                RESUME,
                stored.chat_ref,
                due,
                session_id=stored.id,
            )
            stored.resume_at = due
            return
        unit.cancel_reminders(stored.participant_id, kinds=(RESUME,), session_id=stored.id)
        stored.resume_at = None
        if saved and state.status is Status.COMPLETED and stored.chat_ref is not None:
            for after in self.followups:
                unit.schedule_reminder(
                    stored.participant_id,
                    stored.channel,
                    followup_kind(after),
                    stored.chat_ref,
                    now + after,
                )


_FOLLOWUP = re.compile(r"followup_(\d+)h")


def reminder_text(ui: UiTexts, kind: str) -> str | None:
    """The message for a reminder of ``kind``; ``None`` for a kind this version lacks."""
    if kind == RESUME:
        return ui.message("reminder_resume")
    followup = _FOLLOWUP.fullmatch(kind)
    if followup is None:
        return None
    hours = int(followup.group(1))
    return ui.message("reminder_followup", hours=hours, days=round(hours / 24))
