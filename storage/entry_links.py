"""Ward entry links: the rows behind the signed links the organisation hands out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from storage.models import EntryLink
from storage.transaction import Transaction, today


@dataclass(frozen=True, slots=True)
class EntryLinkRecord:
    """One issued link: which ward and role it files under, and whether it still works."""

    id: int
    ward: str
    role: str
    created_on: date
    revoked_on: date | None

    @property
    def active(self) -> bool:
        """Whether the link still files reflections under its ward."""
        return self.revoked_on is None


def _record(row: EntryLink) -> EntryLinkRecord:
    return EntryLinkRecord(row.id, row.ward, row.role, row.created_on, row.revoked_on)


class EntryLinkRepository(Transaction):
    """The entry-link operations of a unit of work."""

    def add_entry_link(self, ward: str, role: str) -> int:
        """A new link row; its id."""
        row = EntryLink(ward=ward, role=role, created_on=today())
        self.orm.add(row)
        self.orm.flush()
        return row.id

    def entry_link(self, link_id: int) -> EntryLinkRecord | None:
        """The link with ``link_id``, or None."""
        row = self.orm.get(EntryLink, link_id)
        return _record(row) if row is not None else None

    def entry_links(self) -> list[EntryLinkRecord]:
        """Every link, oldest first."""
        rows = self.orm.scalars(select(EntryLink).order_by(EntryLink.id))
        return [_record(r) for r in rows]

    def revoke_entry_link(self, link_id: int) -> bool:
        """Stop a link working; False if there is no such link or it was revoked already."""
        row = self.orm.get(EntryLink, link_id)
        if row is None or row.revoked_on is not None:
            return False
        row.revoked_on = today()
        return True
