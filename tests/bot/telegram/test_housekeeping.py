"""Reminders sent through the real Application, /stop turning them off, and the daily purge."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram.housekeeping import Housekeeping, install
from bot.services.conversation import Conversations
from bot.services.reminders import ReminderPolicy
from dialogues import ScriptLibrary
from storage import Store
from storage.models import Reflection
from tests.bot.telegram.test_consent import count
from tests.bot.telegram.test_reflections import STAFF_ANSWERS

if TYPE_CHECKING:
    from telegram import Bot

    from tests.support.telegram import Bots, Phone


def later(hours: float = 25) -> datetime:
    """A moment ``hours`` from now."""
    return datetime.now(UTC) + timedelta(hours=hours)


@pytest.fixture
def reminding(store: Store, library: ScriptLibrary) -> Conversations:
    """Telegram conversations with the default reminder policy."""
    from tests.support.telegram import make_conversations

    return make_conversations(store, library, reminders=ReminderPolicy())


@pytest.fixture
async def setup(bots: Bots, reminding: Conversations) -> tuple[Phone, Housekeeping]:
    """A phone on a bot with reminders, and the housekeeping of that bot."""
    from tests.support.telegram import SECRET, Phone, no_sleep

    app, api = await bots.start(reminding)
    channel = TelegramChannel(reminding, SECRET, sleep=no_sleep)
    return Phone(app, api), Housekeeping(channel, retention_days=30)


def pending(store: Store) -> list[str]:
    """Kinds of reminders waiting to be sent."""
    with store.unit() as unit:
        return [kind for kind, _ in unit.pending_reminders()]


async def save_one(phone: Phone) -> None:
    """A whole staff reflection, saved (without /stop, which would turn follow-ups off)."""
    await phone.send("/start staff")
    for label in ("I'm OK, now is fine", "I was involved", "Restraint"):
        await phone.tap(label)
    for answer in STAFF_ANSWERS:
        await phone.send(answer)
    await phone.tap("Save")


async def test_a_due_reminder_is_sent_once(setup: tuple[Phone, Housekeeping]) -> None:
    phone, housekeeping = setup
    await phone.send("/start staff")
    await phone.send("/pause")
    bot = phone.app.bot
    assert await housekeeping.send_reminders(bot, datetime.now(UTC)) == 0
    start = len(phone.api.calls)
    assert await housekeeping.send_reminders(bot, later()) == 1
    [text] = phone.texts(phone.api.since(start))
    assert "/resume" in text and "/stop" in text
    assert phone.api.calls[-1].params["chat_id"] == phone.chat_id
    assert await housekeeping.send_reminders(bot, later(25 + 3 * 24)) == 0


async def test_stop_turns_reminders_off(setup: tuple[Phone, Housekeeping], store: Store) -> None:
    phone, housekeeping = setup
    await save_one(phone)
    assert pending(store) == ["followup_72h", "followup_720h"]
    [reply] = await phone.send("/stop")
    assert "Reminders are off" in reply
    assert pending(store) == []
    assert await housekeeping.send_reminders(phone.app.bot, later(40 * 24)) == 0
    # Stopping mid-reflection turns them off too; starting again turns them back on.
    await phone.send("/start staff")
    assert pending(store) == ["resume"]
    await phone.send("/stop")
    assert pending(store) == []


async def test_followup_invitation_text(setup: tuple[Phone, Housekeeping]) -> None:
    phone, housekeeping = setup
    await save_one(phone)
    start = len(phone.api.calls)
    assert await housekeeping.send_reminders(phone.app.bot, later(25 + 48)) == 1
    [text] = phone.texts(phone.api.since(start))
    assert "about 3 days since you reflected" in text and "/start" in text


async def test_purge_deletes_old_reflections(
    setup: tuple[Phone, Housekeeping], store: Store
) -> None:
    phone, housekeeping = setup
    await save_one(phone)
    kept = await housekeeping.purge(date.today() + timedelta(days=29))
    assert kept.reflections == 0 and count(store, Reflection) == len(STAFF_ANSWERS)
    gone = await housekeeping.purge(date.today() + timedelta(days=31))
    assert gone.reflections == len(STAFF_ANSWERS) and count(store, Reflection) == 0
    assert housekeeping.purged_on == date.today() + timedelta(days=31)


async def test_a_tick_purges_once_a_day(setup: tuple[Phone, Housekeeping]) -> None:
    phone, housekeeping = setup
    days = iter([datetime(2030, 1, 1, 9, tzinfo=UTC), datetime(2030, 1, 1, 10, tzinfo=UTC)])
    housekeeping.clock = lambda: next(days)
    await housekeeping.tick(phone.app.bot)
    assert housekeeping.purged_on == date(2030, 1, 1)
    housekeeping.purged_on = date(2029, 12, 31)
    await housekeeping.tick(phone.app.bot)
    assert housekeeping.purged_on == date(2030, 1, 1)


class Started(Housekeeping):
    """Housekeeping that only says it started, then waits to be cancelled."""

    began: asyncio.Event

    async def run(self, bot: Bot, sleep: object = None) -> None:
        """Signal, then wait forever."""
        self.began.set()
        await asyncio.Event().wait()


async def test_runs_with_the_application_and_stops_with_it(
    setup: tuple[Phone, Housekeeping],
) -> None:
    phone, housekeeping = setup
    started = Started(housekeeping.channel, 30)
    started.began = asyncio.Event()
    install(phone.app, started)
    assert phone.app.post_init is not None and phone.app.post_stop is not None
    await phone.app.post_init(phone.app)
    await started.began.wait()
    assert phone.api.named("setMyCommands")  # the menu is still set first
    await phone.app.post_stop(phone.app)
