"""Team leads and their one-time enrolment codes (kept as hashes only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from storage.models import Lead, LeadInvite
from storage.transaction import Transaction, today


@dataclass(frozen=True, slots=True)
class LeadRecord:
    """A team lead as an administrator sees them: no identity, only wards."""

    id: int
    wards: tuple[str, ...]
    created_on: date


@dataclass(frozen=True, slots=True)
class PendingInvite:
    """A code not used yet: its wards and the day it expires, never the code."""

    wards: tuple[str, ...]
    expires_on: date


class LeadRepository(Transaction):
    """The team-lead operations of a unit of work."""

    def add_lead_invite(self, code_hash: str, wards: Sequence[str], expires_on: date) -> None:
        """Keep a one-time enrolment code (its hash only) for ``wards``."""
        self.orm.add(LeadInvite(code_hash=code_hash, wards=list(wards), expires_on=expires_on))

    def redeem_lead_invite(self, code_hash: str, key: str) -> tuple[str, ...] | None:
        """Use a code once: the lead with ``key`` gains its wards; ``None`` if invalid."""
        query = select(LeadInvite).where(LeadInvite.code_hash == code_hash)
        if self.locks_rows:
            query = query.with_for_update()
        invite = self.orm.scalar(query)
        if invite is None or invite.used or invite.expires_on < today():
            return None
        invite.used = True
        lead = self.orm.scalar(select(Lead).where(Lead.key == key))
        if lead is None:
            lead = Lead(key=key, wards=[], created_on=today())
            self.orm.add(lead)
        lead.wards = sorted(set(lead.wards) | set(invite.wards))
        return tuple(lead.wards)

    def lead_wards(self, key: str) -> tuple[str, ...] | None:
        """The wards the lead with ``key`` may review; ``None`` if not a lead."""
        lead = self.orm.scalar(select(Lead).where(Lead.key == key))
        return None if lead is None else tuple(lead.wards)

    def leads(self) -> list[LeadRecord]:
        """Every lead, without identity."""
        rows = self.orm.scalars(select(Lead).order_by(Lead.id)).all()
        return [LeadRecord(r.id, tuple(r.wards), r.created_on) for r in rows]

    def pending_invites(self) -> list[PendingInvite]:
        """Codes still waiting to be used and not expired, soonest to expire first."""
        query = (
            select(LeadInvite)
            .where(LeadInvite.used.is_(False), LeadInvite.expires_on >= today())
            .order_by(LeadInvite.expires_on, LeadInvite.id)
        )
        return [PendingInvite(tuple(r.wards), r.expires_on) for r in self.orm.scalars(query)]

    def remove_lead(self, lead_id: int) -> bool:
        """Remove a lead's access; ``False`` if there was none."""
        lead = self.orm.get(Lead, lead_id)
        if lead is None:
            return False
        self.orm.delete(lead)
        return True
