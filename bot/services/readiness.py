"""Fail closed: the bot does not start with a weaker safety net or anonymiser by accident.

Each model the protections need is checked before `reflect run` or `reflect webhook` serves
anyone. A missing one refuses the start with one line naming the package and the command,
unless an explicit setting allows the reduced mode; then every start logs a warning.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.settings import Settings, field_name

log = logging.getLogger(__name__)


class NotReady(Exception):
    """A protection is missing and no setting allows running without it (one line)."""


@dataclass(frozen=True, slots=True)
class Protection:
    """One protection and what, if anything, it is missing."""

    name: str
    setting: str
    problem: str | None

    def allowed(self, settings: Settings) -> bool:
        """Whether the settings let the bot run without this protection."""
        allowed: bool = getattr(settings, field_name(self.setting))
        return allowed


def safety_problem(model: Path | None = None) -> str | None:
    """One line if the safety net's meaning layer cannot run (model missing or mismatched)."""
    from safety import model_problem

    return model_problem(model)


def privacy_problem() -> str | None:
    """One line if the anonymiser's name model is missing or does not load, else None."""
    from privacy import model_problem

    return model_problem()


def protections(settings: Settings) -> list[Protection]:
    """Every protection the bot runs with, checked now."""
    return [
        Protection(
            "safety net", "REFLECT_ALLOW_REDUCED_SAFETY", safety_problem(settings.safety_model)
        ),
        Protection("anonymiser", "REFLECT_ALLOW_REDUCED_PRIVACY", privacy_problem()),
    ]


def require_protections(settings: Settings) -> list[Protection]:
    """Refuse (``NotReady``) unless every protection is whole or explicitly allowed reduced.

    Returns the protections running reduced, each already logged as a warning.
    """
    reduced: list[Protection] = []
    for protection in protections(settings):
        if protection.problem is None:
            continue
        if not protection.allowed(settings):
            raise NotReady(
                f"Not starting: {protection.problem} "
                f"(or set {protection.setting}=1 to run with a reduced {protection.name})."
            )
        log.warning(
            "REDUCED %s: %s (allowed by %s=1)",
            protection.name.upper(),
            protection.problem,
            protection.setting,
        )
        reduced.append(protection)
    return reduced
