"""Actions: what a ward decided to try, and how it went."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from privacy import AnonymisedText
from storage.models import Action
from storage.transaction import Transaction, today


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One action as callers outside storage see it (text and outcome already anonymised)."""

    id: int
    ward: str
    text: str
    idea_id: str | None
    theme: str | None
    owner_role: str
    due_on: date | None
    status: str
    outcome: str | None
    created_on: date
    updated_on: date
    started_on: date | None = None  # first moved to trying or done; None: not yet (or unknown)

    @property
    def start_day(self) -> date:
        """The day the report splits before from after: its start, else the day recorded."""
        return self.started_on or self.created_on


# Moving to one of these starts an action; its first start day is kept.
STARTED = frozenset({"trying", "done"})


@dataclass(frozen=True, slots=True)
class NewAction:
    """What an action is recorded with; free text only as :class:`AnonymisedText`."""

    ward: str
    text: AnonymisedText
    owner_role: str
    idea_id: str | None = None
    theme: str | None = None
    due_on: date | None = None
    status: str = "planned"


def _record(row: Action) -> ActionRecord:
    return ActionRecord(
        id=row.id,
        ward=row.ward,
        text=row.text.text,
        idea_id=row.idea_id,
        theme=row.theme,
        owner_role=row.owner_role,
        due_on=row.due_on,
        status=row.status,
        outcome=row.outcome.text if row.outcome is not None else None,
        created_on=row.created_on,
        updated_on=row.updated_on,
        started_on=row.started_on,
    )


class ActionRepository(Transaction):
    """The action operations of a unit of work."""

    def add_action(self, new: NewAction) -> ActionRecord:
        """A new action row, as stored."""
        day = today()
        row = Action(
            ward=new.ward,
            text=new.text,
            idea_id=new.idea_id,
            theme=new.theme,
            owner_role=new.owner_role,
            due_on=new.due_on,
            status=new.status,
            created_on=day,
            updated_on=day,
            started_on=day if new.status in STARTED else None,
        )
        self.orm.add(row)
        self.orm.flush()
        return _record(row)

    def action(self, action_id: int) -> ActionRecord | None:
        """The action with ``action_id``, or None."""
        row = self.orm.get(Action, action_id)
        return _record(row) if row is not None else None

    def actions(self, wards: Collection[str] | None = None) -> list[ActionRecord]:
        """Every action (only ``wards`` when given), oldest first."""
        query = select(Action).order_by(Action.id)
        if wards is not None:
            query = query.where(Action.ward.in_(sorted(wards)))
        return [_record(r) for r in self.orm.scalars(query)]

    def update_action(
        self, action_id: int, status: str, outcome: AnonymisedText | None
    ) -> ActionRecord | None:
        """Set an action's status (and outcome, when given); None if there is no such action.
        The first move to trying or done dates the action's start; later moves keep it."""
        row = self.orm.get(Action, action_id)
        if row is None:
            return None
        row.status = status
        if status in STARTED and row.started_on is None:
            row.started_on = today()
        if outcome is not None:
            row.outcome = outcome
        row.updated_on = today()
        self.orm.flush()
        return _record(row)
