"""`reflect ideas`: the grouped ideas on the server, under the report's disclosure control."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.app import build_store
from bot.cli import main
from bot.settings import load_settings
from dialogues import ScriptLibrary
from storage import Store
from tests.bot.telegram.test_lead_commands import seed


def last_month() -> date:
    """A day in last month (UTC), a closed month every report covers."""
    return datetime.now(UTC).date().replace(day=1) - timedelta(days=1)


def seeded_server(library: ScriptLibrary, wards: dict[str, int]) -> Store:
    """The data folder's database with ``people`` staff reflections per ward, last month."""
    store = build_store(load_settings())
    for ward, people in wards.items():
        seed(store, library, ward, people)
    with store.engine.begin() as connection:
        day = last_month()
        connection.execute(text("UPDATE reflections SET answered_on = :d"), {"d": day})
        connection.execute(text("UPDATE sessions SET started_on = :d"), {"d": day})
    return store


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A data folder on its own SQLite file, as on the server."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    return tmp_path


def test_ideas_are_listed_with_ids_and_people(
    server: Path, library: ScriptLibrary, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded_server(library, {"ward_a": 6, "ward_b": 3})
    assert main(["ideas", "--ward", "ward_a"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Ideas proposed on ward_a, ")
    [group] = [line for line in lines if "Staffing" in line]
    ident, _, rest = group.partition("  ")
    assert len(ident) == 6 and int(ident, 16) >= 0
    assert rest == "Staffing levels and skill mix (night, shift, staff): 6 people"
    assert "reflect actions add" in lines[-1]
    # all wards: nine people; ward_b alone is too few to show
    assert main(["ideas"]) == 0
    assert f"{ident}  Staffing levels and skill mix (night, shift, staff): 9 people" in (
        capsys.readouterr().out
    )
    assert main(["ideas", "--ward", "ward_b"]) == 0
    assert "too few reflections to show" in capsys.readouterr().out


def test_an_unknown_ward_is_one_line(
    server: Path, library: ScriptLibrary, capsys: pytest.CaptureFixture[str]
) -> None:
    seeded_server(library, {"ward_a": 6})
    assert main(["ideas", "--ward", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "No reflections were ever filed under ward nosuch. Wards with reflections: ward_a."
    )
