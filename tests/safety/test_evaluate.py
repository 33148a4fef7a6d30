"""The evaluation script: phrase file format and printed figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safety import SafetyConfigError
from tools.safety.evaluate import main
from tools.safety.phrases import load_phrases


def write_outside(tmp_path: Path, *rows: tuple[str, str, str]) -> Path:
    """An outside set in the shared data's format from (voice, text, kind) rows."""
    path = tmp_path / "outside.jsonl"
    lines = [
        json.dumps(
            {"id": f"o{i}", "voice": voice, "text": text, "risk": kind != "ordinary", "kind": kind}
        )
        for i, (voice, text, kind) in enumerate(rows, start=1)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_main_prints_figures_for_every_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = write_outside(
        tmp_path,
        ("patient", "i want to die", "suicidal_ideation"),
        ("patient", "i wish i was dead", "suicidal_ideation"),
        ("staff", "lovely weather today", "ordinary"),
        ("staff", "the tea was nice", "ordinary"),
    )
    assert main(["--outside", str(outside)]) == 0
    out = capsys.readouterr().out.splitlines()
    sets = [line.split(":")[0] for line in out if line[:1].isupper()]
    assert sets == [
        "DEV",
        "TEST",
        "OUTSIDE (trained on)",
        "OUTSIDE-A (unseen",
        "OUTSIDE-B (unseen",
    ]
    # Each half is scored by a fold model that never saw it (one risk row, one ordinary each).
    last = next(line for line in out if line.startswith("OUTSIDE-B"))
    assert "recall 100.0% (1/1), false alarms 0.0% (0/1)" in last
    assert any(line.strip().startswith("suicidal_ideation") for line in out)
    # The fold models' cut-offs are reported as they are chosen, on outside rows only.
    assert sum("out of fold on half" in line for line in out) == 2


def test_no_crossfit_scores_the_outside_set_with_the_shipped_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = write_outside(
        tmp_path,
        ("patient", "i want to die", "suicidal_ideation"),
        ("staff", "the tea was nice", "ordinary"),
    )
    assert main(["--no-crossfit", "--outside", str(outside)]) == 0
    out = capsys.readouterr().out
    assert "OUTSIDE (trained on): recall 100.0% (1/1), false alarms 0.0% (0/1)" in out
    assert "unseen" not in out


def test_without_the_outside_set_it_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--outside", str(tmp_path / "absent.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "outside set not found" in out
    assert "OUTSIDE" not in out


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
