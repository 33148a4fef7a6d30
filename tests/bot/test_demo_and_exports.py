"""`reflect demo`, then `reflect report` with its exports and its refusals, through the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import main
from dialogues import Command, ScriptLibrary, UserInput
from storage import Store
from storage.models import Reflection
from tests.support.telegram import make_conversations


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty SQLite database in a fresh data folder, as a new trust starts out."""
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    return tmp_path


def test_demo_then_report_gives_a_self_contained_page(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    assert "demo data written" in capsys.readouterr().out
    out = data_dir / "demo.html"
    assert main(["report", "--out", str(out), "--csv", "--json"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.lower().startswith("<!doctype html>")
    assert page.count("<svg") >= 4
    for external in ("<script", "<link", "src=", "@import", "url("):
        assert external not in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "(demo)" in page  # quotes are visibly synthetic
    document = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    keys = [t["key"] for t in document["tables"]]
    assert "voice_shares" in keys and "top_themes" in keys
    top = next(t for t in document["tables"] if t["key"] == "top_themes")
    assert top["rows"] and top["rows"][0]["cells"][0]["value"] > 0
    # Running it again, or on a database with real reflections, is refused.
    assert main(["demo"]) == 2
    assert "already holds the demo" in capsys.readouterr().err


def test_demo_refuses_a_database_with_real_reflections(
    data_dir: Path, library: ScriptLibrary, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.app import build_store
    from bot.settings import load_settings

    store: Store = build_store(load_settings())
    conversations = make_conversations(store, library)
    conversations.agree("r" * 64)
    conversations.start("r" * 64, "staff", ward="ward_7")
    for tapped in ("ok_now", "involved", "restraint"):
        conversations.take_turn("r" * 64, UserInput.tapped(tapped))
    conversations.take_turn("r" * 64, UserInput.typed("we were short staffed"))
    conversations.take_turn("r" * 64, UserInput.control(Command.STOP))
    conversations.take_turn("r" * 64, UserInput.tapped("_save"))
    assert main(["demo"]) == 2
    assert "already holds real reflections" in capsys.readouterr().err
    with Session(store.engine) as session:
        assert [r.ward for r in session.scalars(select(Reflection))] == ["ward_7"]


def test_report_refuses_an_unknown_ward_and_dates_the_wrong_way_round(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo"]) == 0
    capsys.readouterr()
    out = str(data_dir / "r.html")
    assert main(["report", "--out", out, "--ward", "nosuchward"]) == 2
    err = capsys.readouterr().err
    assert "nosuchward" in err and "demo-oak" in err
    assert main(["report", "--out", out, "--since", "2026-05-01", "--until", "2026-04-01"]) == 2
    assert "is after --until" in capsys.readouterr().err
    assert not Path(out).exists()
    # A first day inside a month is widened to the month, and the command says so.
    assert main(["report", "--out", out, "--since", "2026-06-15"]) == 0
    assert "covering 1 Jun 2026 to " in capsys.readouterr().out


def test_csv_says_why_a_table_is_empty_or_hidden(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = data_dir / "empty.html"
    assert main(["report", "--out", str(out), "--csv"]) == 0
    with (data_dir / "empty" / "top_themes.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 2 and rows[1][0] == "Note" and "too few reflections" in rows[1][1]
