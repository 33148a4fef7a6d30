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
    # Set when the person is changing one answer from the review: return there after it.
    return_to_review: bool = False
    stopping: bool = False  # the review was reached through "stop", so "carry on" is offered
    picking_answer: bool = False  # the review is asking which answer to change
    support_offered: bool = False
    awaiting_support_choice: bool = False
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
            self.return_to_review,
            self.stopping,
            self.picking_answer,
            self.support_offered,
            self.awaiting_support_choice,
            dict(self.placeholders),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the session row."""
        return {
            "variables": dict(self.variables),
            "answers": [a.to_dict() for a in self.answers.values()],
            "history": list(self.history),
            "return_to_review": self.return_to_review,
            "stopping": self.stopping,
            "picking_answer": self.picking_answer,
            "support_offered": self.support_offered,
            "awaiting_support_choice": self.awaiting_support_choice,
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
            return_to_review=bool(data.get("return_to_review", False)),
            stopping=bool(data.get("stopping", False)),
            picking_answer=bool(data.get("picking_answer", False)),
            support_offered=bool(data.get("support_offered", False)),
            awaiting_support_choice=bool(data.get("awaiting_support_choice", False)),
            placeholders=dict(data.get("placeholders", {})),
        )
