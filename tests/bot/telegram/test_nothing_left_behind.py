"""Issue 13: after /forget and after a purge no copy of the words is left in the SQLite file,
its WAL or its shm; a saved answer exists exactly once; a forgotten lead loses their rights."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.services.conversation import Conversations
from bot.services.leads import Leads
from bot.services.retention import purge
from dialogues import ScriptLibrary, UserInput
from storage import Store, make_engine, upgrade
from storage.models import DialogueSession
from tests.bot.telegram.test_database_scan import dump
from tests.support.telegram import Bots, Phone, make_conversations

LEAD_ONLY = (
    (Path(__file__).resolve().parents[3] / "bot/channels/telegram/templates/lead_only.j2")
    .read_text(encoding="utf-8")
    .strip()
)
MARKERS = ["quillfeather", "marrowdale", "tansyworth", "brackenhollow"]
ANSWERS = [f"the {m} approach helped the team" for m in MARKERS]


def file_bytes(database: Path) -> bytes:
    """Every byte of the database, its WAL and its shared-memory file."""
    found = b""
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        if path.exists():
            found += path.read_bytes()
    return found


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Store:
    """A migrated SQLite file the test can read byte by byte."""
    engine = make_engine(f"sqlite:///{tmp_path / 'reflect.db'}")
    upgrade(engine)
    return Store(engine)


async def reflect_and_save(phone: Phone) -> None:
    """A staff reflection with every marker typed, saved."""
    await phone.send("/start staff_ward3")
    for label in ("I'm OK, now is fine", "I was involved", "Restraint"):
        await phone.tap(label)
    for answer in ANSWERS:
        await phone.send(answer)
    await phone.send("/stop")
    assert (await phone.tap("Save"))[0].startswith("Saved.")


async def test_after_forget_no_word_is_left_in_the_file_its_wal_or_shm(
    bots: Bots, sqlite_store: Store, library: ScriptLibrary, tmp_path: Path
) -> None:
    app, api = await bots.start(make_conversations(sqlite_store, library))
    phone = Phone(app, api)
    await reflect_and_save(phone)
    await phone.send("/start staff_ward3")  # and one left open, answered in part
    for label in ("I'm OK, now is fine", "I was involved", "Restraint"):
        await phone.tap(label)
    await phone.send("the brackenhollow room was quiet")
    raw = file_bytes(tmp_path / "reflect.db")
    assert all(m.encode() in raw for m in MARKERS)  # the scan can see them before
    await phone.send("/forget")
    await phone.tap("Yes, delete everything")
    raw = file_bytes(tmp_path / "reflect.db")
    assert [m for m in MARKERS if m.encode() in raw] == []


def test_after_a_purge_no_word_is_left_and_abandoned_reflections_go(
    sqlite_store: Store, library: ScriptLibrary, tmp_path: Path
) -> None:
    conversations = make_conversations(sqlite_store, library)
    key = "p" * 64
    conversations.agree(key)
    conversations.start(key, "staff")
    for given in (UserInput.tapped("ok_now"), UserInput.tapped("involved")):
        conversations.take_turn(key, given)
    conversations.take_turn(key, UserInput.tapped("restraint"))
    conversations.take_turn(key, UserInput.typed("the quillfeather way of talking helped"))
    # Untouched for 40 days: abandoned.
    with sqlite_store.engine.begin() as conn:
        conn.execute(
            update(DialogueSession).values(updated_at=datetime.now(UTC) - timedelta(days=40))
        )
    result = purge(sqlite_store, days=730, abandoned_days=30, today=date.today())
    assert result.sessions == 1
    assert conversations.open_session(key) is None
    assert b"quillfeather" not in file_bytes(tmp_path / "reflect.db")


def test_a_recent_paused_reflection_is_kept_by_the_purge(
    sqlite_store: Store, library: ScriptLibrary
) -> None:
    conversations = make_conversations(sqlite_store, library)
    key = "q" * 64
    conversations.start(key, "staff")
    purge(sqlite_store, days=730, abandoned_days=30)
    assert conversations.open_session(key) is not None


async def test_each_saved_answer_is_in_the_database_exactly_once(
    phone: Phone, store: Store
) -> None:
    await reflect_and_save(phone)
    cells = [value for _, _, value in dump(store)]
    for marker in MARKERS:
        assert sum(value.count(marker) for value in cells) == 1, marker


async def test_forget_also_takes_a_leads_rights_after_they_confirm(
    phone: Phone, store: Store, telegram_conversations: Conversations
) -> None:
    code = Leads(store).invite(["ward3"], days=7)
    await phone.send(f"/lead {code}")
    [ask] = await phone.send("/forget")
    assert "team lead access ends too" in ask and "saved answers" in ask
    assert Leads(store).all() != []  # nothing goes before the answer
    [done] = await phone.tap("Yes, delete everything")
    assert "Your team lead access has ended." in done
    assert Leads(store).all() == []
    for command in ("/themes", "/report"):
        assert await phone.send(command) == [LEAD_ONLY]


async def test_a_lead_who_never_reflected_is_asked_too_and_can_keep_their_access(
    newcomer: Phone, store: Store
) -> None:
    code = Leads(store).invite(["ward3"], days=7)
    await newcomer.send(f"/lead {code}")
    [ask] = await newcomer.send("/forget")
    # Nothing of theirs but the access: the question says so, and waits for an answer.
    assert "team lead access ends too" in ask and "saved answers" not in ask
    assert await newcomer.tap("No, keep it") == ["OK, nothing has been deleted."]
    assert Leads(store).all() != []
    assert await newcomer.send("/themes") != [LEAD_ONLY]
    await newcomer.send("/forget")
    [done] = await newcomer.tap("Yes, delete everything")
    assert done.startswith("Done. 0 saved answers were deleted")
    assert "Your team lead access has ended." in done
    assert Leads(store).all() == []
    for command in ("/themes", "/report"):
        assert await newcomer.send(command) == [LEAD_ONLY]


def copies(raw: bytes, marker: str) -> int:
    """How many times ``marker`` is in ``raw``."""
    return raw.count(marker.encode())


async def test_once_saved_the_wal_holds_no_session_copy_of_the_answers(
    bots: Bots, sqlite_store: Store, library: ScriptLibrary, tmp_path: Path
) -> None:
    app, api = await bots.start(make_conversations(sqlite_store, library))
    phone = Phone(app, api)
    await reflect_and_save(phone)
    assert sqlite_store.scrubbed(timeout=10)
    raw = file_bytes(tmp_path / "reflect.db")
    # The saved reflection, once; no earlier version of the session row in the WAL.
    assert {m: copies(raw, m) for m in MARKERS} == dict.fromkeys(MARKERS, 1)
