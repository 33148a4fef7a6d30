"""Consent, erasure and retention on real databases."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.channels.terminal.chat import TerminalChat
from bot.services.actions import Actions
from bot.services.conversation import Conversations
from bot.services.leads import Leads
from bot.services.reports import Reviews
from bot.services.retention import purge
from bot.services.safeguard import Safeguard
from dialogues import Command, Engine, ScriptLibrary, UserInput
from privacy import BasicAnonymiser
from storage import Store, make_engine, upgrade
from storage.database import PERSONAL_TABLES
from tests.support.telegram import make_conversations

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


def test_on_postgresql_forget_leaves_no_dead_row_version_in_any_table_that_held_them(
    postgres_database: str, library: ScriptLibrary
) -> None:
    db = make_engine(postgres_database)
    upgrade(db)
    store = Store(db)
    try:
        with db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pgstattuple")
    except Exception as exc:  # an extension the server does not ship
        db.dispose()
        pytest.skip(f"pgstattuple not available on this PostgreSQL ({type(exc).__name__})")
    conversations = make_conversations(store, library)
    key = "v" * 64
    conversations.agree(key)
    conversations.start(key, "staff", ward="ward_a", chat_ref="sealed-address-1")
    for given in (UserInput.tapped("ok_now"), UserInput.tapped("involved")):
        conversations.take_turn(key, given)
    conversations.take_turn(key, UserInput.tapped("restraint"))
    conversations.take_turn(key, UserInput.typed("the quillfeather way of talking helped"))
    conversations.take_turn(key, UserInput.control(Command.STOP))
    conversations.take_turn(key, UserInput.tapped("_save"))
    actions = Actions(store, BasicAnonymiser().anonymise, Reviews(store))
    action = actions.add("ward_a", "Debrief within a day", allowed={"ward_a"})
    actions.update(action.id, "trying")  # a "you said, we did" message queued for them
    Leads(store).enrol(key, Leads(store).invite(["ward_a"]))
    held = {t: _count(store, t) for t in PERSONAL_TABLES}
    assert all(held[t] > 0 for t in PERSONAL_TABLES if t != "reminders"), held
    conversations.forget(key)
    dead = {}
    with db.connect() as conn:
        for table in PERSONAL_TABLES:
            toast = conn.exec_driver_sql(
                "SELECT reltoastrelid::regclass::text FROM pg_class"
                f" WHERE relname = '{table}' AND reltoastrelid <> 0"
            ).scalar()
            for relation in filter(None, (table, toast)):
                dead[relation] = conn.exec_driver_sql(
                    f"SELECT dead_tuple_count FROM pgstattuple('{relation}')"
                ).scalar_one()
    # VACUUM ran on each: no erased row version is left for the database to hand out. (Their
    # bytes stay in the pages' free space until reused: docs/privacy-model.md.)
    assert dead == dict.fromkeys(dead, 0)
    assert {t: _count(store, t) for t in ("reflections", "feedback_contacts", "leads")} == {
        "reflections": 0,
        "feedback_contacts": 0,
        "leads": 0,
    }
    store.close()
    db.dispose()
