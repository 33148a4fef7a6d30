"""Ward entry links: the only way a reflection is filed under a ward from Telegram.

An administrator issues one per ward and role (``reflect wards link --ward W --as patient``)
and puts it on the ward's poster. The link carries the row's id and a keyed signature,
``in_<id>_<signature>``, so nobody can make one up for another ward or role, and revoking
the row stops it working. The plain ``patient_<WARD>`` form files nothing under a ward.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from bot.services.conversation import Conversations
from bot.settings import Secret
from storage import EntryLinkRecord, Store

PREFIX = "in_"
ROLES = ("staff", "patient")
SIGNATURE_CHARS = 16
_WARD = re.compile(r"[A-Za-z0-9_-]{1,32}")
_TOKEN = re.compile(rf"{PREFIX}([0-9]{{1,9}})_([0-9a-f]{{{SIGNATURE_CHARS}}})")


@dataclass(frozen=True, slots=True)
class Entry:
    """Where a valid link files a reflection."""

    ward: str
    role: str


class EntryLinks:
    """Issue, check, list and revoke ward entry links."""

    def __init__(self, store: Store, secret: Secret) -> None:
        self.store = store
        self._key = hmac.new(secret.reveal().encode(), b"ward entry links", hashlib.sha256).digest()

    @classmethod
    def beside(cls, conversations: Conversations, secret: Secret) -> EntryLinks:
        """Entry links kept in the conversations' own database."""
        return cls(conversations.store, secret)

    def _sign(self, link_id: int, ward: str, role: str) -> str:
        message = f"{link_id}|{ward}|{role}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]

    def token(self, link: EntryLinkRecord) -> str:
        """The ``/start`` payload of ``link`` (letters, digits and ``_`` only; under 64)."""
        return f"{PREFIX}{link.id}_{self._sign(link.id, link.ward, link.role)}"

    def issue(self, ward: str, role: str) -> str:
        """A new link for ``ward`` and ``role``; its payload. ValueError on a bad ward or role."""
        if not _WARD.fullmatch(ward):
            raise ValueError("a ward is 1 to 32 letters, digits, - or _")
        if role not in ROLES:
            raise ValueError(f"the role is one of {', '.join(ROLES)}")
        with self.store.unit() as unit:
            link_id = unit.add_entry_link(ward, role)
            record = unit.entry_link(link_id)
        assert record is not None
        return self.token(record)

    def resolve(self, payload: str) -> Entry | None:
        """The ward and role a payload files under; None if it is not a valid, live link."""
        match = _TOKEN.fullmatch(payload)
        if match is None:
            return None
        link_id, signature = int(match.group(1)), match.group(2)
        with self.store.unit() as unit:
            record = unit.entry_link(link_id)
        if record is None or not record.active:
            return None
        expected = self._sign(record.id, record.ward, record.role)
        if not hmac.compare_digest(expected, signature):
            return None
        return Entry(record.ward, record.role)

    def all(self) -> list[EntryLinkRecord]:
        """Every link ever issued, revoked ones included."""
        with self.store.unit() as unit:
            return unit.entry_links()

    def revoke(self, link_id: int) -> bool:
        """Stop a link working; False when there is no such live link."""
        with self.store.unit() as unit:
            return unit.revoke_entry_link(link_id)


def is_link(payload: str) -> bool:
    """Whether ``payload`` has the shape of an entry link (valid or not)."""
    return payload.startswith(PREFIX)
