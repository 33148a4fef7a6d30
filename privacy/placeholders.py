"""Consistent placeholders within one reflection, without keeping what was replaced."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field


@dataclass
class PlaceholderBook:
    """Numbers each distinct removed value per kind (``[name 1]``, ``[name 2]``).

    Values are remembered only as keyed digests with a per-reflection random salt, so the book
    can sit in a paused session without holding the raw value; it is dropped when the session ends.
    """

    salt: str = field(default_factory=lambda: secrets.token_hex(16))
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)

    def number_for(self, kind: str, value: str) -> int:
        """The stable number of ``value`` among the values of ``kind`` seen so far."""
        digest = hmac.new(
            bytes.fromhex(self.salt), value.casefold().strip().encode(), hashlib.sha256
        ).hexdigest()[:16]
        seen = self.numbers.setdefault(kind, {})
        if digest not in seen:
            seen[digest] = len(seen) + 1
        return seen[digest]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for the session row."""
        return {"salt": self.salt, "numbers": {k: dict(v) for k, v in self.numbers.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> PlaceholderBook:
        """Rebuild from :meth:`to_dict` output (a fresh book when there is none)."""
        if not data:
            return cls()
        salt = data.get("salt")
        numbers = data.get("numbers")
        book = cls(salt=salt if isinstance(salt, str) else secrets.token_hex(16))
        if isinstance(numbers, dict):
            for kind, seen in numbers.items():
                if isinstance(seen, dict):
                    book.numbers[str(kind)] = {str(d): int(n) for d, n in seen.items()}
        return book
