"""The evaluation script: phrase file format and printed figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety import SafetyConfigError
from safety.evaluate import load_phrases, main


def test_main_prints_figures_for_both_sets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in out] == ["DEV", "TEST"]
    assert all("recall" in line and "false alarms" in line for line in out)


def test_main_scores_given_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mini.txt"
    path.write_text(
        "# comment\npatient | suicide | i want to die\nstaff | - | i could kill for a brew\n"
        "staff | distress | lovely weather today\n",
        encoding="utf-8",
    )
    main(["-v", str(path)])
    out = capsys.readouterr().out
    assert "mini: recall 50.0% (1/2), false alarms 0.0% (0/1)" in out
    assert "missed: lovely weather today" in out


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("patient | suicide", "expected 'voice | categories | text'"),
        ("visitor | - | hello", "voice must be one of"),
        ("staff | sadness | hello", "unknown categories ['sadness']"),
    ],
)
def test_malformed_lines(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(f"# header\n{line}\n", encoding="utf-8")
    with pytest.raises(SafetyConfigError, match=rf"bad\.txt:2: {problem}".replace("[", r"\[")):
        load_phrases(path)
