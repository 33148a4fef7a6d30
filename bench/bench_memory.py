"""Memory per paused conversation: ``python bench/bench_memory.py [--sessions N]``.

Pauses N staff reflections (each after one typed answer) through the conversation service on
a SQLite file, then reports the Python heap the process still holds per paused session
(tracemalloc; the state lives in the database, so it should be close to nothing) and the
database bytes per session. The anchor, measured in the same run, is the design the project
avoids: one ``transitions`` Machine per user over the same script's states.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import statistics
import sys
import tempfile
import tracemalloc
from contextlib import closing
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transitions import Machine

from bot.channels.telegram import CHANNEL, TelegramChannel
from bot.channels.telegram.channel import PEOPLE_REMEMBERED
from bot.services.identity import participant_key
from dialogues import Command, UserInput
from tests.support.bench_bots import SECRET, ours

TARGET_BYTES = 2048


def database_bytes(path: Path) -> int:
    """The SQLite file with its write-ahead log folded in."""
    # A separate plain connection: the project's engine opens every transaction for writing.
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def pause_many(conversations: Any, first: int, count: int) -> None:
    """Start, answer once and pause ``count`` reflections."""
    for chat in range(first, first + count):
        key = participant_key(SECRET, CHANNEL, chat)
        conversations.agree(key)
        conversations.start(key, "staff")
        for typed in ("1", "1", "1", "we stayed calm and kept talking"):
            conversations.take_turn(key, UserInput.typed(typed))
        conversations.take_turn(key, UserInput.control(Command.PAUSE))


def heap_per_session(sessions: int, folder: Path) -> tuple[float, float]:
    """(Python heap bytes held per paused session, database bytes per paused session)."""
    path = folder / "memory.db"
    _, conversations, _ = ours(path)
    pause_many(conversations, 0, 20)  # warm caches (compiled scripts, templates, statements)
    gc.collect()
    size_before = database_bytes(path)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    pause_many(conversations, 1_000, sessions)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    held = sum(s.size_diff for s in after.compare_to(before, "filename"))
    grown = database_bytes(path) - size_before
    conversations.store.engine.dispose()
    return held / sessions, grown / sessions


def channel_per_person(people: int, folder: Path) -> float:
    """Heap bytes the Telegram channel keeps per recent person: their participant key,
    remembered for the last ``PEOPLE_REMEMBERED`` people."""
    _, conversations, _ = ours(folder / "channel.db")
    channel = TelegramChannel(conversations, SECRET)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for person in range(1_000_000, 1_000_000 + people):
        channel.key_of(person)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    conversations.store.engine.dispose()
    return sum(s.size_diff for s in after.compare_to(before, "filename")) / people


def machine_per_user(users: int) -> float:
    """Heap bytes per user when each has their own Machine over the staff script's states."""
    from dialogues import ScriptLibrary, read_source, script_paths

    script = ScriptLibrary(read_source(p) for p in script_paths()).current("staff").script
    states = list(script.steps)
    transitions = [
        {"trigger": f"to_{b}", "source": a, "dest": b}
        for a in states
        for b in states
        if a != b and (hash((a, b)) % 3 == 0)
    ]
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    kept = []
    for _ in range(users):
        holder = type("Holder", (), {})()
        Machine(
            model=holder,
            states=states,
            transitions=transitions,
            initial=states[0],
            auto_transitions=False,
        )
        kept.append(holder)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    return sum(s.size_diff for s in after.compare_to(before, "filename")) / users


def main() -> None:
    """Run, then print bytes per paused session beside the anchor and the target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=1_000, help="paused sessions per run")
    parser.add_argument("--anchor-users", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="runs; medians are reported")
    args = parser.parse_args()
    heaps, disks, anchors, channels = [], [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            heap, disk = heap_per_session(args.sessions, Path(folder))
            channels.append(channel_per_person(PEOPLE_REMEMBERED, Path(folder)))
        heaps.append(heap)
        disks.append(disk)
        anchors.append(machine_per_user(args.anchor_users))
    heap, disk, anchor = (statistics.median(v) for v in (heaps, disks, anchors))
    print(f"{args.sessions} paused sessions, median of {args.runs} runs")
    print(f"heap held per paused session:  {heap:10.0f} bytes (target <= {TARGET_BYTES})")
    print(f"anchor, one Machine per user:  {anchor:10.0f} bytes")
    print(f"ratio ours/anchor: {heap / anchor:.2g}x")
    print(f"database bytes per paused session (SQLite file): {disk:.0f}")
    print(
        f"Telegram channel, per recent person (the last {PEOPLE_REMEMBERED:,}): "
        f"{statistics.median(channels):.0f} bytes"
    )


if __name__ == "__main__":
    main()
