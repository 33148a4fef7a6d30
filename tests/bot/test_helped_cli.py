"""`reflect report` on a ward with actions: the actions listed, and "Did it help?" per action,
through the real CLI on SQLite, under the report's disclosure control."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app import build_store
from bot.cli import main
from bot.settings import load_settings
from dialogues import ScriptLibrary
from review.aggregate import MONTHS
from storage import Store
from tests.bot.telegram.test_lead_commands import seed
from tests.bot.test_ideas_cli import server  # noqa: F401  # the fixture

Capture = pytest.CaptureFixture[str]
ENVIRONMENT = (
    "the room was cold and the lights were too bright",
    "a quieter room with softer lights",
)
TALKING = ("he explained what was happening and that helped", "explain things first next time")


def month_back(months: int) -> date:
    """The 15th of the month ``months`` before this one (UTC)."""
    today = datetime.now(UTC).date()
    total = today.year * 12 + today.month - 1 - months
    return date(total // 12, total % 12 + 1, 15)


def words(day: date) -> str:
    """A month as the report names it."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def dated(store: Store, day: date) -> None:
    """Move what was seeded today to ``day``."""
    today = datetime.now(UTC).date()
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE reflections SET answered_on = :d WHERE answered_on = :t"),
            {"d": day, "t": today},
        )
        connection.execute(
            text("UPDATE sessions SET started_on = :d WHERE started_on = :t"),
            {"d": day, "t": today},
        )


def seeded(library: ScriptLibrary) -> Store:
    """ward_a: four months ago 6 staffing and 6 environment sessions; two months ago 5
    staffing; last month 10 environment and 3 about talking. ward_b: 3 people last month."""
    store = build_store(load_settings())
    seed(store, library, "ward_a", 6)
    seed(store, library, "ward_a", 6, first=6, answers=ENVIRONMENT)
    dated(store, month_back(4))
    seed(store, library, "ward_a", 5, first=12)
    dated(store, month_back(2))
    seed(store, library, "ward_a", 10, first=17, answers=ENVIRONMENT)
    seed(store, library, "ward_a", 3, first=27, answers=TALKING)
    seed(store, library, "ward_b", 3)
    dated(store, month_back(1))
    return store


def cells(html: str, label: str) -> list[str]:
    """What the report's "Did it help?" row for the action labelled ``label`` shows."""
    section = html.split('id="helped"', 1)[1].split("</section>", 1)[0]
    row = section.split(f'<th scope="row">{label}</th>', 1)[1].split("</tr>", 1)[0]
    return [cell.split(">", 1)[1].split("</td>", 1)[0] for cell in row.split("<td")[1:]]


def quarter(day: date) -> str:
    """A quarter as the report names it."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def test_the_report_shows_each_action_and_whether_it_helped(
    server: Path,  # noqa: F811
    library: ScriptLibrary,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    store = seeded(library)
    add = ["actions", "add", "--ward", "ward_a", "--text"]
    assert main([*add, "A second nurse on nights", "--theme", "staffing"]) == 0
    assert main([*add, "Explain before acting", "--theme", "communication"]) == 0
    assert main([*add, "Tidy the quiet room", "--owner-role", "ot"]) == 0
    huddle = ["--ward", "ward_b", "--text", "Hold a team huddle", "--theme", "staffing"]
    assert main(["actions", "add", *huddle]) == 0
    assert main(["actions", "update", "1", "--status", "trying"]) == 0
    with store.engine.connect() as connection:
        started = connection.execute(text("SELECT started_on FROM actions WHERE id = 1")).scalar()
    assert started == datetime.now(UTC).date().isoformat()  # the update dated its start

    out = tmp_path / "now.html"
    assert main(["report", "--ward", "ward_a", "--out", str(out)]) == 0
    # Started this month: every month of the report comes before it, none after it yet.
    row = cells(out.read_text(encoding="utf-8"), "1: A second nurse on nights")
    assert row[1] == words(datetime.now(UTC).date())
    assert row[2:7] == [
        f"{words(month_back(4))} to {words(month_back(1))}",
        "30",
        "11",
        "37%",
        "no closed period since it started yet",
    ]

    # Time passes: action 1 started two months ago; action 2 was never started, so it is
    # dated from when it was recorded, moved to two months ago as well.
    with store.engine.begin() as connection:
        back = {"d": month_back(2)}
        connection.execute(text("UPDATE actions SET started_on = :d WHERE id = 1"), back)
        connection.execute(text("UPDATE actions SET created_on = :d WHERE id = 2"), back)
    assert main(["report", "--ward", "ward_a", "--out", str(out), "--csv", "--json"]) == 0
    html = out.read_text(encoding="utf-8")
    before = f"{words(month_back(4))} to {words(month_back(3))}"
    after = words(month_back(1))

    # The ward's actions are listed with their owner role, status and theme.
    listed = html.split('id="actions"', 1)[1].split("</section>", 1)[0]
    assert "1: A second nurse on nights" in listed and "Occupational therapist" in listed
    assert "trying" in listed and "team huddle" not in listed  # another ward's action

    staffing = cells(html, "1: A second nurse on nights")
    assert staffing[:2] == ["Staffing levels and skill mix", words(month_back(2))]
    # before: 6 of 12 sessions raised staffing; after: none of last month's 13
    assert staffing[2:] == [before, "12", "6", "50%", after, "13", "0", "0%"]

    talking = cells(html, "2: Explain before acting")
    assert talking[1] == f"not started (recorded {words(month_back(2))})"
    # after: 3 of 13 sessions is too few to show, so the count and its share are hidden
    assert talking[2:] == [before, "12", "0", "0%", after, "13", "*", "*"]
    assert "23%" not in html
    assert cells(html, "3: Tidy the quiet room") == ["no theme linked"]

    tables = {t["key"]: t for t in json.loads(out.with_suffix(".json").read_text())["tables"]}
    helped = {r["label"]: r for r in tables["helped"]["rows"]}
    talked = helped["2: Explain before acting"]["cells"]
    assert [c["text"] for c in talked[-3:]] == ["13", "*", "*"]
    assert talked[-2]["hidden"] is True and talked[-2]["value"] is None
    assert helped["3: Tidy the quiet room"]["note"] == "no theme linked"
    assert tables["actions"]["rows"][0]["label"] == "1: A second nurse on nights"
    with (out.with_suffix("") / "helped.csv").open(encoding="utf-8") as fh:
        rows = {r[0]: r for r in csv.reader(fh)}
    assert rows["1: A second nurse on nights"][-4:] == [after, "13", "0", "0%"]
    assert rows["2: Explain before acting"][-4:] == [after, "13", "*", "*"]

    # ward_b has three people: its action is listed, with no numbers.
    assert main(["report", "--ward", "ward_b", "--out", str(tmp_path / "b.html")]) == 0
    small = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert "4: Hold a team huddle" in small and "Did it help?" in small
    assert cells(small, "4: Hold a team huddle") == ["too few reflections to show"]

    # By quarter: the quarter it started in has not closed, or is the last closed one.
    monkeypatch.setenv("REFLECT_REPORT_PERIOD", "quarter")
    assert main(["report", "--ward", "ward_a", "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "whole quarters of this report" in html
    row = cells(html, "1: A second nurse on nights")
    assert row[1] == quarter(month_back(2))
    assert row[6] == "no closed period since it started yet"
