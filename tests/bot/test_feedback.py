"""The "you said, we did" messages below the channel: contacts kept per ward, sends claimed
once across workers (PostgreSQL too), one a day per person, erased on time; and
``reflect actions update``."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_store
from bot.cli import main
from bot.services.actions import Actions
from bot.services.reports import Reviews
from bot.services.wards import EntryLinks
from bot.settings import Secret, load_settings
from privacy import BasicAnonymiser
from storage import Store
from storage.models import FeedbackContact
from tests.bot.test_ideas_cli import server  # noqa: F401  # the fixture

WARDS = {"ward_a", "ward_b"}


def today() -> date:
    """Today, as storage dates things (UTC)."""
    return datetime.now(UTC).date()


def contacts(store: Store, ward: str, people: int, *, day: date | None = None) -> list[int]:
    """``people`` participants who reflected on ``ward``: their sealed address is their number."""
    ids = []
    with store.unit() as unit:
        for n in range(people):
            participant = unit.participant(f"{ward}-{n}".ljust(64, "x"))
            unit.note_reflector(participant.id, ward, "telegram", str(n), day or today())
            ids.append(participant.id)
    return ids


def actions_on(store: Store, days: int = 90) -> Actions:
    """The actions service on ``store``, with REFLECT_FEEDBACK_DAYS = ``days``."""
    return Actions(store, BasicAnonymiser().anonymise, Reviews(store), feedback_days=days)


def claim(store: Store, day: date, limit: int = 50) -> list[str]:
    """Chat addresses claimed on ``day`` (what the bot would send)."""
    with store.unit() as unit:
        return [due.chat_ref for due in unit.claim_feedback(day, day - timedelta(days=90), limit)]


def test_workers_claiming_at_once_send_each_person_one_message(store: Store) -> None:
    contacts(store, "ward_a", 40)
    actions = actions_on(store)
    first = actions.add("ward_a", "Debrief within a day", allowed=WARDS)
    second = actions.add("ward_a", "Quiet room open every evening", allowed=WARDS)
    actions.update(first.id, "trying")
    actions.update(second.id, "done")
    with ThreadPoolExecutor(max_workers=4) as pool:
        batches = list(pool.map(lambda _: claim(store, today(), limit=7), range(16)))
    claimed = [ref for batch in batches for ref in batch]
    # Everyone once today, though two actions moved: the second waits for tomorrow.
    assert sorted(claimed, key=int) == [str(n) for n in range(40)]
    with store.unit() as unit:
        assert {due for _, due in unit.pending_feedback()} == {today() + timedelta(days=1)}
    assert claim(store, today()) == []
    tomorrow = today() + timedelta(days=1)
    with ThreadPoolExecutor(max_workers=4) as pool:
        batches = list(pool.map(lambda _: claim(store, tomorrow, limit=7), range(16)))
    assert sorted((r for b in batches for r in b), key=int) == [str(n) for n in range(40)]
    assert claim(store, tomorrow + timedelta(days=1)) == []


def test_only_recent_reflections_on_that_ward_count(store: Store) -> None:
    contacts(store, "ward_a", 2)
    contacts(store, "ward_b", 3)
    old = today() - timedelta(days=31)
    with store.unit() as unit:
        participant = unit.participant("old".ljust(64, "x"))
        unit.note_reflector(participant.id, "ward_a", "telegram", "99", old)
    actions = actions_on(store, days=30)
    action = actions.add("ward_a", "Debrief within a day", allowed=WARDS)
    actions.update(action.id, "trying")
    assert actions.waiting(action.id) == 2
    # Planned and dropped tell nobody; the same status twice queues nothing more.
    actions.update(action.id, "dropped")
    actions.update(action.id, "trying")
    assert actions.waiting(action.id) == 2
    assert sorted(claim(store, today())) == ["0", "1"]


def test_stop_and_purge_erase_the_addresses(store: Store) -> None:
    [kept, stopped, old] = contacts(store, "ward_a", 3)
    with store.unit() as unit:
        unit.drop_feedback(stopped)
        unit.note_reflector(old, "ward_a", "telegram", "2", today() - timedelta(days=91))
    action = actions_on(store).add("ward_a", "Debrief within a day", allowed=WARDS)
    actions_on(store).update(action.id, "done")
    with store.unit() as unit:
        assert unit.purge_feedback(today() - timedelta(days=90)) == 1
        assert [c.participant_id for c in unit.orm.query(FeedbackContact)] == [kept]
    assert claim(store, today()) == ["0"]


def test_reflect_actions_update_says_who_will_hear(
    server: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = build_store(load_settings())
    EntryLinks(store, Secret("k" * 64)).issue("ward_a", "staff")
    contacts(store, "ward_a", 3)
    capsys.readouterr()
    assert main(["actions", "add", "--ward", "ward_a", "--text", "Debrief within a day"]) == 0
    capsys.readouterr()
    assert main(["actions", "update", "1", "--status", "trying"]) == 0
    out = capsys.readouterr().out
    assert "Action 1 is now trying." in out
    assert '"You said, we did": 3 people who reflected on ward_a in the last 90 days' in out
    assert main(["actions", "update", "1", "--status", "dropped"]) == 0
    assert "You said, we did" not in capsys.readouterr().out
