"""`reflect chat` killed between turns resumes at the same question with answers kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import make_engine

PROMPT = b"> "


class Chat:
    """A real `reflect chat` process on a real SQLite file, driven through pipes."""

    def __init__(self, data_dir: Path, *args: str) -> None:
        env = {**os.environ, "REFLECT_DATA_DIR": str(data_dir), "DATABASE_URL": ""}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "chat", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=data_dir,
        )

    def read_until_prompt(self) -> str:
        assert self.proc.stdout is not None
        buffer = b""
        while not buffer.endswith(PROMPT):
            chunk = self.proc.stdout.read(1)
            if not chunk:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise AssertionError(f"chat ended early: {buffer.decode()}\n{err}")
            buffer += chunk
        return buffer.decode()

    def send(self, line: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        return self.read_until_prompt()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()

    def close(self) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        out = self.proc.stdout.read().decode() if self.proc.stdout else ""
        self.proc.wait(timeout=10)
        self._close_pipes()
        return out


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_chat_resumes_at_the_same_question(tmp_path: Path) -> None:
    chat = Chat(tmp_path, "--as", "staff")
    assert "are you hurt" in chat.read_until_prompt()
    chat.send("1")
    chat.send("1")
    chat.send("2")
    chat.send("a colleague stayed with me, call 07700 900123")
    asked = chat.send("the plan was time out in the lounge")
    assert "What could have gone better?" in asked
    chat.kill()

    again = Chat(tmp_path, "--as", "staff")
    offer = again.read_until_prompt()
    assert "in progress (2 answers so far)" in offer
    resumed = again.send("1")
    assert "What could have gone better?" in resumed
    back = again.send("back")
    assert "Your earlier answer was: the plan was time out in the lounge" in back
    again.kill()

    engine = make_engine(f"sqlite:///{tmp_path / 'reflect.db'}")
    with engine.connect() as connection:
        state = connection.execute(text("SELECT state FROM sessions WHERE is_open")).scalar()
        everything = " ".join(
            str(v) for row in connection.execute(text("SELECT * FROM sessions")) for v in row
        )
    engine.dispose()
    assert state is not None
    assert "07700" not in everything
    assert "[phone]" in everything


def test_end_of_input_pauses_and_says_how_to_carry_on(tmp_path: Path) -> None:
    chat = Chat(tmp_path, "--as", "patient")
    assert "are you hurt" in chat.read_until_prompt()
    chat.send("1")
    out = chat.close()
    assert "Paused. Your answers so far are kept. Run reflect chat again to carry on." in out
    again = Chat(tmp_path, "--as", "patient")
    assert "You have a patient reflection in progress" in again.read_until_prompt()
    assert "Did it happen to you" in again.send("1")
    again.kill()


def test_starting_a_new_one_replaces_the_unfinished_one(tmp_path: Path) -> None:
    chat = Chat(tmp_path)
    chat.read_until_prompt()
    chat.send("1")
    chat.close()
    again = Chat(tmp_path)
    again.read_until_prompt()
    assert "are you hurt" in again.send("2")
    again.kill()
