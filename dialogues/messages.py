"""What goes into a turn and what comes out: channel-neutral messages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from dialogues.session import Answer
from privacy import AnonymisedText


class Command(StrEnum):
    """Controls available on every prompt."""

    SKIP = "skip"
    BACK = "back"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    HELP = "help"


class InputKind(StrEnum):
    """The kinds of input a turn accepts."""

    TEXT = "text"
    CHOICE = "choice"
    COMMAND = "command"


@dataclass(frozen=True, slots=True)
class Prepared:
    """An answer worked out before the turn: anonymised and tagged, off the write transaction.

    Made for one step and one state of the placeholder book; the turn uses it only while both
    still hold, and works the answer out itself otherwise.
    """

    step: str
    book_before: dict[str, Any]
    text: AnonymisedText
    book_after: dict[str, Any]
    themes: tuple[str, ...] = ()
    codebook_version: str | None = None


@dataclass(frozen=True, slots=True)
class UserInput:
    """One thing the person did: typed text, tapped a button, or gave a command."""

    kind: InputKind
    text: str = ""
    choice: str = ""
    command: Command | None = None
    # The kinds of risk the safety net found in what the person wrote with this input (a typed
    # text, or the words after a command); empty when none. ``None``: not screened yet.
    risk: frozenset[str] | None = None
    # The answer already anonymised and tagged (see Prepared); None: the turn does it.
    prepared: Prepared | None = None

    @property
    def at_risk(self) -> bool:
        """Whether the safety net found risk in what came with this input."""
        return bool(self.risk)

    def screened(self, risk: frozenset[str]) -> UserInput:
        """This input with the safety net's verdict on its text."""
        return replace(self, risk=frozenset(risk))

    def with_prepared(self, prepared: Prepared | None) -> UserInput:
        """This input with its answer worked out in advance."""
        return replace(self, prepared=prepared)

    @classmethod
    def typed(cls, text: str) -> UserInput:
        """Text the person typed."""
        return cls(InputKind.TEXT, text=text)

    @classmethod
    def tapped(cls, choice: str) -> UserInput:
        """A button the person pressed (its choice id, or a control's name)."""
        return cls(InputKind.CHOICE, choice=choice)

    @classmethod
    def control(cls, command: Command) -> UserInput:
        """A control such as skip or pause."""
        return cls(InputKind.COMMAND, command=command)


@dataclass(frozen=True, slots=True)
class Button:
    """A button: the label a person reads and the choice id it sends."""

    label: str
    choice: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send, with its buttons (rows of one or two)."""

    text: str
    buttons: tuple[Button, ...] = ()
    # The step the buttons belong to, so channels can version their payloads.
    step: str | None = None
    # A support message (safety net): channels note that support reached the person.
    support: bool = False


@dataclass(slots=True)
class TurnOutcome:
    """What a turn produced besides replies: things storage must act on."""

    saved: bool = False  # the person confirmed: write the answers as reflections
    ended: bool = False
    # On saving: the answers to write. The session keeps no copy of them afterwards, so each
    # saved answer exists once, as its reflection row.
    answers: tuple[Answer, ...] = ()
    # On saving: the person agreed that leads may read these answers word for word.
    quotable: bool = False
