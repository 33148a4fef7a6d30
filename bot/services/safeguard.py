"""The safety net's one entry: every text a person sends is screened here before anything else.

Channels hand over whatever a person wrote (an answer, text at a button step, a caption, an
edit, the words after a command, a message before consent or with nothing open) and get back
the kinds of risk found. Screening happens in memory; the text is neither kept nor logged.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Assessment(Protocol):
    """What the safety detector says of one text."""

    @property
    def at_risk(self) -> bool:
        """Whether any risk was found."""
        ...

    @property
    def categories(self) -> frozenset[str]:
        """The kinds of risk found (suicide, self_harm, injury...)."""
        ...


class RiskDetector(Protocol):
    """The detector the safeguard runs (``safety.RiskDetector``)."""

    def assess(self, text: str) -> Assessment:
        """Assess one text."""
        ...


class Safeguard:
    """Screens person-written text for risk; the same check for every channel and place."""

    def __init__(self, detector: RiskDetector) -> None:
        self.detector = detector

    def screen(self, text: str) -> frozenset[str]:
        """The kinds of risk in ``text`` (empty when none)."""
        if not text.strip():
            return frozenset()
        verdict = self.detector.assess(text)
        if not verdict.at_risk:
            return frozenset()
        # Risk with no kind named still gets support: the general kind stands in.
        return frozenset(verdict.categories) or frozenset({"distress"})

    def screen_all(self, texts: Iterable[str]) -> frozenset[str]:
        """The kinds of risk in any of ``texts`` (a message's text and its caption, say)."""
        found: frozenset[str] = frozenset()
        for text in texts:
            found |= self.screen(text)
        return found
