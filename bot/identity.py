"""Pseudonymous participant keys: an HMAC of the channel's id, never the id itself."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from bot.settings import Secret


def participant_key(secret: Secret, channel: str, user_id: str | int) -> str:
    """HMAC-SHA256 of ``channel:user_id`` with the secret key, as hex."""
    message = f"{channel}:{user_id}".encode()
    return hmac.new(secret.reveal().encode(), message, hashlib.sha256).hexdigest()


def local_secret(data_dir: Path) -> Secret:
    """A per-machine key for the terminal channel, made once and readable only by its owner."""
    path = data_dir / "local.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return Secret(path.read_text(encoding="utf-8").strip())
