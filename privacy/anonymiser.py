"""The anonymiser: the one door from raw text to :class:`AnonymisedText`.

This first layer removes emails, phone numbers and NHS numbers (any 10-digit run, spaced or
dashed). Further layers plug in behind the same ``anonymise`` call.
"""

from __future__ import annotations

import re
from typing import Protocol

from privacy.placeholders import PlaceholderBook
from privacy.text import AnonymisedText, Redaction


class TextAnonymiser(Protocol):
    """What the dialogue engine needs: raw text in, anonymised text out."""

    def anonymise(self, text: str, book: PlaceholderBook | None = None) -> AnonymisedText:
        """Return ``text`` with identifiers replaced by placeholders."""
        ...


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Any ten digits, optionally grouped 3-3-4 with spaces, dashes or dots: an NHS number shape.
_NHS = re.compile(r"(?<!\d)\d{3}[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")
# UK phone shapes: +44 or 0 then 9-10 more digits, spaces/dashes/brackets allowed.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|\(?0)(?:[\s()-]*\d){9,10}(?!\d)")


class BasicAnonymiser:
    """Pattern layer only: emails, phone numbers and NHS numbers."""

    def anonymise(self, text: str, book: PlaceholderBook | None = None) -> AnonymisedText:
        """Replace every email, phone number and 10-digit run in ``text``."""
        redactions: list[Redaction] = []

        out = text
        for kind, pattern, reason in (
            ("email", _EMAIL, "looks like an email address"),
            ("phone", _PHONE, "looks like a UK phone number"),
            ("nhs number", _NHS, "a run of 10 digits (NHS number shape)"),
        ):

            def replace(match: re.Match[str], kind: str = kind, reason: str = reason) -> str:
                placeholder = f"[{kind}]"
                redactions.append(Redaction(kind=kind, placeholder=placeholder, reason=reason))
                return placeholder

            out = pattern.sub(replace, out)
        return AnonymisedText(text=out, redactions=tuple(redactions))
