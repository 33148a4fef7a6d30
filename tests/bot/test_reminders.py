"""Reminders and follow-ups: rows in the database, claimed once, never pestering."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.conversation import Conversations
from bot.services.reminders import ReminderPolicy
from dialogues import Command, Engine, ScriptLibrary, UserInput
from storage import Store
from tests.support.safety import real_safeguard

POLICY = ReminderPolicy()


@pytest.fixture
def service(store: Store, library: ScriptLibrary, engine: Engine) -> Conversations:
    return Conversations(
        store, library, engine, "telegram", safeguard=real_safeguard(), reminders=POLICY
    )


def _pending(store: Store) -> list[str]:
    with store.unit() as unit:
        return [kind for kind, _ in unit.pending_reminders()]


def test_a_paused_reflection_gets_one_gentle_reminder(service: Conversations, store: Store) -> None:
    service.start("p" * 64, "staff", chat_ref="1001")
    service.take_turn("p" * 64, UserInput.control(Command.PAUSE), chat_ref="1001")
    assert _pending(store) == ["resume"]
    now = datetime.now(UTC)
    assert service.delivery.claim_reminders(now + timedelta(hours=23)) == []
    (due,) = service.delivery.claim_reminders(now + timedelta(hours=25))
    assert (due.kind, due.chat_ref) == ("resume", "1001")
    assert service.delivery.claim_reminders(now + timedelta(hours=60)) == []


def test_saving_replaces_the_reminder_with_follow_ups(service: Conversations, store: Store) -> None:
    key = "q" * 64
    service.start(key, "patient", chat_ref="1002")
    for given in (UserInput.tapped("ok_now"), UserInput.tapped("involved")):
        service.take_turn(key, given, chat_ref="1002")
    service.take_turn(key, UserInput.tapped("other"), chat_ref="1002")
    service.take_turn(key, UserInput.typed("the music helped"), chat_ref="1002")
    service.take_turn(key, UserInput.control(Command.STOP), chat_ref="1002")
    service.take_turn(key, UserInput.tapped("_save"), chat_ref="1002")
    assert _pending(store) == ["followup_72h", "followup_720h"]
    now = datetime.now(UTC)
    (first,) = service.delivery.claim_reminders(now + timedelta(hours=73))
    assert first.kind == "followup_72h" and first.session_id is None


def test_never_more_than_one_per_person_per_period(service: Conversations, store: Store) -> None:
    key = "r" * 64
    service.start(key, "staff", chat_ref="1003")
    with store.unit() as unit:
        participant = unit.participant(key)
        soon = datetime.now(UTC) + timedelta(hours=1)
        unit.schedule_reminder(participant.id, "telegram", "followup_72h", "1003", soon)
        unit.schedule_reminder(participant.id, "telegram", "followup_720h", "1003", soon)
    later = datetime.now(UTC) + timedelta(hours=2)
    assert len(service.delivery.claim_reminders(later)) == 1
    assert service.delivery.claim_reminders(later) == []
    assert len(service.delivery.claim_reminders(later + timedelta(hours=25))) == 1


def test_stop_turns_them_off_and_a_new_start_turns_them_on(
    service: Conversations, store: Store
) -> None:
    key = "s" * 64
    service.start(key, "staff", chat_ref="1004")
    service.stop_reminders(key)
    assert _pending(store) == []
    assert service.delivery.claim_reminders(datetime.now(UTC) + timedelta(days=40)) == []
    service.start(key, "staff", chat_ref="1004")
    assert _pending(store) == ["resume"]


def test_no_chat_no_reminder(store: Store, library: ScriptLibrary, engine: Engine) -> None:
    terminal = Conversations(
        store, library, engine, "terminal", safeguard=real_safeguard(), reminders=POLICY
    )
    terminal.start("t" * 64, "staff")
    terminal.take_turn("t" * 64, UserInput.control(Command.PAUSE))
    assert _pending(store) == []


def test_workers_claiming_at_once_share_the_reminders_out_once(
    service: Conversations, store: Store
) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=1)
    with store.unit() as unit:
        for n in range(40):
            participant = unit.participant(f"{n:064d}")
            unit.schedule_reminder(participant.id, "telegram", "followup_72h", str(n), soon)
    later = soon + timedelta(minutes=5)
    with ThreadPoolExecutor(max_workers=4) as pool:
        batches = list(
            pool.map(lambda _: service.delivery.claim_reminders(later, limit=7), range(12))
        )
    claimed = [due.chat_ref for batch in batches for due in batch]
    assert sorted(claimed, key=int) == [str(n) for n in range(40)]


def test_policy_reads_its_settings() -> None:
    from bot.settings import SettingsError, load_settings

    settings = load_settings({"REFLECT_FOLLOWUP_HOURS": "48, 336"}, None)
    assert ReminderPolicy.from_settings(settings).followups == (
        timedelta(hours=48),
        timedelta(hours=336),
    )
    with pytest.raises(SettingsError, match="REFLECT_FOLLOWUP_HOURS"):
        ReminderPolicy.from_settings(load_settings({"REFLECT_FOLLOWUP_HOURS": "soon"}, None))
