"""Team leads: enrolment with one-time codes, and the wards each lead may review."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.services.conversation import Conversations
from storage import LeadRecord, PendingInvite, Store

# Unambiguous characters only: a lead may read the code off a screen or a printout.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def _hash(code: str) -> str:
    normalised = "".join(code.split()).upper().replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


class Leads:
    """Who may see which wards' themes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @classmethod
    def beside(cls, conversations: Conversations) -> Leads:
        """Leads kept in the conversations' own database."""
        return cls(conversations.store)

    def invite(self, wards: Sequence[str], days: int = 7) -> str:
        """A one-time code granting ``wards`` for ``days`` days; only its hash is kept."""
        cleaned = sorted({w.strip() for w in wards if w.strip()})
        if not cleaned:
            raise ValueError("name at least one ward")
        code = "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))
        expires = datetime.now(UTC).date() + timedelta(days=days)
        with self.store.unit() as unit:
            unit.add_lead_invite(_hash(code), cleaned, expires)
        return f"{code[:5]}-{code[5:]}"

    def enrol(self, key: str, code: str) -> tuple[str, ...] | None:
        """Redeem ``code`` for the person with pseudonymous ``key``; their wards, or ``None``."""
        with self.store.unit() as unit:
            return unit.redeem_lead_invite(_hash(code), key)

    def wards_for(self, key: str) -> tuple[str, ...] | None:
        """The wards a lead may review; ``None`` for anyone who is not a lead."""
        with self.store.unit() as unit:
            return unit.lead_wards(key)

    def all(self) -> list[LeadRecord]:
        """Every lead (no identity: id, wards, date enrolled)."""
        with self.store.unit() as unit:
            return unit.leads()

    def pending(self) -> list[PendingInvite]:
        """Codes not used yet: wards and expiry only (the codes themselves are not kept)."""
        with self.store.unit() as unit:
            return unit.pending_invites()

    def remove(self, lead_id: int) -> bool:
        """Withdraw a lead's access."""
        with self.store.unit() as unit:
            return unit.remove_lead(lead_id)
