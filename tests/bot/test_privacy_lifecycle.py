"""Consent, erasure and retention on real databases."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text

from bot.channels.terminal.chat import TerminalChat
from bot.services.conversation import Conversations
from bot.services.retention import purge
from bot.services.safeguard import Safeguard
from dialogues import Command, Engine, ScriptLibrary, UserInput
from storage import Store, make_engine, upgrade

KEY = "c" * 64


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _save_one(conversations: Conversations, key: str) -> None:
    conversations.start(key, "patient")
    conversations.take_turn(key, UserInput.tapped("ok_now"))
    conversations.take_turn(key, UserInput.tapped("involved"))
    conversations.take_turn(key, UserInput.tapped("seclusion"))
    conversations.take_turn(key, UserInput.typed("they let me listen to music"))
    conversations.take_turn(key, UserInput.control(Command.STOP))
    conversations.take_turn(key, UserInput.tapped("_save"))


def test_asking_about_consent_stores_nothing(conversations: Conversations, store: Store) -> None:
    assert not conversations.has_agreed(KEY)
    assert _count(store, "participants") == 0
    conversations.agree(KEY)
    assert conversations.has_agreed(KEY)
    assert _count(store, "participants") == 1


def test_forget_erases_everything_of_that_person_only(
    conversations: Conversations, store: Store
) -> None:
    _save_one(conversations, KEY)
    _save_one(conversations, "d" * 64)
    assert _count(store, "reflections") == 2
    assert conversations.forget(KEY) == 1
    assert _count(store, "reflections") == 1
    assert _count(store, "participants") == 1
    assert _count(store, "sessions") == 1
    assert conversations.forget(KEY) == 0


def test_purge_deletes_only_what_is_older_than_retention(
    conversations: Conversations, store: Store
) -> None:
    _save_one(conversations, KEY)
    conversations.start("e" * 64, "staff")  # still open: kept while it is recent
    today = date.today()
    kept = purge(store, days=30, abandoned_days=20, today=today + timedelta(days=10))
    assert (kept.reflections, kept.sessions) == (0, 0)
    assert _count(store, "reflections") == 1
    # Past retention everything goes: the saved reflection, its session, and the open one.
    gone = purge(store, days=30, abandoned_days=60, today=today + timedelta(days=31))
    assert gone.reflections == 1 and gone.sessions == 2
    assert _count(store, "reflections") == 0
    assert _count(store, "sessions") == 0


def test_a_reflection_never_finished_goes_after_the_abandoned_days(
    conversations: Conversations, store: Store
) -> None:
    conversations.start("f" * 64, "staff")
    today = date.today()
    assert purge(store, days=730, abandoned_days=30, today=today + timedelta(days=29)).sessions == 0
    assert purge(store, days=730, abandoned_days=30, today=today + timedelta(days=31)).sessions == 1
    assert conversations.open_session("f" * 64) is None


def test_a_reflection_ended_in_the_terminal_leaves_one_copy_and_no_typed_name(
    tmp_path: Path, library: ScriptLibrary, engine: Engine, safeguard: Safeguard
) -> None:
    database = tmp_path / "reflect.db"
    db = make_engine(f"sqlite:///{database}")
    upgrade(db)
    store = Store(db)
    conversations = Conversations(store, library, engine, "terminal", safeguard=safeguard)
    typed = [
        "1",
        "1",
        "1",
        "the quillfeather way helped, nurse Priya Raman spoke softly",
        "the marrowdale plan, ring 07700 900123",
        "stop",
        "1",  # save
    ]
    feed = iter(typed)
    out = io.StringIO()
    TerminalChat(conversations, KEY, out, read_line=lambda _: next(feed)).run("staff")
    assert "Saved." in out.getvalue()
    assert store.scrubbed(timeout=10)
    raw = b"".join(
        path.read_bytes()
        for path in (database, tmp_path / "reflect.db-wal", tmp_path / "reflect.db-shm")
        if path.exists()
    )
    # Each answer once (the saved reflection); no session copy, no identifier as typed.
    assert raw.count(b"quillfeather") == 1
    assert raw.count(b"marrowdale") == 1
    for typed_identifier in (b"Priya", b"Raman", b"07700 900123"):
        assert typed_identifier not in raw
    store.close()
    db.dispose()
