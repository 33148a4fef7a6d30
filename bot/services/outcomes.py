"""What a turn comes to, as one closed union: each channel handles it in one place.

A turn was taken (:class:`Replied`), a button was from another question (:class:`Stale`), the
update was handled before (:class:`Duplicate`), the person has not agreed to the privacy notice
(:class:`NeedsConsent`), or there is no reflection to apply it to (:class:`NothingOpen`). Support
for risk in what the person wrote comes first in every one that speaks.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogues import CompiledScript, Reply, Status


@dataclass(frozen=True, slots=True)
class Replied:
    """The turn was taken and stored: its replies, in order."""

    replies: list[Reply]
    session_id: int
    script: CompiledScript
    status: Status
    step: str
    ended: bool = False
    # The update the session now waits on: its replies are to be confirmed once sent.
    pending: int | None = None


@dataclass(frozen=True, slots=True)
class Stale:
    """A button from another session, script version or question: nothing changed."""

    replies: list[Reply]  # the current question again
    session_id: int
    script: CompiledScript
    other_session: bool  # from another session (else from another question of this one)


@dataclass(frozen=True, slots=True)
class Duplicate:
    """This update was handled before: nothing done, nothing to send."""

    # The session whose replies to this update were never confirmed sent, if one is waiting.
    unconfirmed: int | None = None


@dataclass(frozen=True, slots=True)
class NeedsConsent:
    """The person has not agreed to the privacy notice: nothing was done or stored."""

    support: list[Reply]


@dataclass(frozen=True, slots=True)
class NothingOpen:
    """No reflection is open to take this."""

    support: list[Reply]


TurnOutcome = Replied | Stale | Duplicate | NeedsConsent | NothingOpen


@dataclass(frozen=True, slots=True)
class OpenSession:
    """A summary of a session in progress, to offer resuming it."""

    session_id: int
    script_id: str
    paused: bool
    answered: int


@dataclass(frozen=True, slots=True)
class ButtonContext:
    """Where a pressed button came from, to tell a current button from a stale one."""

    session_id: int
    script_version: str
    step_index: int


@dataclass(frozen=True, slots=True)
class Kept:
    """What is kept under one person's key, as /forget asks about it (no content)."""

    agreed: bool  # agreed to the privacy notice: answers, sessions, reminders may exist
    lead: bool  # has team lead access to wards' themes and reports
    stray: bool  # a participant row without agreement (should not exist)


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What /forget erased: how many saved answers, and whether lead access went too."""

    answers: int
    lead: bool
