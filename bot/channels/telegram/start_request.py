"""What a person asks for when they start: a voice (staff or patient) and a ward, both optional.

Deep links (``https://t.me/<bot>?start=<payload>``, e.g. from a QR poster on the ward) carry:

=====================  =============================================
``staff``, ``patient``  that reflection, no ward
``staff_<WARD>``        a staff reflection filed under ward WARD
``patient_<WARD>``      a patient reflection filed under ward WARD
``ward_<WARD>``         ward WARD; the bot asks staff or patient
=====================  =============================================

WARD is 1 to 32 letters, digits, ``-`` or ``_`` (Telegram allows only these in a payload).
Anything else is ignored and the bot asks staff or patient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VOICES = ("staff", "patient")
_WARD = re.compile(r"[A-Za-z0-9_-]{1,32}")
# Callback-data prefixes of the buttons shown before a session exists.
CHOOSE = "r1v"  # the staff-or-patient chooser
RESTART = "r1n"  # "start a new one" on the resume offer
RESUME = "r1r"  # "carry on" on the resume offer
AGREE = "c1a"  # "I agree" under the privacy notice (carries the start request)
DECLINE = "c1n"  # "Not now" under the privacy notice


@dataclass(frozen=True, slots=True)
class StartRequest:
    """A voice and a ward, each possibly unknown."""

    voice: str | None = None
    ward: str | None = None

    def callback_data(self, prefix: str) -> str:
        """Callback data for a button that starts this request (well under 64 bytes)."""
        return "|".join((prefix, self.voice or "", self.ward or ""))


def parse_start(payload: str) -> StartRequest:
    """The request in a ``/start`` payload; an empty request when it is missing or unknown."""
    head, _, rest = payload.strip().partition("_")
    if head in VOICES and (not rest or _WARD.fullmatch(rest)):
        return StartRequest(head, rest or None)
    if head == "ward" and _WARD.fullmatch(rest):
        return StartRequest(None, rest)
    return StartRequest()


def parse_callback(
    data: str, prefixes: tuple[str, ...] = (CHOOSE, RESTART, RESUME)
) -> tuple[str, StartRequest] | None:
    """``(prefix, request)`` of a button's callback data with one of ``prefixes``; else ``None``."""
    parts = data.split("|")
    if len(parts) != 3 or parts[0] not in prefixes:
        return None
    voice = parts[1] if parts[1] in VOICES else None
    ward = parts[2] if _WARD.fullmatch(parts[2]) else None
    return parts[0], StartRequest(voice, ward)
