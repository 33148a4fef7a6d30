"""Telegram manners: deep links, the command menu, commands, non-text input, edits, limits."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.channels.telegram.handlers.answers import TYPING_FROM_CHARS
from bot.services.wards import EntryLinks
from storage import Store
from storage.models import DialogueSession, Participant, Reflection
from tests.support.telegram import SECRET, Phone, ward_link

FIRST_STAFF = "I'm OK, now is fine"


def count(store: Store, model: type[Any]) -> int:
    """Rows of ``model`` in the database."""
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def sessions(store: Store) -> list[DialogueSession]:
    """Every session row."""
    with Session(store.engine) as session:
        return list(session.scalars(select(DialogueSession).order_by(DialogueSession.id)))


async def test_an_entry_link_files_under_its_ward_as_its_role(phone: Phone, store: Store) -> None:
    replies = await phone.send(f"/start {ward_link(store, 'B-7', 'staff')}")
    assert "are you hurt" in replies[0]
    [row] = sessions(store)
    assert (row.script_id, row.ward) == ("staff", "B-7")


async def test_a_plain_ward_link_files_under_no_ward(phone: Phone, store: Store) -> None:
    # Anyone can type "patient_B-7": it starts a patient reflection, filed under no ward.
    await phone.send("/start patient_B-7")
    [row] = sessions(store)
    assert (row.script_id, row.ward) == ("patient", None)


async def test_an_altered_or_revoked_link_says_so_and_files_nothing_under_a_ward(
    phone: Phone, store: Store
) -> None:
    genuine = ward_link(store, "B-7", "patient")
    forged = genuine[:-1] + ("0" if genuine[-1] != "0" else "1")
    replies = await phone.send(f"/start {forged}")
    assert "no longer works" in replies[0]
    assert "staff, or a patient" in replies[-1]  # nothing lost: they can still reflect
    await phone.tap("I'm a patient")
    links = EntryLinks(store, SECRET)
    [issued] = links.all()
    assert links.revoke(issued.id)
    other = Phone(phone.app, phone.api, user_id=5151, chat_id=5151, updates=itertools.count(900))
    replies = await other.send(f"/start {genuine}")
    assert "no longer works" in replies[0]
    assert [row.ward for row in sessions(store)] == [None]


async def test_voice_deep_link_without_ward(phone: Phone, store: Store) -> None:
    replies = await phone.send("/start patient")
    assert replies[0].startswith("Hello.")
    [row] = sessions(store)
    assert (row.script_id, row.ward) == ("patient", None)


async def test_unknown_payload_falls_back_to_the_chooser(phone: Phone, store: Store) -> None:
    replies = await phone.send("/start something_odd!")
    assert "staff, or a patient" in replies[0]
    assert count(store, DialogueSession) == 0


async def test_command_menu_is_set_on_start(phone: Phone) -> None:
    assert phone.app.post_init is not None
    await phone.app.post_init(phone.app)
    [call] = phone.api.named("setMyCommands")
    names = [c["command"] for c in call.params["commands"]]
    assert names == [
        "start",
        "help",
        "pause",
        "resume",
        "skip",
        "back",
        "stop",
        "privacy",
        "forget",
    ]


async def test_start_while_answers_exist_offers_to_resume(phone: Phone, store: Store) -> None:
    await phone.send("/start staff")
    for label in (FIRST_STAFF, "I was involved", "Restraint"):
        await phone.tap(label)
    await phone.send("we kept our voices low")
    replies = await phone.send("/start")
    assert "1 answer so far" in replies[0]
    replies = await phone.tap("Carry on where I left off")
    assert "What was meant to happen" in replies[-1]
    await phone.send("/start")
    replies = await phone.tap("Start a new one")
    assert "are you hurt" in replies[0]
    rows = sessions(store)
    assert [r.is_open for r in rows] == [False, True]


async def test_controls_as_commands(phone: Phone) -> None:
    assert "no reflection in progress" in (await phone.send("/pause"))[0]
    assert "/start to begin a reflection" in (await phone.send("/help"))[0]
    await phone.send("/start staff")
    assert "/skip to skip this question" in (await phone.send("/help"))[0]
    assert "Were you directly involved" in (await phone.send("/skip"))[0]
    replies = await phone.send("/back")
    assert "are you hurt" in replies[-1]
    assert "Paused" in (await phone.send("/pause"))[0]
    replies = await phone.send("/resume")
    assert "are you hurt" in replies[-1]
    assert "what we keep, and who sees it" in (await phone.send("/privacy"))[0]
    assert "don't know that command" in (await phone.send("/frobnicate"))[0]
    assert "we'll stop here" in (await phone.send("/stop"))[0]


async def test_text_without_a_session_points_to_start(phone: Phone) -> None:
    assert "/start" in (await phone.send("hello"))[0]


NON_TEXT: dict[str, dict[str, Any]] = {
    "sticker": {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "u1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
    "photo": {"photo": [{"file_id": "p1", "file_unique_id": "u2", "width": 90, "height": 90}]},
    "voice": {"voice": {"file_id": "v1", "file_unique_id": "u3", "duration": 3}},
    "video": {
        "video": {"file_id": "v2", "file_unique_id": "u4", "width": 1, "height": 1, "duration": 1}
    },
    "video_note": {
        "video_note": {"file_id": "v3", "file_unique_id": "u5", "length": 1, "duration": 1}
    },
    "document": {"document": {"file_id": "d1", "file_unique_id": "u6"}},
    "location": {"location": {"latitude": 51.5, "longitude": -0.12}},
    "contact": {"contact": {"phone_number": "+440000000000", "first_name": "Synthetic"}},
    "poll": {
        "poll": {
            "id": "1",
            "question": "Synthetic?",
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
            "options": [
                {"text": "a", "voter_count": 0, "persistent_id": "o1"},
                {"text": "b", "voter_count": 0, "persistent_id": "o2"},
            ],
        }
    },
    "dice": {"dice": {"emoji": "🎲", "value": 3}},
}


@pytest.mark.parametrize("kind", list(NON_TEXT))
async def test_non_text_gets_a_kind_reply_and_the_question_again(
    phone: Phone, store: Store, kind: str
) -> None:
    await phone.send("/start staff")
    await phone.tap(FIRST_STAFF)
    before = sessions(store)[0].state
    await phone.deliver({"update_id": 900, "message": phone.message(**NON_TEXT[kind])})
    replies = phone.texts()
    assert "I can only read typed text" in replies[0]
    assert "Were you directly involved" in replies[1]
    assert "I was involved" in phone.buttons()
    assert sessions(store)[0].state == before


async def test_non_text_without_a_session(phone: Phone) -> None:
    await phone.deliver({"update_id": 901, "message": phone.message(**NON_TEXT["sticker"])})
    [reply] = phone.texts()
    assert "a sticker" in reply and "/start" in reply


async def test_an_edit_is_explained_and_changes_nothing(phone: Phone, store: Store) -> None:
    await phone.send("/start staff")
    for label in (FIRST_STAFF, "I was involved", "Restraint"):
        await phone.tap(label)
    await phone.send("first version of the answer")
    before = sessions(store)[0].state
    edited = phone.message(text="second version", edit_date=1_700_000_100)
    await phone.deliver({"update_id": 902, "edited_message": edited})
    [reply] = phone.texts()
    assert "Edits aren't picked up" in reply and "/back" in reply
    assert sessions(store)[0].state == before


async def test_over_the_answer_limit_asks_to_shorten(phone: Phone, store: Store) -> None:
    await phone.send("/start staff")
    for label in (FIRST_STAFF, "I was involved", "Restraint"):
        await phone.tap(label)
    replies = await phone.send("a" * 2500)
    assert "2500 characters long" in replies[0] and "shorten" in replies[0]
    assert "what helped" in replies[-1]
    replies = await phone.send("short and kept")
    assert "What was meant to happen" in replies[0]
    assert count(store, Reflection) == 0


async def test_typing_indicator_before_the_reply_to_a_long_answer(phone: Phone) -> None:
    for typed in ("/start staff", "1", "1", "1"):
        await phone.send(typed)
    await phone.send("a" * TYPING_FROM_CHARS)
    actions = [c for c in phone.last if c.method == "sendChatAction"]
    assert actions and actions[0].params["action"] == "typing"
    assert phone.last.index(actions[0]) < phone.last.index(
        next(c for c in phone.last if c.method == "sendMessage")
    )


async def test_no_typing_indicator_for_a_short_answer(phone: Phone) -> None:
    # A short answer is anonymised in milliseconds: the reply comes before "typing..." would.
    await phone.send("/start staff")
    await phone.send("1")
    assert not [c for c in phone.last if c.method == "sendChatAction"]


async def test_participants_are_keyed_by_hmac_not_telegram_id(phone: Phone, store: Store) -> None:
    await phone.send("/start staff")
    with store.engine.connect() as conn:
        keys = list(conn.scalars(select(Participant.key)))
    [key] = keys
    assert str(phone.user_id) not in key and len(key) == 64
