"""``redact_stream``: one output line per input line, explanations kept off stdout."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from privacy import Anonymiser, BasicAnonymiser, redact_stream


def test_one_line_out_per_line_in(anonymiser: Anonymiser) -> None:
    lines = ["dr okafor rang 07700 900456\n", "nothing here\n", "a\rb\u2028c line\n", "\n"]
    out = io.StringIO()
    count = redact_stream(lines, out, anonymiser=anonymiser)
    written = out.getvalue().split("\n")
    assert written[-1] == ""
    assert len(written[:-1]) == len(lines)
    assert written[0] == "dr [name 1] rang [phone]"
    assert written[2] == "a b c line"
    assert count == 2


def test_each_line_has_its_own_book(anonymiser: Anonymiser) -> None:
    out = io.StringIO()
    redact_stream(["dr nowak\n", "dr chen\n"], out, anonymiser=anonymiser)
    assert out.getvalue() == "dr [name 1]\ndr [name 1]\n"


def test_explain_goes_to_its_own_stream(anonymiser: Anonymiser) -> None:
    out, notes = io.StringIO(), io.StringIO()
    redact_stream(
        ["call 07700 900456\n"], out, anonymiser=anonymiser, explain=True, explain_out=notes
    )
    assert out.getvalue() == "call [phone]\n"
    rules, finds = notes.getvalue().split("line 1: ")
    assert rules.startswith("rules:\n")
    assert "my sister jo" in rules and "mark my words" in rules
    assert finds.startswith("[phone] phone (")
    assert "07700" not in notes.getvalue()


def test_every_rule_a_line_names_is_explained(anonymiser: Anonymiser) -> None:
    from privacy.explain import explain_rules

    lines = [
        "i was on hawthorn ward then on mulberry 2, back on oak, in and out of fernlea",
        "my sister jo and dr may, if i imagine being mei, and will kept shouting",
        "she lives in sheffield near st bede's, born 3rd march, call 07700 900456",
    ]
    out, notes = io.StringIO(), io.StringIO()
    redact_stream(lines, out, anonymiser=anonymiser, explain=True, explain_out=notes)
    rules = explain_rules()
    for line in notes.getvalue().splitlines()[len(rules.splitlines()) :]:
        for find in line.split(": ", 1)[1].split("; "):
            reason = find[find.index("(") + 1 : -1]
            for part in reason.split(" + "):
                named = part.split(":")[0].split(" (")[0] if part.startswith("name model") else part
                assert named in rules, part


def test_any_text_anonymiser_works() -> None:
    out = io.StringIO()
    redact_stream(["mail a@b.org"], out, anonymiser=BasicAnonymiser())
    assert out.getvalue() == "mail [email]\n"


def test_empty_input_ends_cleanly_while_the_name_model_is_still_loading(tmp_path: Path) -> None:
    # With nothing to read the process exits at once, while the name model is still loading in
    # the background: onnxruntime used to abort it then (exit code 134).
    for stdin in ("", "\n"):
        done = subprocess.run(
            [sys.executable, "-m", "privacy"],
            cwd=Path(__file__).resolve().parents[2],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "terminate called" not in done.stderr
        assert done.stdout == stdin
