"""The actions table: anonymised text only, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.exc import StatementError

from privacy import BasicAnonymiser
from storage import NewAction, Store
from storage.models import Action


def test_actions_round_trip_and_refuse_raw_text(store: Store) -> None:
    clean = BasicAnonymiser().anonymise("Debrief within a day")
    with store.unit() as unit:
        added = unit.add_action(NewAction("ward_a", clean, "matron", "abc123", "staffing"))
        unit.add_action(NewAction("ward_b", clean, "team", due_on=date(2030, 1, 1)))
    assert added.status == "planned" and added.text == "Debrief within a day"
    with store.unit() as unit:
        assert [a.id for a in unit.actions({"ward_b"})] == [2]
        done = unit.update_action(1, "done", BasicAnonymiser().anonymise("Calmer"))
        assert done is not None and done.outcome == "Calmer" and done.status == "done"
        assert unit.update_action(99, "done", None) is None
    with pytest.raises(StatementError, match="AnonymisedText"), store.unit() as unit:
        unit.add_action(NewAction("ward_a", "raw text", "team"))  # type: ignore[arg-type]


def test_the_first_move_to_trying_or_done_dates_the_start(store: Store) -> None:
    clean = BasicAnonymiser().anonymise("Debrief within a day")
    with store.unit() as unit:
        added = unit.add_action(NewAction("ward_a", clean, "team", theme="staffing"))
        assert added.started_on is None and added.start_day == added.created_on
        unit.update_action(added.id, "planned", None)
        assert (unit.action(added.id) or added).started_on is None
        trying = unit.update_action(added.id, "trying", None)
        assert trying is not None and trying.started_on == trying.updated_on
    with store.engine.begin() as connection:  # as if it started a month ago
        connection.execute(
            Action.__table__.update().values(started_on=date(2026, 1, 5))  # type: ignore[attr-defined]
        )
    with store.unit() as unit:
        done = unit.update_action(added.id, "done", None)
        assert done is not None and done.started_on == date(2026, 1, 5)  # kept, not moved
        assert done.start_day == date(2026, 1, 5)
