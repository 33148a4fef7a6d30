"""Team leads and reports from stored reflections, through the real database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.services.conversation import Conversations
from bot.services.leads import Leads
from bot.services.reports import ReviewSetup, review_data
from dialogues import Command, Engine, ScriptLibrary, UserInput
from review.codebook import load_codebook
from review.disclosure import DisclosurePolicy
from review.report import render_report
from review.tagger import Tagger
from storage import Store
from tests.support.safety import real_safeguard


@pytest.fixture
def setup() -> ReviewSetup:
    return ReviewSetup(load_codebook(), DisclosurePolicy())


@pytest.fixture
def tagger(setup: ReviewSetup) -> Tagger:
    """The tagger the conversations save answers with."""
    return Tagger(setup.codebook)


def _reflect(conversations: Conversations, key: str, answer: str) -> None:
    conversations.start(key, "staff", ward="ward_7")
    for given in (UserInput.tapped("ok_now"), UserInput.tapped("involved")):
        conversations.take_turn(key, given)
    conversations.take_turn(key, UserInput.tapped("restraint"))
    conversations.take_turn(key, UserInput.typed(answer))
    conversations.take_turn(key, UserInput.control(Command.STOP))
    conversations.take_turn(key, UserInput.tapped("_save"))


def test_saved_answers_are_tagged_with_the_codebook_version(
    store: Store, library: ScriptLibrary, engine: Engine, setup: ReviewSetup, tagger: Tagger
) -> None:
    conversations = Conversations(
        store, library, engine, "terminal", safeguard=real_safeguard(), tagger=tagger
    )
    _reflect(conversations, "k" * 64, "we were short staffed and the ward was very noisy")
    with store.engine.connect() as connection:
        themes, version = connection.execute(
            text("SELECT themes, codebook_version FROM reflections")
        ).one()
    assert "staffing" in str(themes) and "environment" in str(themes)
    assert version == tagger.version and version.startswith(setup.codebook.version)


def test_report_suppresses_a_ward_with_too_few_people(
    store: Store, library: ScriptLibrary, engine: Engine, setup: ReviewSetup, tagger: Tagger
) -> None:
    conversations = Conversations(
        store, library, engine, "terminal", safeguard=real_safeguard(), tagger=tagger
    )
    for n in range(3):
        _reflect(conversations, f"{n}" * 64, "we were short staffed again tonight")
    data = review_data(store, setup, wards=frozenset({"ward_7"}))
    html = render_report(data, setup.policy)
    assert "too few" in html.lower()
    assert "short staffed again tonight" not in html


def test_a_lead_code_works_once_and_grants_only_its_wards(store: Store) -> None:
    leads = Leads(store)
    code = leads.invite(["ward_7", "ward_9"])
    assert leads.wards_for("lead" * 16) is None
    assert leads.enrol("lead" * 16, code.lower()) == ("ward_7", "ward_9")
    assert leads.enrol("other" * 12 + "abcd", code) is None
    assert leads.wards_for("lead" * 16) == ("ward_7", "ward_9")
    assert leads.enrol("lead" * 16, "WRONG-CODES") is None
    (lead,) = leads.all()
    assert leads.remove(lead.id)
    assert leads.wards_for("lead" * 16) is None


def test_reflect_themes_prints_one_line_per_answer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("there were not enough staff\n\nhello\n"))
    assert main(["themes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert "staffing" in lines[0].split(",")
    assert lines[1] == "none"


def test_reflect_report_writes_html_and_csv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    out = tmp_path / "out" / "report.html"
    assert main(["report", "--out", str(out), "--csv", "--since", "2026-01-01"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "<script" not in page.lower() and "http://" not in page and "https://" not in page
    assert (tmp_path / "out" / "report").is_dir()


def test_report_rejects_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--out", "x.html", "--since", "31/01/2026"])
    assert "is not a date like 2026-01-31" in capsys.readouterr().err


def test_leads_cli_round_trip(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    assert main(["leads", "add"]) == 2
    assert main(["leads", "add", "--ward", "ward_7"]) == 0
    code = capsys.readouterr().out.split("/lead ")[1].strip()
    assert main(["leads", "list"]) == 0
    listed = capsys.readouterr().out
    assert "No team leads yet" in listed
    # The waiting code shows its ward and expiry, never the code itself.
    assert "for ward_7: expires " in listed and code not in listed


def test_the_progress_total_counts_what_the_report_reads(
    store: Store, library: ScriptLibrary, engine: Engine, tagger: Tagger
) -> None:
    from datetime import date, timedelta

    from storage import ReviewQueries

    conversations = Conversations(
        store, library, engine, "terminal", safeguard=real_safeguard(), tagger=tagger
    )
    _reflect(conversations, "m" * 64, "we were short staffed again tonight")
    queries = ReviewQueries(store.engine)
    for since in (None, date.today() + timedelta(days=1)):
        read = len(list(queries.reflections(frozenset({"ward_7"}), since)))
        assert queries.count_reflections(frozenset({"ward_7"}), since) == read
    assert queries.count_reflections(frozenset({"ward_7"})) == 1
