"""Faults a live bot meets: the database away for a moment, and updates that come twice or late.

A turn that cannot reach the database is rolled back whole and the person is asked to send it
again; a redelivered update is handled once; update ids only dedupe, they never reorder, so
answers are kept in the order they arrived.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.channels.telegram import CHANNEL
from bot.services.conversation import Conversations
from bot.services.identity import participant_key
from bot.services.outcomes import Replied
from dialogues import ScriptLibrary, UserInput
from storage import Store, UnitOfWork, is_sqlite, make_engine
from storage.models import DialogueSession, ProcessedUpdate, Reflection
from tests.support.telegram import SECRET

if TYPE_CHECKING:
    from tests.support.telegram import Bots, Phone

Factory = Callable[[Store, ScriptLibrary], Conversations]
TRY_AGAIN = "Sorry, I couldn't save that just now. Please send it again in a moment."
PRESS_AGAIN = "Please press the button again in a moment."
ANSWERS = [f"synthetic answer {n}" for n in range(1, 9)]


class FlakyStore(Store):
    """A store whose next ``failures`` transactions do all their work, then lose the server."""

    failures = 0

    @contextmanager
    def unit(self) -> Iterator[UnitOfWork]:
        """A turn's unit of work that may fail just before its commit (so it is rolled back).

        Only transactions that take a conversation's lock count: the background write of
        "replies sent" receipts must not use up a failure meant for the person's next turn.
        """
        with super().unit() as unit:
            locked: list[str] = []
            take_lock = unit.lock_conversation

            def lock(key: str) -> None:
                locked.append(key)
                take_lock(key)

            unit.lock_conversation = lock  # type: ignore[method-assign]
            yield unit
            if self.failures and locked:
                self.failures -= 1
                raise OperationalError(
                    "COMMIT", {}, Exception("synthetic: server closed the connection")
                )


def count(store: Store, model: type[Any]) -> int:
    """Rows of ``model``."""
    with store.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)) or 0)


def states(store: Store) -> list[tuple[str, dict[str, Any]]]:
    """(step, state) of every session, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(DialogueSession.step, DialogueSession.state).order_by(DialogueSession.id)
        )
        return [(step, dict(state)) for step, state in rows]


def typed(store: Store) -> list[str]:
    """Typed answers held by the latest session, in the order of the questions."""
    answers = states(store)[-1][1]["answers"]
    return [a["text"] for a in answers if a["text"] is not None]


def saved_texts(store: Store) -> list[str]:
    """Saved answers in the order they were saved."""
    with store.engine.connect() as conn:
        return [t.text for t in conn.scalars(select(Reflection.text).order_by(Reflection.id))]


async def to_first_text_question(phone: Phone) -> None:
    """A staff reflection started and its three choices answered by typing."""
    for text_ in ("/start staff", "1", "1", "1"):
        await phone.send(text_)
    assert "what helped" in phone.texts()[-1]


async def flaky_phone(
    bots: Bots, phone: Phone, store: Store, library: ScriptLibrary, factory: Factory
) -> tuple[Phone, FlakyStore]:
    """A second bot on the same database whose store can be told to fail."""
    flaky = FlakyStore(store.engine)
    app, api = await bots.start(factory(flaky, library))
    return type(phone)(app, api, updates=phone.updates), flaky


# ----- the database away for a moment ---------------------------------------------------------


async def test_a_lost_commit_asks_to_send_again_and_keeps_nothing(
    bots: Bots,
    phone: Phone,
    store: Store,
    library: ScriptLibrary,
    conversations_on: Factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    other, flaky = await flaky_phone(bots, phone, store, library, conversations_on)
    await to_first_text_question(other)
    before, updates_before = states(store), count(store, ProcessedUpdate)
    flaky.failures = 1
    update = other.text_update("a private detail typed once")
    # INFO: PTB itself prints whole updates at DEBUG, which production must never enable.
    with caplog.at_level(logging.INFO):
        await other.deliver(update)
    assert other.texts() == [TRY_AGAIN]
    assert states(store) == before  # nothing half-stored: the update id went with the rest
    assert count(store, ProcessedUpdate) == updates_before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "a private detail" not in caplog.text
    assert "database unavailable (OperationalError)" in caplog.text
    # Telegram redelivering the same update now works, and counts once.
    await other.deliver(update, update)
    [reply] = other.texts()
    assert "What was meant to happen" in reply
    assert typed(store) == ["a private detail typed once"]


async def test_every_kind_of_turn_survives_a_lost_commit(
    bots: Bots, phone: Phone, store: Store, library: ScriptLibrary, conversations_on: Factory
) -> None:
    other, flaky = await flaky_phone(bots, phone, store, library, conversations_on)
    flaky.failures = 1
    assert await other.send("/start staff") == [TRY_AGAIN]
    assert count(store, DialogueSession) == 0
    assert "are you hurt" in (await other.send("/start staff"))[0]
    for command in ("/pause", "/skip", "/help"):
        flaky.failures = 1
        assert await other.send(command) == [TRY_AGAIN]
    for typed in ("1", "1", "1"):
        await other.send(typed)
    for answer in ANSWERS:
        flaky.failures = 1
        assert await other.send(answer) == [TRY_AGAIN]
        await other.send(answer)
    flaky.failures = 1
    assert await other.send("Save") == [TRY_AGAIN]
    assert count(store, Reflection) == 0
    await other.send("Save")
    assert saved_texts(store) == ANSWERS


async def test_a_button_press_during_an_outage_is_answered(
    bots: Bots, phone: Phone, store: Store, library: ScriptLibrary, conversations_on: Factory
) -> None:
    other, flaky = await flaky_phone(bots, phone, store, library, conversations_on)
    await other.send("/start staff")
    flaky.failures = 1
    replies = await other.tap("I'm OK, now is fine")
    assert [PRESS_AGAIN in r for r in replies] == [True]
    [answer] = other.answers()
    assert "text" not in answer.params  # the spinner stops; the message says what to do
    assert not [c for c in other.last if c.method == "editMessageText"]  # not marked as chosen
    replies = await other.tap("I'm OK, now is fine")
    assert "Were you directly involved" in replies[0]


async def test_an_unreachable_server_asks_to_send_again(
    bots: Bots, phone: Phone, library: ScriptLibrary, conversations_on: Factory
) -> None:
    # Port 1 on the loopback refuses at once: a server that is down, without waiting.
    url = "postgresql+psycopg://postgres@127.0.0.1:1/absent"
    gone = Store(make_engine(url, connect_args={"connect_timeout": 2}))
    try:
        app, api = await bots.start(conversations_on(gone, library))
        # Not agreed beforehand: there is nowhere to record it; the consent check fails too.
        other = type(phone)(app, api, updates=phone.updates, agreed=False)
        assert await other.send("/start staff") == [TRY_AGAIN]
        assert await other.send("an answer with nowhere to go") == [TRY_AGAIN]
        # Content the bot cannot read still looks the session up, so it is asked to retry too.
        dice = other.message(dice={"emoji": "🎲", "value": 2})
        await other.deliver({"update_id": 99_001, "message": dice})
        assert other.texts() == [TRY_AGAIN]
    finally:
        gone.engine.dispose()


@contextmanager
def held_write_lock(database_url: str) -> Iterator[None]:
    """Another client holding the database busy: SQLite's write lock, or a PostgreSQL table lock."""
    if is_sqlite(database_url):
        path = make_url(database_url).database
        assert path is not None
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(database_url)
    with engine.connect() as conn:
        conn.execute(text("LOCK TABLE processed_updates IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            conn.rollback()
    engine.dispose()


def impatient_store(database_url: str) -> Store:
    """A store that gives up waiting for a lock after a moment instead of ten seconds."""
    if is_sqlite(database_url):
        engine = make_engine(database_url)

        @event.listens_for(engine, "connect")
        def _short_wait(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA busy_timeout=50")

        return Store(engine)
    return Store(make_engine(database_url, connect_args={"options": "-c lock_timeout=100"}))


async def test_a_database_busy_past_its_timeout_asks_to_send_again(
    bots: Bots,
    phone: Phone,
    database_url: str,
    store: Store,
    library: ScriptLibrary,
    conversations_on: Factory,
) -> None:
    busy = impatient_store(database_url)
    try:
        app, api = await bots.start(conversations_on(busy, library))
        other = type(phone)(app, api, updates=phone.updates)
        await to_first_text_question(other)
        before = states(store)
        update = other.text_update("typed while the database was busy")
        with held_write_lock(database_url):
            await other.deliver(update)
            assert other.texts() == [TRY_AGAIN]
        assert states(store) == before
        await other.deliver(update)
        assert "What was meant to happen" in other.texts()[0]
    finally:
        busy.engine.dispose()


# ----- duplicate and out-of-order updates ---------------------------------------------------


async def test_an_update_redelivered_after_later_ones_is_ignored(
    phone: Phone, store: Store
) -> None:
    await to_first_text_question(phone)
    first = phone.text_update(ANSWERS[0], update_id=5001)
    second = phone.text_update(ANSWERS[1], update_id=5002)
    await phone.deliver(first, second)
    await phone.deliver(first, second, first)
    assert phone.texts() == []
    assert typed(store) == ANSWERS[:2]


async def test_an_older_update_id_arriving_late_is_taken_in_arrival_order(
    phone: Phone, store: Store
) -> None:
    await to_first_text_question(phone)
    # Update ids only mark what was handled; the order things arrive in is the order kept.
    late = [phone.text_update(a, update_id=6100 - n) for n, a in enumerate(ANSWERS)]
    await phone.deliver(*late)
    await phone.send("Save")
    assert saved_texts(store) == ANSWERS


async def test_a_redelivered_start_does_not_begin_again(phone: Phone, store: Store) -> None:
    start = phone.text_update("/start staff", update_id=7001)
    await phone.deliver(start)
    await phone.send("1")
    await phone.deliver(start)
    assert phone.texts() == []
    assert count(store, DialogueSession) == 1
    assert states(store)[0][0] == "role"


async def test_a_press_redelivered_after_a_restart_is_handled_once(
    bots: Bots,
    phone: Phone,
    database_url: str,
    library: ScriptLibrary,
    conversations_on: Factory,
) -> None:
    await phone.send("/start staff")
    message = phone.message_with("I'm OK, now is fine")
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    press = phone.press(message, data)
    await phone.deliver(press)
    await bots.stop(phone.app)
    # The new process has no memory of the keyboard used; the database remembers the update.
    fresh = Store(make_engine(database_url))
    try:
        app, api = await bots.start(conversations_on(fresh, library))
        again = type(phone)(app, api, updates=phone.updates)
        await again.deliver(press)
        assert again.texts() == []
        [answer] = again.answers()
        assert answer.params["text"] == "Already noted"
        assert states(fresh)[0][0] == "role"
    finally:
        fresh.engine.dispose()


async def test_an_update_redelivered_after_dying_before_the_reply_shows_the_next_question(
    bots: Bots, phone: Phone, store: Store, library: ScriptLibrary, conversations_on: Factory
) -> None:
    await to_first_text_question(phone)
    update = phone.text_update(ANSWERS[0], update_id=8501)
    # The process that took it committed the turn, then died before sending anything.
    dead = conversations_on(store, library)
    key = participant_key(SECRET, CHANNEL, phone.user_id)
    dead.take_turn(key, UserInput.typed(ANSWERS[0]), chat_ref="4242", update_id=8501)
    app, api = await bots.start(conversations_on(store, library), reply_lease=0.0)
    restarted = type(phone)(app, api, updates=phone.updates)
    await restarted.deliver(update)
    [reply] = restarted.texts()
    assert "What was meant to happen" in reply  # the question after the stored answer
    assert typed(store) == [ANSWERS[0]]  # stored once
    await restarted.deliver(update)
    assert restarted.texts() == []  # shown again once, then a plain duplicate


async def test_a_duplicate_waits_while_another_worker_may_still_be_replying(
    bots: Bots, phone: Phone, store: Store, library: ScriptLibrary, conversations_on: Factory
) -> None:
    await to_first_text_question(phone)
    update = phone.text_update(ANSWERS[0], update_id=8601)
    # Another worker has just committed this turn and is still sending its replies.
    elsewhere = conversations_on(store, library)
    key = participant_key(SECRET, CHANNEL, phone.user_id)
    taken = elsewhere.take_turn(key, UserInput.typed(ANSWERS[0]), chat_ref="4242", update_id=8601)
    assert isinstance(taken, Replied)
    app, api = await bots.start(conversations_on(store, library), reply_lease=30.0)
    other = type(phone)(app, api, updates=phone.updates)

    async def replies_sent_elsewhere() -> None:
        await asyncio.sleep(0.3)
        elsewhere.delivery.replied(taken.session_id, 8601)
        elsewhere.delivery.confirm_replies()

    await asyncio.gather(other.deliver(update), replies_sent_elsewhere())
    assert other.texts() == []  # the first worker's reply was enough
    assert typed(store) == [ANSWERS[0]]


async def test_the_same_answer_delivered_many_times_at_once_counts_once(
    phone: Phone, store: Store
) -> None:
    await to_first_text_question(phone)
    update = phone.text_update(ANSWERS[0], update_id=8001)
    await phone.deliver(*[update] * 10)
    assert len(phone.texts()) == 1
    assert states(store)[0][0] == "what_happened"
