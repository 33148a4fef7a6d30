"""Consistent placeholders within one reflection, without keeping what was replaced.

A book remembers each removed value only as an HMAC digest under a key derived from the server's
key and a per-book nonce. The nonce is stored with the book; the server's key never is, so a copy
of the database cannot confirm a guessed name ("sarah okonkwo") against the stored digests.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

VERSION = 2
MIN_KEY_BYTES = 16
_PURPOSE = b"promise-reflect placeholder book v2\x00"


def _book_key(key: bytes, nonce: bytes) -> bytes:
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"placeholder book key: at least {MIN_KEY_BYTES} bytes needed")
    return hmac.new(key, _PURPOSE + nonce, hashlib.sha256).digest()


@dataclass(eq=False)
class PlaceholderBook:
    """Numbers each distinct removed value per kind (``[name 1]``, ``[name 2]``).

    Make one with :meth:`new` or :meth:`from_dict`; both need the server's key.
    """

    _digest_key: bytes = field(repr=False)
    nonce: bytes
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)
    # Per kind, numbers already given out by a book whose digests could not be kept (an old,
    # salted book): new values are numbered after them so no placeholder is reused.
    retired: dict[str, int] = field(default_factory=dict)

    @classmethod
    def new(cls, key: bytes) -> PlaceholderBook:
        """A fresh book keyed by ``key`` (the server's placeholder key) and a new random nonce."""
        nonce = secrets.token_bytes(16)
        return cls(_book_key(key, nonce), nonce)

    @classmethod
    def transient(cls) -> PlaceholderBook:
        """A book for text that is never stored with it (one ``reflect redact`` line)."""
        return cls.new(secrets.token_bytes(32))

    def number_for(self, kind: str, value: str) -> int:
        """The stable number of ``value`` among the values of ``kind`` seen so far."""
        message = f"{kind}\x00{value.casefold().strip()}".encode()
        digest = hmac.new(self._digest_key, message, hashlib.sha256).hexdigest()[:32]
        seen = self.numbers.setdefault(kind, {})
        if digest not in seen:
            seen[digest] = max([self.retired.get(kind, 0), *seen.values()]) + 1
        return seen[digest]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for the session row: version, nonce and digests, never the key."""
        data: dict[str, object] = {
            "v": VERSION,
            "nonce": self.nonce.hex(),
            "numbers": {k: dict(v) for k, v in self.numbers.items()},
        }
        if self.retired:
            data["retired"] = dict(self.retired)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object] | None, key: bytes | None = None) -> PlaceholderBook:
        """Rebuild from :meth:`to_dict` output with the same ``key`` (a fresh book when empty).

        A book whose digests cannot be matched (an old book with a random salt stored beside
        them, or no ``key`` given) is not re-keyed: its digests are dropped and its counts carried
        on, so later names get new numbers and no placeholder is reused for someone else.
        """
        key = key if key is not None else secrets.token_bytes(32)
        if not data:
            return cls.new(key)
        numbers = _numbers(data.get("numbers"))
        nonce = data.get("nonce")
        if data.get("v") == VERSION and isinstance(nonce, str):
            raw = bytes.fromhex(nonce)
            book = cls(_book_key(key, raw), raw, numbers)
            book.retired = {k: _count(n) for k, n in _mapping(data.get("retired")).items()}
            return book
        book = cls.new(key)
        book.retired = {kind: max(seen.values(), default=0) for kind, seen in numbers.items()}
        return book


def _mapping(value: object) -> dict[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _count(value: object) -> int:
    return int(value) if isinstance(value, int | str) else 0


def _numbers(value: object) -> dict[str, dict[str, int]]:
    return {
        kind: {digest: _count(n) for digest, n in _mapping(seen).items()}
        for kind, seen in _mapping(value).items()
        if isinstance(seen, dict)
    }
