"""The type that keeps raw text out of storage.

Storage's free-text columns accept only :class:`AnonymisedText`. The only code that builds one
from a raw string is the anonymiser in this package; storage rebuilds one from a column it wrote
itself with :meth:`AnonymisedText.from_stored`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Redaction:
    """One span that was replaced: its kind, the placeholder shown, and why (never the raw text)."""

    kind: str
    placeholder: str
    reason: str


@dataclass(frozen=True, slots=True)
class AnonymisedText:
    """Text that has been through the anonymiser; the only text storage will accept."""

    text: str
    redactions: tuple[Redaction, ...] = field(default=())

    def __str__(self) -> str:
        return self.text

    @classmethod
    def from_stored(cls, text: str) -> AnonymisedText:
        """Rebuild from a value storage wrote earlier (it was anonymised before it was written)."""
        return cls(text=text)
