"""Pseudonymous participant keys, and sealed chat addresses: never a channel's id itself.

A participant is known by an HMAC of their id. The bot must still be able to write to them
later (a reminder, a follow-up), so the chat's address is kept sealed: encrypted and
authenticated with a key derived from the same secret (AES-256-GCM, a fresh nonce each time).
A stolen database gives neither the ids nor a way to link two sealed addresses.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bot.settings import Secret

_NONCE_BYTES = 12
_SEAL_PURPOSE = b"promise-reflect chat address v1"


def participant_key(secret: Secret, channel: str, user_id: str | int) -> str:
    """HMAC-SHA256 of ``channel:user_id`` with the secret key, as hex."""
    message = f"{channel}:{user_id}".encode()
    return hmac.new(secret.reveal().encode(), message, hashlib.sha256).hexdigest()


def placeholder_key(secret: Secret) -> bytes:
    """The key of stored placeholder books, derived from the secret for that use alone."""
    return hmac.new(secret.reveal().encode(), b"placeholder book", hashlib.sha256).digest()


def local_secret(data_dir: Path) -> Secret:
    """A per-machine key for the terminal channel, made once and readable only by its owner."""
    path = data_dir / "local.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return Secret(path.read_text(encoding="utf-8").strip())


class ChatSeal:
    """Seals a chat id for storage and opens it again (a sealed address fits 64 characters)."""

    def __init__(self, secret: Secret) -> None:
        key = hmac.new(secret.reveal().encode(), _SEAL_PURPOSE, hashlib.sha256).digest()
        self._aead = AESGCM(key)

    def seal(self, chat_id: int) -> str:
        """The sealed address of ``chat_id``: different every time, readable only with the key."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        plain = chat_id.to_bytes(8, "big", signed=True)
        sealed = nonce + self._aead.encrypt(nonce, plain, _SEAL_PURPOSE)
        return base64.urlsafe_b64encode(sealed).decode("ascii")

    def open(self, sealed: str) -> int | None:
        """The chat id, or ``None`` for an address this key did not seal (or one tampered with)."""
        try:
            raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
            plain = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _SEAL_PURPOSE)
        except (InvalidTag, ValueError, binascii.Error, UnicodeEncodeError):
            return None
        return int.from_bytes(plain, "big", signed=True)
