"""What a person asks for when they start: a voice (staff or patient) and an entry link.

Deep links (``https://t.me/<bot>?start=<payload>``, e.g. from a QR poster on the ward) carry:

=========================  ================================================================
``staff``, ``patient``      that reflection, no ward
``in_<id>_<signature>``     an entry link the organisation issued (``reflect wards link``):
                            files the reflection under its ward, as its role
=========================  ================================================================

The link is carried unchecked (it rides in button data through the privacy notice) and is
checked against the database and its signature only when the reflection starts
(``bot.services.wards``). The old ``staff_<WARD>``, ``patient_<WARD>`` and ``ward_<WARD>``
forms file nothing under a ward: anyone could type them. Anything else is ignored and the bot
asks staff or patient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOICES = ("staff", "patient")
# The shape of an entry link (bot.services.wards); whether it is genuine is checked later.
_LINK = re.compile(r"in_[0-9]{1,9}_[0-9a-f]{16}")
# Callback-data prefixes of the buttons shown before a session exists.
CHOOSE = "r1v"  # the staff-or-patient chooser
RESTART = "r1n"  # "start a new one" on the resume offer
RESUME = "r1r"  # "carry on" on the resume offer
AGREE = "c1a"  # "I agree" under the privacy notice (carries the start request)
DECLINE = "c1n"  # "Not now" under the privacy notice


@dataclass(frozen=True, slots=True)
class StartRequest:
    """A voice and an entry link (unchecked), each possibly absent."""

    voice: str | None = None
    link: str | None = None

    def callback_data(self, prefix: str) -> str:
        """Callback data for a button that starts this request (well under 64 bytes)."""
        return "|".join((prefix, self.voice or "", self.link or ""))


def parse_start(payload: str) -> StartRequest:
    """The request in a ``/start`` payload; an empty request when it is missing or unknown."""
    payload = payload.strip()
    if _LINK.fullmatch(payload):
        return StartRequest(None, payload)
    head, _, _ = payload.partition("_")
    # "staff_<WARD>" keeps its voice, never its ward: a ward comes only from an entry link.
    return StartRequest(head) if head in VOICES else StartRequest()


def parse_callback(
    data: str, prefixes: tuple[str, ...] = (CHOOSE, RESTART, RESUME)
) -> tuple[str, StartRequest] | None:
    """``(prefix, request)`` of a button's callback data with one of ``prefixes``; else ``None``."""
    parts = data.split("|")
    if len(parts) != 3 or parts[0] not in prefixes:
        return None
    voice = parts[1] if parts[1] in VOICES else None
    link = parts[2] if _LINK.fullmatch(parts[2]) else None
    return parts[0], StartRequest(voice, link)
