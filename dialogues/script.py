"""The parsed, validated form of a dialogue script: plain data, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class StepKind(StrEnum):
    """What a step asks of the person."""

    CHOICE = "choice"  # tap a button (or type its number or words)
    TEXT = "text"  # answer in their own words
    REVIEW = "review"  # see everything that will be saved, then save, change or discard
    END = "end"  # a closing message; the session is over


class Phase(StrEnum):
    """The Envision steps of the PROMISE change model an answer belongs to."""

    ENQUIRE = "enquire"
    EXPLORE = "explore"
    EMPATHY = "empathy"


@dataclass(frozen=True, slots=True)
class Route:
    """Go to ``to`` when the named guard holds (no guard: always)."""

    to: str
    when: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """A button: its id (stored and put in callback data) and where it leads."""

    id: str
    routes: tuple[Route, ...] = ()  # empty: follow the step's own routes


@dataclass(frozen=True, slots=True)
class Step:
    """One state of the dialogue: a message template and what may follow."""

    name: str
    kind: StepKind
    template: str
    routes: tuple[Route, ...] = ()
    choices: tuple[Choice, ...] = ()
    phase: Phase | None = None
    store: str | None = None  # for choices: the session variable the choice id is kept in
    title: str | None = None  # short name of the question, shown in the review
    on_enter: tuple[str, ...] = ()
    outcome: str | None = None  # for end steps: completed | declined


@dataclass(frozen=True, slots=True)
class Script:
    """A whole dialogue at one version."""

    id: str
    version: str
    language: str
    voice: str  # staff | patient
    start: str
    steps: dict[str, Step]
    source_file: str
    variables: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def step(self, name: str) -> Step:
        """The step called ``name``."""
        return self.steps[name]

    def index_of(self, name: str) -> int:
        """A small stable number for a step, used in button payloads."""
        return list(self.steps).index(name)

    @property
    def question_steps(self) -> list[Step]:
        """Steps whose answers are saved as reflections."""
        return [s for s in self.steps.values() if s.kind is StepKind.TEXT and s.phase is not None]
