"""`reflect actions`: record, list, follow up and export actions, through the real CLI."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app import build_store
from bot.cli import main
from bot.services.wards import EntryLinks
from bot.settings import Secret, load_settings
from dialogues import ScriptLibrary
from tests.bot.test_ideas_cli import seeded_server, server  # noqa: F401  # the fixture

Capture = pytest.CaptureFixture[str]
ADD = ["add", "--ward", "ward_a", "--text", "x"]


def _idea(capsys: Capture) -> str:
    assert main(["ideas", "--ward", "ward_a"]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if "Staffing" in line]
    return line.split()[0]


def test_an_action_is_recorded_listed_updated_and_exported(
    server: Path,  # noqa: F811
    library: ScriptLibrary,
    capsys: Capture,
) -> None:
    store = seeded_server(library, {"ward_a": 6, "ward_b": 5})
    idea = _idea(capsys)
    due = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    said = "Ask Dr Patel to add a second nurse on nights, ring 07700 900123"
    argv = ["actions", "add", "--ward", "ward_a", "--text", said, "--idea", idea]
    assert main([*argv, "--owner-role", "ward_manager", "--due", due]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Action 1 recorded for ward_a:")
    assert "Patel" not in out and "07700" not in out  # anonymised before it is kept or shown
    assert f"owner ward_manager, due {due}, theme Staffing levels and skill mix, idea {idea}" in out
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT text, theme FROM actions")).one()
    assert "Patel" not in stored[0] and "07700" not in stored[0] and stored[1] == "staffing"

    quiet = ["--text", "Quiet room", "--theme", "environment"]
    assert main(["actions", "add", "--ward", "ward_b", *quiet]) == 0
    capsys.readouterr()
    assert main(["actions", "list", "--ward", "ward_a"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 1 and listed[0].startswith("1: ward_a, planned: ")

    assert (
        main(["actions", "update", "1", "--status", "done", "--outcome", "Nights felt calmer"]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("Action 1 is now done.") and "outcome: Nights felt calmer" in out
    assert f"started {datetime.now(UTC).date().isoformat()}" in out
    assert main(["actions", "list"]) == 0
    everything = capsys.readouterr().out
    assert "1: ward_a, done: " in everything and "2: ward_b, planned: Quiet room" in everything

    assert main(["actions", "export", "--format", "json"]) == 0
    [first, second] = json.loads(capsys.readouterr().out)["actions"]
    assert first["status"] == "done" and first["idea"] == idea and first["theme"] == "staffing"
    assert first["outcome"] == "Nights felt calmer" and "Patel" not in first["text"]
    month = datetime.now(UTC).date().strftime("%b %Y")
    assert first["created"] == month and first["due"] != due  # months, never exact days
    assert first["started"] == month and second["started"] == ""  # done dated its start
    assert second["theme_label"] and second["ward"] == "ward_b"
    assert main(["actions", "export", "--format", "csv", "--ward", "ward_b"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["action"] for r in rows] == ["2"] and rows[0]["status"] == "planned"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["add", "--ward", "nowhere", "--text", "x y"], "No ward nowhere is known here."),
        (["add", "--ward", "bad ward!", "--text", "x y"], "'bad ward!' is not a ward code"),
        (["add", "--ward", "ward_a"], "Name the ward and the action"),
        (["add", "--ward", "ward_a", "--text", "  "], "The action needs some words"),
        ([*ADD, "--theme", "weather"], "'weather' is not a theme"),
        ([*ADD, "--owner-role", "Dr Who"], "'Dr Who' is not an owner role"),
        ([*ADD, "--due", "31/01/2026"], "'31/01/2026' is not a date"),
        ([*ADD, "--due", "2020-01-01"], "has already passed"),
        ([*ADD, "--idea", "zzz"], "'zzz' is not an idea id"),
        ([*ADD, "--idea", "abcdef"], "No idea abcdef on ward ward_a"),
        (["update", "1", "--status", "finished"], "'finished' is not a status"),
        (["update", "99", "--status", "done"], "No action number 99."),
        (["update", "--status", "done"], "Give the action's number"),
        (["update", "1"], "Give the new status"),
        (["export"], "Choose a format"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(
    server: Path,  # noqa: F811
    library: ScriptLibrary,
    capsys: Capture,
    argv: list[str],
    says: str,
) -> None:
    # a ward known from its poster's entry link, with no reflections yet
    EntryLinks(build_store(load_settings()), Secret("k" * 64)).issue("ward_a", "staff")
    assert main(["actions", "add", "--ward", "ward_a", "--text", "More staff at night"]) == 0
    capsys.readouterr()
    assert main(["actions", *argv]) == 2
    err = capsys.readouterr().err
    assert says in err and len(err.strip().splitlines()) == 1
