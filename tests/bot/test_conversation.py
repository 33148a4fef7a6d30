"""The conversation service on real databases: durable turns, resume, version pinning."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.services.conversation import Conversations
from bot.services.outcomes import ButtonContext, Duplicate, Replied, Stale
from dialogues import (
    Command,
    Engine,
    ScriptLibrary,
    Status,
    UserInput,
    read_source,
    script_paths,
)
from dialogues.loader import SCRIPTS_DIR, TEMPLATES_DIR
from storage import Store
from tests.support.safety import real_safeguard

KEY = "a" * 64


def _answer_first_questions(conversations: Conversations) -> None:
    conversations.start(KEY, "staff")
    for given in (
        UserInput.tapped("ok_now"),
        UserInput.tapped("involved"),
        UserInput.tapped("seclusion"),
        UserInput.typed("the quiet room helped"),
    ):
        conversations.take_turn(KEY, given)


def test_a_new_service_on_the_same_database_resumes_with_answers_kept(
    store: Store, library: ScriptLibrary, engine: Engine
) -> None:
    _answer_first_questions(
        Conversations(store, library, engine, "terminal", safeguard=real_safeguard())
    )
    # A fresh service stands for a restarted process: only the database carries over.
    again = Conversations(store, library, engine, "terminal", safeguard=real_safeguard())
    open_session = again.open_session(KEY)
    assert open_session is not None and open_session.answered == 1
    prompt = again.current_prompt(KEY)
    assert "What was meant to happen" in prompt.replies[0].text
    reply = again.take_turn(KEY, UserInput.control(Command.BACK))
    assert "Your earlier answer was: the quiet room helped" in reply.replies[-1].text


def test_saving_writes_one_row_per_answer(conversations: Conversations, store: Store) -> None:
    _answer_first_questions(conversations)
    conversations.take_turn(KEY, UserInput.typed("it was meant to be time out"))
    for _ in range(6):
        conversations.take_turn(KEY, UserInput.control(Command.SKIP))
    result = conversations.take_turn(KEY, UserInput.tapped("_save"))
    assert result.ended and result.status is Status.COMPLETED
    with store.unit() as unit:
        rows = unit.reflections()
    assert [(r["prompt_id"], r["phase"], r["intervention"], r["role"]) for r in rows] == [
        ("went_well", "enquire", "seclusion", "involved"),
        ("what_happened", "enquire", "seclusion", "involved"),
    ]
    assert conversations.open_session(KEY) is None


def test_a_duplicate_update_is_handled_once(conversations: Conversations) -> None:
    conversations.start(KEY, "staff")
    first = conversations.take_turn(KEY, UserInput.tapped("ok_now"), update_id=7)
    second = conversations.take_turn(KEY, UserInput.tapped("ok_now"), update_id=7)
    assert isinstance(first, Replied) and first.step == "role"
    assert isinstance(second, Duplicate)
    current = conversations.current_prompt(KEY)
    assert isinstance(current, Replied) and current.replies[0].step == "role"


def test_a_button_from_an_earlier_question_is_stale(conversations: Conversations) -> None:
    started = conversations.start(KEY, "staff")
    assert isinstance(started, Replied)
    version = started.script.script.version
    press = ButtonContext(started.session_id, version, started.script.script.index_of("welfare"))
    first = conversations.take_turn(KEY, UserInput.tapped("ok_now"), button=press)
    again = conversations.take_turn(KEY, UserInput.tapped("ok_now"), button=press)
    assert isinstance(first, Replied) and first.step == "role"
    assert isinstance(again, Stale) and again.replies[0].step == "role"


def test_an_edited_script_never_breaks_a_session_in_flight(
    store: Store, engine: Engine, tmp_path: Path
) -> None:
    shutil.copytree(SCRIPTS_DIR, tmp_path / "scripts")
    shutil.copytree(TEMPLATES_DIR, tmp_path / "templates")
    original = ScriptLibrary(read_source(p) for p in script_paths())
    _answer_first_questions(
        Conversations(store, original, engine, "terminal", safeguard=real_safeguard())
    )

    # Edit the script: drop the what_happened question and reword another.
    yaml_path = tmp_path / "scripts" / "staff.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("    next: what_happened\n", "    next: could_be_better\n", 1)
    text = text.replace(
        "  what_happened:\n    kind: text\n    phase: enquire\n    next: could_be_better\n\n", ""
    )
    yaml_path.write_text(text, encoding="utf-8")
    (tmp_path / "templates/en/staff/what_happened.j2").unlink()
    edited = ScriptLibrary(
        read_source(p, tmp_path / "templates") for p in script_paths(tmp_path / "scripts")
    )
    assert edited.current("staff").script.version != original.current("staff").script.version
    assert "what_happened" not in edited.current("staff").script.steps

    after_edit = Conversations(store, edited, engine, "terminal", safeguard=real_safeguard())
    prompt = after_edit.current_prompt(KEY)
    assert prompt.replies[0].step == "what_happened"
    reply = after_edit.take_turn(KEY, UserInput.typed("planned time out"))
    assert reply.step == "could_be_better"
    # A new session starts on the edited version.
    fresh = after_edit.start("b" * 64, "staff")
    assert fresh.script is not None
    assert fresh.script.script.version == edited.current("staff").script.version


def test_support_offered_is_stored_as_a_flag_only(
    conversations: Conversations, store: Store
) -> None:
    from sqlalchemy import text

    conversations.start(KEY, "patient")
    for given in (UserInput.tapped("ok_now"), UserInput.tapped("involved")):
        conversations.take_turn(KEY, given)
    conversations.take_turn(KEY, UserInput.tapped("other"))
    reply = conversations.take_turn(KEY, UserInput.typed("i just want to end it all"))
    assert "Samaritans" in reply.replies[0].text
    assert [b.choice for b in reply.replies[0].buttons] == ["_carry_on", "_pause", "_stop"]
    with store.engine.connect() as connection:
        flag = connection.execute(text("SELECT support_offered FROM sessions")).scalar()
    assert flag is True or flag == 1
