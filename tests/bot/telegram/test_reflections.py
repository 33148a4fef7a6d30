"""Whole reflections through the real PTB Application, offline: buttons, typed answers, saving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import Store
from storage.models import Reflection
from tests.support.telegram import ward_link

if TYPE_CHECKING:
    from tests.support.telegram import Phone

STAFF_ANSWERS = [
    "we kept talking to him in a low voice and it slowed things down",
    "the plan was to offer time in the garden but the door alarm went off",
    "more staff who knew him, sooner",
    "he had been waiting two hours for leave & nobody told him why",
    "the hold was short because the team swapped roles calmly",
    "i wanted to be kind but i was the one holding his arm",
    "probably frightening <and> humiliating in front of other patients",
    "explain leave delays early and give a time",
]
PATIENT_ANSWERS = [
    "i got angry because nobody listened to me about my phone call",
    "one nurse stayed calm and said my name quietly",
    "if they had explained things",
    "i was waiting for ages and the ward was loud",
    "if someone talked to me through the door",
    "a bit of both",
    "give me space and talk to me first",
    "music and a walk in the garden",
]


def saved(store: Store) -> list[Reflection]:
    """Reflections in the database, oldest first."""
    with Session(store.engine) as session:
        return list(session.scalars(select(Reflection).order_by(Reflection.id)))


def count_saved(store: Store) -> int:
    """How many reflections are stored."""
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Reflection)) or 0)


async def test_staff_reflection_with_buttons_and_typed_answers(phone: Phone, store: Store) -> None:
    replies = await phone.send(f"/start {ward_link(store, 'ward3', 'staff')}")
    assert "are you hurt" in replies[0]
    assert phone.buttons()[:3] == ["I'm OK, now is fine", "I've been hurt", "Not now"]
    await phone.tap("I'm OK, now is fine")
    edit = next(c for c in phone.last if c.method == "editMessageText")
    assert edit.params["text"].endswith("✓ I'm OK, now is fine")
    assert "reply_markup" not in edit.params  # the keyboard is gone
    await phone.tap("I was involved")
    replies = await phone.tap("Restraint")
    assert "what helped" in replies[0]
    for answer in STAFF_ANSWERS:
        replies = await phone.send(answer)
    assert "everything that will be saved" in replies[0]
    # Typed text comes back escaped for Telegram HTML.
    assert "&amp; nobody told him" in replies[0]
    assert "&lt;and&gt;" in replies[0]
    replies = await phone.tap("Save")
    assert replies[0].startswith("Saved.")
    rows = saved(store)
    assert len(rows) == 8
    assert {r.voice for r in rows} == {"staff"}
    assert {r.ward for r in rows} == {"ward3"}
    assert {r.intervention for r in rows} == {"restraint"}
    assert "& nobody told him" in rows[3].text.text


async def test_patient_reflection_from_the_chooser(phone: Phone, store: Store) -> None:
    replies = await phone.send("/start")
    assert "staff, or a patient" in replies[0]
    replies = await phone.tap("I'm a patient")
    assert "Hello." in replies[0]
    await phone.tap("I'm OK to talk now")
    await phone.tap("It happened to me")
    await phone.tap("I was put in a room alone")
    for answer in PATIENT_ANSWERS:
        replies = await phone.send(answer)
    assert "what will be saved" in replies[0]
    replies = await phone.tap("Save")
    assert replies[0].startswith("Saved.")
    rows = saved(store)
    assert len(rows) == 8
    assert {r.voice for r in rows} == {"patient"}
    assert {r.ward for r in rows} == {None}
    assert rows[0].text.text == PATIENT_ANSWERS[0]
