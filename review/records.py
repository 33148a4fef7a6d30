"""Plain records that storage hands to review: no ORM objects cross this line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Voice = Literal["staff", "patient"]
Phase = Literal["enquire", "explore", "empathy"]


@dataclass(frozen=True, slots=True)
class ReflectionRecord:
    """One saved answer: confirmed anonymised text with its context, dates to the day only."""

    reflection_id: int
    session_id: int
    participant: str  # pseudonymous key; used only to count distinct people, never shown
    voice: Voice  # staff or patient
    role: str  # involved | witness
    intervention: str  # restraint | seclusion | rapid_tranquillisation | other
    ward: str | None
    day: date
    phase: Phase
    prompt_id: str
    text: str
    themes: tuple[str, ...]
    codebook_version: str
    quotable: bool = False  # the person agreed that leads may read it word for word


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One reflection session, for participation counts."""

    session_id: int
    participant: str
    voice: Voice
    intervention: str | None
    ward: str | None
    day: date
    completed: bool
    support_offered: bool
