"""The state of one person's reflection, as plain data that storage can keep and reload."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from privacy import AnonymisedText


class Status(StrEnum):
    """Where a session stands."""

    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"  # saved after the review
    DECLINED = "declined"  # "not now": ended with nothing saved
    DISCARDED = "discarded"  # the person chose not to save their answers


OPEN_STATUSES = frozenset({Status.ACTIVE, Status.PAUSED})


# ``then`` of a session written before steps were named there: whichever step is the review.
BACK_TO_REVIEW = "_review"


class Mode(StrEnum):
    """What the session waits for from the person, besides an answer to the step: one at a time."""

    ASKING = "asking"  # the step's question (or the review) is open
    SUPPORT = "support"  # support is on the screen: carry on, pause or stop
    PICKING = "picking"  # the review asks which answer to change


@dataclass(slots=True)
class Answer:
    """One answer: anonymised text, a choice, or a skip."""

    step: str
    text: AnonymisedText | None = None
    choice: str | None = None
    skipped: bool = False
    # Themes given when the answer was taken (None: not tagged yet), and the codebook's version.
    themes: tuple[str, ...] | None = None
    codebook_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the text is already anonymised)."""
        data: dict[str, Any] = {
            "step": self.step,
            "text": self.text.text if self.text is not None else None,
            "choice": self.choice,
            "skipped": self.skipped,
        }
        if self.themes is not None:
            data["themes"] = list(self.themes)
            data["codebook"] = self.codebook_version
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        """Rebuild from :meth:`to_dict` output."""
        text = data.get("text")
        themes = data.get("themes")
        return cls(
            step=str(data["step"]),
            text=AnonymisedText.from_stored(text) if isinstance(text, str) else None,
            choice=data.get("choice"),
            skipped=bool(data.get("skipped", False)),
            themes=tuple(str(t) for t in themes) if isinstance(themes, list) else None,
            codebook_version=data.get("codebook"),
        )


@dataclass(slots=True)
class SessionState:
    """Everything the engine needs to take the next turn."""

    script_id: str
    script_version: str
    step: str
    status: Status = Status.ACTIVE
    variables: dict[str, str] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    mode: Mode = Mode.ASKING
    # Where the next answer leads instead of the script's route: the review, when the person is
    # changing one answer from it.
    then: str | None = None
    # Where "carry on" returns to, when the review was reached through "stop".
    carry_on_at: str | None = None
    support_offered: bool = False  # a fact kept for the report, not a mode
    placeholders: dict[str, Any] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        """Still in progress (active or paused)."""
        return self.status in OPEN_STATUSES

    def copy(self) -> SessionState:
        """A copy a turn can change freely without changing this state.

        The containers are copied; what they hold is not, because a turn replaces an
        :class:`Answer` or the placeholder book whole and never edits one in place.
        """
        return SessionState(
            self.script_id,
            self.script_version,
            self.step,
            self.status,
            dict(self.variables),
            dict(self.answers),
            list(self.history),
            self.mode,
            self.then,
            self.carry_on_at,
            self.support_offered,
            dict(self.placeholders),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the session row."""
        return {
            "variables": dict(self.variables),
            "answers": [a.to_dict() for a in self.answers.values()],
            "history": list(self.history),
            "mode": self.mode.value,
            "then": self.then,
            "carry_on_at": self.carry_on_at,
            "support_offered": self.support_offered,
            "placeholders": self.placeholders,
        }

    @classmethod
    def from_dict(
        cls, script_id: str, script_version: str, step: str, status: str, data: dict[str, Any]
    ) -> SessionState:
        """Rebuild from the columns and :meth:`to_dict` output of a session row."""
        answers = [Answer.from_dict(a) for a in data.get("answers", [])]
        return cls(
            script_id=script_id,
            script_version=script_version,
            step=step,
            status=Status(status),
            variables={str(k): str(v) for k, v in data.get("variables", {}).items()},
            answers={a.step: a for a in answers},
            history=[str(s) for s in data.get("history", [])],
            mode=_mode(data),
            then=_then(data),
            carry_on_at=_carry_on_at(data),
            support_offered=bool(data.get("support_offered", False)),
            placeholders=dict(data.get("placeholders", {})),
        )


def _mode(data: dict[str, Any]) -> Mode:
    if "mode" in data:
        return Mode(data["mode"])
    # Written before the mode was one value: its flags, as they were then.
    if data.get("awaiting_support_choice"):
        return Mode.SUPPORT
    if data.get("picking_answer"):
        return Mode.PICKING
    return Mode.ASKING


def _then(data: dict[str, Any]) -> str | None:
    value = data.get("then")
    if isinstance(value, str) and value:
        return value
    # Older rows said only "back to the review"; the engine finds the review step for it.
    return BACK_TO_REVIEW if data.get("return_to_review") else None


def _carry_on_at(data: dict[str, Any]) -> str | None:
    value = data.get("carry_on_at")
    if isinstance(value, str) and value:
        return value
    history = data.get("history") or []
    # Older rows: "stopping" meant carry on returns to the step before the review.
    return str(history[-1]) if data.get("stopping") and history else None
