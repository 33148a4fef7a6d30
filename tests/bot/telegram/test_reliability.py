"""Exactly-once handling: double taps, redelivered updates, stale buttons, restarts, bursts,
group chats and Telegram errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from telegram.error import Forbidden, NetworkError, TimedOut

from bot.channels.telegram.payload import Payload
from bot.services.conversation import Conversations
from dialogues import ScriptLibrary
from storage import Store, make_engine
from storage.models import DialogueSession, Participant, ProcessedUpdate, Reflection

if TYPE_CHECKING:
    from tests.support.telegram import Bots, Phone

FIRST_STAFF = "I'm OK, now is fine"
ANSWERS = [f"synthetic answer number {n}" for n in range(1, 9)]


def count(store: Store, model: type[Any]) -> int:
    """Rows of ``model`` in the database."""
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def saved_texts(store: Store) -> list[str]:
    """Saved answers, in the order they were saved."""
    with store.engine.connect() as conn:
        return [t.text for t in conn.scalars(select(Reflection.text).order_by(Reflection.id))]


async def to_first_text_question(phone: Phone) -> None:
    """Start a staff reflection and answer the three choice questions by button."""
    await phone.send("/start staff")
    for label in (FIRST_STAFF, "I was involved", "Restraint"):
        await phone.tap(label)


async def test_double_tap_is_answered_quietly(phone: Phone) -> None:
    await phone.send("/start staff")
    replies = await phone.tap(FIRST_STAFF, times=2)
    assert len(replies) == 1 and "Were you directly involved" in replies[0]
    first, second = phone.answers()
    assert "text" not in first.params
    assert second.params["text"] == "Already noted"


async def test_second_button_of_a_used_keyboard_is_answered_quietly(phone: Phone) -> None:
    await phone.send("/start staff")
    message = phone.message_with(FIRST_STAFF)
    markup = message["reply_markup"]["inline_keyboard"]
    data = [row[0]["callback_data"] for row in markup[:2]]
    await phone.deliver(phone.press(message, data[0]), phone.press(message, data[1]))
    assert len(phone.texts()) == 1
    assert phone.answers()[1].params["text"] == "Already noted"


async def test_redelivered_update_is_handled_once(phone: Phone, store: Store) -> None:
    await to_first_text_question(phone)
    update = phone.text_update("said once", update_id=777)
    await phone.deliver(update, update)
    assert len(phone.texts()) == 1
    assert count(store, ProcessedUpdate) >= 1
    await phone.deliver(update)
    assert phone.texts() == []


async def test_button_from_an_earlier_question_gets_the_current_one(phone: Phone) -> None:
    await phone.send("/start staff")
    await phone.send("1")  # typed, so the first keyboard was never used
    await phone.tap("Not now")
    stale, current = phone.texts()
    assert "earlier question" in stale
    assert "Were you directly involved" in current
    assert phone.answers()[0].params["text"] == "That button is out of date"


async def test_button_from_an_earlier_session_gets_the_current_question(phone: Phone) -> None:
    await phone.send("/start staff")
    old = phone.message_with(FIRST_STAFF)
    await phone.send("/start patient")
    data = old["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await phone.deliver(phone.press(old, data))
    stale, current = phone.texts()
    assert "earlier reflection" in stale
    assert current.startswith("Hello.")


async def test_button_from_an_older_script_version_is_stale(phone: Phone) -> None:
    await phone.send("/start staff")
    message = phone.message_with(FIRST_STAFF)
    current = Payload.decode(message["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    assert current is not None
    old = Payload("0ld0ld0ld0", current.session, current.step, current.choice).encode()
    await phone.deliver(phone.press(message, old))
    assert "earlier question" in phone.texts()[0]
    assert "are you hurt" in phone.texts()[1]


async def test_foreign_callback_data_is_answered(phone: Phone) -> None:
    await phone.send("/start staff")
    message = phone.message_with(FIRST_STAFF)
    await phone.deliver(phone.press(message, "something-else"))
    [answer] = phone.answers()
    assert answer.params["text"].startswith("That button no longer works")


async def test_button_after_the_reflection_ended(phone: Phone) -> None:
    await phone.send("/start staff")
    await phone.tap("Not now")
    message = phone.message_with(FIRST_STAFF)
    data = message["reply_markup"]["inline_keyboard"][1][0]["callback_data"]
    await phone.deliver(phone.press(message, data))
    assert phone.texts() == []


async def test_restart_mid_dialogue_loses_nothing(
    bots: Bots,
    phone: Phone,
    database_url: str,
    library: ScriptLibrary,
    conversations_on: Callable[[Store, ScriptLibrary], Conversations],
) -> None:
    await to_first_text_question(phone)
    for answer in ANSWERS[:3]:
        await phone.send(answer)
    await bots.stop(phone.app)
    # A new process: new engine, new store, new application on the same database.
    fresh = Store(make_engine(database_url))
    try:
        app, api = await bots.start(conversations_on(fresh, library))
        again = type(phone)(app, api, updates=phone.updates)
        replies = await again.send("/start")
        assert "3 answers so far" in replies[0]
        replies = await again.tap("Carry on where I left off")
        assert "early signs" in replies[-1]
        for answer in ANSWERS[3:]:
            replies = await again.send(answer)
        assert all(a in replies[0] for a in ANSWERS)
        await again.tap("Save")
        assert saved_texts(fresh) == ANSWERS
    finally:
        fresh.engine.dispose()


async def test_a_burst_from_one_chat_is_stored_in_order(phone: Phone, store: Store) -> None:
    await to_first_text_question(phone)
    await phone.deliver(*(phone.text_update(a) for a in ANSWERS))
    review = phone.texts()[-1]
    assert "everything that will be saved" in review
    positions = [review.index(a) for a in ANSWERS]
    assert positions == sorted(positions)
    await phone.tap("Save")
    assert saved_texts(store) == ANSWERS


async def test_bursts_from_two_chats_do_not_mix(phone: Phone, store: Store) -> None:
    other = type(phone)(phone.app, phone.api, user_id=5151, chat_id=5151, updates=phone.updates)
    await to_first_text_question(phone)
    await to_first_text_question(other)
    mine = [f"mine {a}" for a in ANSWERS]
    theirs = [f"theirs {a}" for a in ANSWERS]
    interleaved = [u for pair in zip(mine, theirs, strict=True) for u in pair]
    updates = [(phone if t.startswith("mine") else other).text_update(t) for t in interleaved]
    await phone.deliver(*updates)
    await phone.tap("Save")
    await other.tap("Save")
    texts = saved_texts(store)
    assert [t for t in texts if t.startswith("mine")] == mine
    assert [t for t in texts if t.startswith("theirs")] == theirs


async def test_group_chat_is_refused_and_nothing_stored(newcomer: Phone, store: Store) -> None:
    group = type(newcomer)(newcomer.app, newcomer.api, chat_id=-100123, chat_type="group")
    [reply] = await group.send("/start staff_ward3")
    assert "only in a private chat" in reply
    assert await group.send("a message in the group") == []
    assert count(store, Participant) == 0
    assert count(store, DialogueSession) == 0
    assert count(store, ProcessedUpdate) == 0


async def test_group_button_press_is_answered(phone: Phone) -> None:
    await phone.send("/start staff")
    message = phone.message_with(FIRST_STAFF)
    group = type(phone)(phone.app, phone.api, chat_id=-100123, chat_type="supergroup")
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await group.deliver(group.press({**message, "chat": group.chat()}, data))
    [answer] = group.answers()
    assert "private chat" in answer.params["text"]


async def test_rate_limit_is_waited_out(phone: Phone) -> None:
    await phone.send("/start staff")
    phone.api.fail(
        "sendMessage",
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests",
            "parameters": {"retry_after": 3},
        },
    )
    replies = await phone.tap(FIRST_STAFF)
    assert "Were you directly involved" in replies[0]
    assert [c.method for c in phone.last].count("sendMessage") == 2  # refused once, then sent


async def test_network_errors_are_retried(phone: Phone) -> None:
    await phone.send("/start staff")
    phone.api.fail("sendMessage", NetworkError("synthetic"), TimedOut())
    replies = await phone.tap(FIRST_STAFF)
    assert "Were you directly involved" in replies[0]


async def test_blocked_bot_keeps_the_answer(phone: Phone, store: Store) -> None:
    await to_first_text_question(phone)
    phone.api.fail("sendChatAction", Forbidden("bot was blocked by the user"))
    phone.api.fail("sendMessage", Forbidden("bot was blocked by the user"))
    assert await phone.send("kept although the reply failed") == []
    replies = await phone.send("/start")
    assert "1 answer so far" in replies[0]
