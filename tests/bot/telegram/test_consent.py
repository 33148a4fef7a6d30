"""Consent first and erasure on request, through the real PTB Application offline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import Store
from storage.models import DialogueSession, Participant, ProcessedUpdate, Reflection
from tests.support.telegram import ward_link

if TYPE_CHECKING:
    from tests.support.telegram import Phone

AGREE, NOT_NOW = "I agree", "Not now"
FIRST_STAFF = "I'm OK, now is fine"
STICKER = {
    "sticker": {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
}


def count(store: Store, model: type[Any]) -> int:
    """Rows in ``model``'s table."""
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def stored_rows(store: Store) -> int:
    """Every row a person's contact could have created."""
    return sum(count(store, m) for m in (Participant, DialogueSession, ProcessedUpdate))


async def save_one_staff_reflection(phone: Phone, answer: str) -> None:
    """A short staff reflection, saved."""
    await phone.send("/start staff_ward3")
    for label in (FIRST_STAFF, "I was involved", "Restraint"):
        await phone.tap(label)
    await phone.send(answer)
    await phone.send("/stop")
    await phone.tap("Save")


async def test_first_start_stores_nothing_until_agreed(newcomer: Phone, store: Store) -> None:
    # The ward's entry link rides through the notice and files the reflection once agreed.
    [notice] = await newcomer.send(f"/start {ward_link(store, 'ward3', 'staff')}")
    assert "Telegram keeps this chat" in notice and "/forget" in notice
    assert "never see names" in notice and "/stop turns reminders and those messages off" in notice
    assert "tell you what the ward changed" in notice
    assert newcomer.buttons() == [AGREE, NOT_NOW]
    first = newcomer.message_with(AGREE)
    data = first["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= 64
    # Whatever else they send first, they see the notice again and nothing is kept.
    for text in ("hello, my name is Synthetic", "/help", "/resume"):
        assert "Nothing is kept until" in (await newcomer.send(text))[0]
    await newcomer.deliver({"update_id": 90_001, "message": newcomer.message(**STICKER)})
    assert newcomer.buttons() == [AGREE, NOT_NOW]
    assert stored_rows(store) == 0
    await newcomer.deliver(newcomer.press(first, data))  # "I agree" on the first notice
    assert "are you hurt" in newcomer.texts()[0]  # the deep link went straight to staff
    assert count(store, Participant) == 1
    with Session(store.engine) as session:
        [row] = session.scalars(select(DialogueSession))
        [person] = session.scalars(select(Participant))
    assert (row.script_id, row.ward) == ("staff", "ward3")  # the link's ward and role
    assert person.consented_on is not None


async def test_agreeing_without_a_deep_link_asks_staff_or_patient(
    newcomer: Phone, store: Store
) -> None:
    await newcomer.send("hello")
    replies = await newcomer.tap(AGREE)
    assert "staff, or a patient" in replies[-1]
    assert count(store, DialogueSession) == 0


async def test_declining_stores_nothing(newcomer: Phone, store: Store) -> None:
    await newcomer.send("/start patient_ward9")
    replies = await newcomer.tap(NOT_NOW)
    assert "Nothing has been kept" in replies[0]
    assert stored_rows(store) == 0
    # Asking again later still shows the notice.
    await newcomer.send("/start")
    assert newcomer.buttons() == [AGREE, NOT_NOW]
    assert stored_rows(store) == 0


async def test_privacy_any_time(newcomer: Phone, phone: Phone, store: Store) -> None:
    await newcomer.send("/privacy")
    assert newcomer.buttons() == [AGREE, NOT_NOW]
    assert count(store, Participant) == 1  # only the phone's, who agreed earlier
    [text] = await phone.send("/privacy")
    assert "Telegram keeps this chat" in text and "Nothing is kept until" not in text
    assert phone.buttons() == []


async def test_a_double_tap_on_agree_starts_once(newcomer: Phone, store: Store) -> None:
    await newcomer.send("/start staff")
    await newcomer.tap(AGREE, times=2)
    assert count(store, DialogueSession) == 1
    assert [a.params.get("text") for a in newcomer.answers()][1] == "Already noted"


async def test_forget_erases_that_person_only(phone: Phone, store: Store) -> None:
    other = type(phone)(phone.app, phone.api, user_id=5151, chat_id=5151, updates=phone.updates)
    await save_one_staff_reflection(phone, "the quiet room helped a little")
    await save_one_staff_reflection(other, "talking slowly helped")
    await phone.send("/start staff")  # and one in progress
    assert count(store, Reflection) == 2
    replies = await phone.send("/forget")
    assert "cannot be undone" in replies[0]
    assert phone.buttons() == ["Yes, delete everything", "No, keep it"]
    replies = await phone.tap("No, keep it")
    assert "nothing has been deleted" in replies[0]
    assert count(store, Reflection) == 2
    await phone.send("/forget")
    replies = await phone.tap("Yes, delete everything")
    assert "1 saved answer was deleted" in replies[0]
    assert count(store, Reflection) == 1 and count(store, Participant) == 1
    assert count(store, DialogueSession) == 1
    with Session(store.engine) as session:
        [kept] = session.scalars(select(Reflection))
    assert kept.text.text == "talking slowly helped"
    # Forgotten means a newcomer again: the notice comes first.
    await phone.send("/start")
    assert phone.buttons() == [AGREE, NOT_NOW]
    assert "nothing to delete" in (await phone.send("/forget"))[0]
