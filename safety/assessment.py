"""The verdict the detector hands back: whether a text carries risk, of which kinds, and why."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of risk the lexicon may name. The bot's reply may vary by kind, so a rule naming a kind
# outside this set is a load error rather than a silent new category.
CATEGORIES: frozenset[str] = frozenset(
    {"suicide", "self_harm", "harm_to_others", "unsafe", "abuse", "distress", "injury"}
)


@dataclass(frozen=True, slots=True)
class RiskAssessment:
    """Result of assessing one free-text answer.

    ``reasons`` holds rule ids only (for example ``suicide.wish_to_die``): never the text or a
    fragment of it, so an assessment can be logged without leaking what the person wrote.
    """

    at_risk: bool
    categories: frozenset[str]
    reasons: tuple[str, ...]

    @classmethod
    def clear(cls) -> RiskAssessment:
        """Return the assessment for a text in which no rule fired."""
        return cls(at_risk=False, categories=frozenset(), reasons=())
