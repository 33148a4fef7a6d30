"""Issue 4's check: after full reflections through Telegram with identifiers typed in, no table,
column or log line holds any of them, nor the person's Telegram id, chat, username or name."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import MetaData, select

from bot.channels.telegram import TelegramChannel
from bot.channels.telegram.housekeeping import Housekeeping
from bot.services.reminders import ReminderPolicy
from dialogues import ScriptLibrary
from privacy import Anonymiser
from storage import Store

if TYPE_CHECKING:
    from tests.support.telegram import Bots, Phone

USER_ID = 7_731_904_456  # a private chat's id is the user's id
FIRST, LAST, USERNAME = "Bronwyn", "Featherstonehaugh", "bronwyn_f_1987"
TYPED = {
    "name": ["Priya Raman", "Priya", "Raman", "Okafor", "Tomasz Kowalczyk", "Siobhan Murphy"],
    "phone": ["07700 900123", "07700900123", "+44 7700 900456", "7700 900456"],
    "nhs number": ["943 476 5919", "9434765919"],
    "email": ["jo.bloggs@example.com", "s.murphy@nhs.example.net"],
    "postcode": ["SW1A 1AA"],
}
STAFF = [
    "nurse Priya Raman kept talking to him in a low voice and it slowed things down",
    "the plan was for Dr Okafor to offer time in the garden but the door alarm went off",
    "more staff who knew him, sooner",
    "his brother Tomasz Kowalczyk rang on 07700 900123 and nobody passed it on",
    "the hold was short because the team swapped roles calmly",
    "i wanted to be kind but i was the one holding his arm",
    "probably frightening and humiliating in front of other patients",
    "explain leave delays early and give a time",
]
PATIENT = [
    "i got angry because nobody listened about my phone call",
    "Siobhan Murphy from the night shift stayed calm and said my name quietly",
    "if they had explained things",
    "my nhs number is 943 476 5919 and they still got my meds wrong",
    "if someone talked to me through the door",
    "ring me on +44 7700 900456 or email s.murphy@nhs.example.net",
    "give me space and talk to me first, i live near SW1A 1AA",
    "music and a walk in the garden, or email jo.bloggs@example.com",
]


def needles() -> list[str]:
    """Everything that must not be stored or logged."""
    found = [v for values in TYPED.values() for v in values]
    return [*found, str(USER_ID), FIRST, LAST, USERNAME]


def dump(store: Store) -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every column of every row of every table."""
    metadata = MetaData()
    metadata.reflect(store.engine)
    cells = []
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for column, value in row._mapping.items():
                    cells.append((table.name, str(column), str(value)))
    return cells


def leaks(cells: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for each needle found in a cell."""
    return [
        (table, column, needle)
        for table, column, value in cells
        for needle in needles()
        if needle.casefold() in value.casefold()
    ]


async def reflect(phone: Phone, voice: str, answers: list[str]) -> None:
    """One whole reflection, saved."""
    if voice == "staff":
        await phone.send("/start staff_ward3")
        taps = ["I'm OK, now is fine", "I was involved", "Restraint"]
    else:
        await phone.send("/start")
        taps = [
            "I'm a patient",
            "I'm OK to talk now",
            "It happened to me",
            "I was put in a room alone",
        ]
    if phone.buttons() == ["I agree", "Not now"]:
        await phone.tap("I agree")
    for label in taps:
        await phone.tap(label)
    for answer in answers:
        replies = await phone.send(answer)
    assert "will be saved" in replies[0]
    assert "[name 1]" in replies[0] or "[phone]" in replies[0]
    assert (await phone.tap("Save"))[0].startswith("Saved.")


async def test_no_identifier_is_stored_or_logged(
    bots: Bots,
    store: Store,
    library: ScriptLibrary,
    anonymiser: Anonymiser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from tests.support.telegram import SECRET, Phone, make_conversations, no_sleep

    caplog.set_level(logging.DEBUG)
    conversations = make_conversations(
        store, library, anonymiser=anonymiser, reminders=ReminderPolicy()
    )
    app, api = await bots.start(conversations)
    phone = Phone(
        app,
        api,
        user_id=USER_ID,
        chat_id=USER_ID,
        agreed=False,
        first_name=FIRST,
        last_name=LAST,
        username=USERNAME,
    )
    await reflect(phone, "staff", STAFF)
    await phone.send("/start")
    await phone.tap("I'm a patient")
    await phone.tap("I'm OK to talk now")
    # Mid-reflection, the session and its reminder hold where to reply: sealed, not the id.
    assert leaks(dump(store)) == []
    sealed = [(t, v) for t, c, v in dump(store) if c == "chat_ref" and v != "None"]
    assert {t for t, _ in sealed} == {"sessions", "reminders"}
    assert all(str(USER_ID) not in v for _, v in sealed)
    await phone.send("/stop")
    await reflect(phone, "patient", PATIENT)
    # Follow-up invitations are pending, and their rows hold where to send them: sealed.
    pending = [v for t, c, v in dump(store) if (t, c) == ("reminders", "chat_ref")]
    assert pending and all(str(USER_ID) not in v for v in pending)
    assert leaks(dump(store)) == []
    housekeeping = Housekeeping(TelegramChannel(conversations, SECRET, sleep=no_sleep), 730)
    now = datetime.now(UTC)
    for days in (40, 50, 60):  # one per person per day at most: a few rounds send them all
        await housekeeping.send_reminders(app.bot, now + timedelta(days=days))
    assert any("/start" in t for t in phone.texts(api.named("sendMessage")[-2:]))
    assert leaks(dump(store)) == []
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert [n for n in needles() if n.casefold() in logged.casefold()] == []
