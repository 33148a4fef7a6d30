"""kill -9 at random turns of Telegram reflections: no answer lost, none stored twice.

A real bot process (``worker_process.py``) handles planned updates through the real
Application on a real database. The test kills it again and again, at seeded random moments and
at chosen points (mid-transaction, just after a commit, just after a reply), and restarts it;
the new process gets again every update not yet confirmed, as Telegram would send it. At the
end every chat's answers are stored once each, in the order typed.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.channels.telegram import CHANNEL
from bot.services.conversation import Conversations
from bot.services.identity import participant_key
from bot.settings import Secret
from dialogues import ScriptLibrary
from storage import Store
from storage.models import DialogueSession, Participant, ProcessedUpdate, Reflection
from tests.bot.telegram.test_database_scan import dump

WORKER = Path(__file__).with_name("worker_process.py")
ROOT = Path(__file__).resolve().parents[3]
KILLS_PER_ENGINE = 50
CHATS = 12
POINTS = ("before_commit", "after_commit", "after_reply")
DATE = 1_700_000_000
WORKER_SECRET = Secret("synthetic-test-secret")  # the same as worker_process.py's


def answers_of(chat: int) -> list[str]:
    """The eight typed answers of ``chat`` (no names, so nothing is redacted)."""
    return [f"chat {chat} answer {n} about the shift" for n in range(1, 9)]


def plan(seed: int) -> list[dict[str, Any]]:
    """Every chat's whole reflection, each chat in order, the chats randomly interleaved."""
    rng = random.Random(seed)
    per_chat = {
        chat: ["/start staff", "1", "1", "1", *answers_of(chat), "Save"]
        for chat in range(1, CHATS + 1)
    }
    order = [chat for chat, texts in per_chat.items() for _ in texts]
    rng.shuffle(order)
    updates = []
    for number, chat in enumerate(order, 1):
        text = per_chat[chat].pop(0)
        message: dict[str, Any] = {
            "message_id": number,
            "date": DATE,
            "chat": {"id": 7000 + chat, "type": "private", "first_name": "Synthetic"},
            "from": {"id": 7000 + chat, "is_bot": False, "first_name": "Synthetic"},
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        updates.append({"update_id": 100_000 + number, "message": message})
    return updates


class Worker:
    """One run of the bot process."""

    def __init__(self, args: list[str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            text=True,
        )

    def line(self) -> str:
        """The next line it prints ("" once it has ended)."""
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def release(self) -> None:
        """Hand it the next batch of updates."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("next\n")
        self.proc.stdin.flush()

    def run_free(self) -> None:
        """Let it take every remaining batch without waiting."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()

    def kill(self) -> None:
        """SIGKILL, as the machine or an operator might."""
        self.proc.send_signal(signal.SIGKILL)

    def finish(self) -> tuple[int, str]:
        """Wait for the end; its exit code and what it wrote to stderr."""
        assert self.proc.stdout is not None and self.proc.stderr is not None
        self.proc.wait(timeout=120)
        err = self.proc.stderr.read()
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()
        return self.proc.returncode, err


def kill_at_random(worker: Worker, rng: random.Random) -> None:
    """Let 0-1 batches through, then kill while the next one is (most likely) being handled."""
    while worker.line() not in ("ready", ""):
        pass
    for _ in range(rng.randint(0, 1)):
        worker.release()
        if not worker.line().startswith("ack"):
            return  # it ended (the plan is done) or died
    worker.release()
    time.sleep(rng.uniform(0, 0.004))
    worker.kill()


def run_with_kills(database_url: str, tmp_path: Path, seed: int) -> tuple[int, list[str]]:
    """Run the plan to the end, killing the worker ``KILLS_PER_ENGINE`` times; kills, stderr."""
    rng = random.Random(seed)
    plan_path, acks = tmp_path / "plan.json", tmp_path / "acks"
    plan_path.write_text(json.dumps(plan(seed)))
    kills, errors = 0, []
    while True:
        args = [database_url, str(plan_path), str(acks)]
        at_point = kills < KILLS_PER_ENGINE and rng.random() < 0.4
        if at_point:
            args += [rng.choice(POINTS), str(rng.randint(1, 3))]
        worker = Worker(args)
        if kills < KILLS_PER_ENGINE and not at_point:
            kill_at_random(worker, rng)
        else:
            worker.run_free()
        code, err = worker.finish()
        errors += [line for line in err.splitlines() if "failed" in line or "Traceback" in line]
        if code == -signal.SIGKILL:
            kills += 1
            continue
        assert code == 0, err
        return kills, errors  # the whole plan was handled


def check_everything_stored_once(store: Store) -> None:
    """Each chat: one session, saved, its eight answers once each and in order."""
    with store.engine.connect() as conn:
        sessions = conn.execute(
            select(DialogueSession.id, DialogueSession.status, DialogueSession.is_open)
        ).all()
        rows = conn.execute(
            select(Reflection.session_id, Reflection.text).order_by(Reflection.id)
        ).all()
        handled = conn.scalar(select(func.count()).select_from(ProcessedUpdate))
        people = conn.scalar(select(func.count()).select_from(Participant))
    assert people == CHATS
    assert len(sessions) == CHATS, sessions
    assert all(not is_open for _, _, is_open in sessions)
    by_session: dict[int, list[str]] = defaultdict(list)
    for session_id, text in rows:
        by_session[session_id].append(text.text)
    stored = sorted(by_session.values())
    assert stored == sorted(answers_of(chat) for chat in range(1, CHATS + 1))
    assert handled == len(plan(0))
    # And nowhere else: no session keeps a copy of a saved answer (issue 13).
    cells = [value for _, _, value in dump(store)]
    for chat in range(1, CHATS + 1):
        for answer in answers_of(chat):
            assert sum(value.count(answer) for value in cells) == 1, answer


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_at_random_turns_loses_nothing_and_repeats_nothing(
    database_url: str,
    store: Store,
    library: ScriptLibrary,
    conversations_on: Callable[[Store, ScriptLibrary], Conversations],
    tmp_path: Path,
) -> None:
    # Everyone has agreed to the privacy notice already: the kills are about the reflection.
    conversations = conversations_on(store, library)
    for chat in range(1, CHATS + 1):
        conversations.agree(participant_key(WORKER_SECRET, CHANNEL, 7000 + chat))
    seed = 7 if database_url.startswith("sqlite") else 11
    kills, errors = run_with_kills(database_url, tmp_path, seed)
    assert kills >= KILLS_PER_ENGINE
    assert errors == []
    check_everything_stored_once(store)
