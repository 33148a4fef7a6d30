"""The `reflect` command as a nurse or a lead meets it."""

from __future__ import annotations

import pytest

from bot.cli import main


def test_help_names_the_commands_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "reflect chat" in out and "reflect check" in out
    assert "restraint, seclusion or rapid tranquillisation" in out


def test_diagram_prints_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "patient"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stateDiagram-v2\n")
    assert "before --> held: next [is_restraint]" in out
    assert "done --> [*]" in out


def test_diagram_of_unknown_script_says_which_exist(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "nurse"]) == 2
    assert (
        "Known scripts: followup_patient, followup_staff, patient, staff."
        in capsys.readouterr().err
    )


def test_bad_setting_stops_with_the_key_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_MAX_ANSWER_CHARS", "-3")
    assert main(["check"]) == 2
    assert "REFLECT_MAX_ANSWER_CHARS='-3' is not valid" in capsys.readouterr().err


def test_db_upgrade_reports_the_revision(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    from alembic.script import ScriptDirectory

    from storage.database import MIGRATIONS_DIR

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert main(["db", "upgrade"]) == 0
    assert f"database at revision {head}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["purge", "--days", "-5"],
        ["purge", "--days", "0"],
        ["leads", "add", "--ward", "w1", "--days", "soon"],
    ],
)
def test_days_must_be_above_zero(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    # A negative retention would delete every reflection: it is refused before anything runs.
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "is not a number of days above 0" in capsys.readouterr().err


def test_a_blank_ward_gets_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    assert main(["leads", "add", "--ward", "  "]) == 2
    assert "Cannot make a code: name at least one ward." in capsys.readouterr().err


def test_promote_without_emerging_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["themes", "--promote", "1"]) == 2
    assert "--promote picks a group from --emerging" in capsys.readouterr().err


def test_check_notes_support_details_the_trust_must_fill_in(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check"]) == 0
    assert "support resources still to fill in for your trust: TRiM" in capsys.readouterr().out


def test_a_missing_support_resources_file_is_a_settings_problem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REFLECT_SUPPORT_RESOURCES", f"{tmp_path}/missing.yaml")
    assert main(["check"]) == 2
    assert "REFLECT_SUPPORT_RESOURCES cannot be used" in capsys.readouterr().err
