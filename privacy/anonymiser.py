"""The anonymiser: the one door from raw text to :class:`AnonymisedText`.

This first layer removes emails, phone numbers and NHS numbers (any 10-digit run, spaced or
dashed), using the shapes in :mod:`privacy.patterns`. Further layers plug in behind the same
``anonymise`` call.
"""

from __future__ import annotations

from typing import Protocol

from privacy.patterns import EMAIL, NHS, PHONE_FALLBACK
from privacy.placeholders import PlaceholderBook
from privacy.text import AnonymisedText, Redaction


class TextAnonymiser(Protocol):
    """What the dialogue engine needs: raw text in, anonymised text out."""

    def anonymise(self, text: str, book: PlaceholderBook | None = None) -> AnonymisedText:
        """Return ``text`` with identifiers replaced by placeholders."""
        ...


# The pattern layer reuses the layered anonymiser's patterns: one place for each identifier shape.
_LAYERS = (
    ("email", EMAIL, "looks like an email address"),
    ("phone", PHONE_FALLBACK, "looks like a UK phone number"),
    ("nhs number", NHS, "a run of 10 digits (NHS number shape)"),
)


class BasicAnonymiser:
    """Pattern layer only: emails, phone numbers and NHS numbers."""

    def anonymise(self, text: str, book: PlaceholderBook | None = None) -> AnonymisedText:
        """Replace every email, phone number and 10-digit run in ``text``."""
        redactions: list[Redaction] = []
        out = text
        for kind, pattern, reason in _LAYERS:
            placeholder = f"[{kind}]"
            # Earlier layers run first, so a phone number is never re-read as an NHS number.
            out, count = pattern.subn(placeholder, out)
            redactions.extend(
                Redaction(kind=kind, placeholder=placeholder, reason=reason) for _ in range(count)
            )
        return AnonymisedText(text=out, redactions=tuple(redactions))
