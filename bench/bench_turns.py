"""Per-turn cost through the real Application with durable storage, beside a bare PTB
ConversationHandler with state in memory: ``python bench/bench_turns.py [--users N] [--runs R]``.

Both bots get the same typed turns from the same offline Bot API (no latency) and send the same
questions: the anchor replays the texts and keyboards ours sent for one reflection. Their
reflections are taken in turn, user by user, so both see the same machine. Ours stores
every turn in a SQLite file (WAL, synchronous=NORMAL as shipped, or ``--sync FULL``). The target
leaves the anonymiser out (``--anonymiser none``, the default); ``--anonymiser patterns`` puts
the pattern layer back in. Prints each rate and their ratio, medians of several runs.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.bench_bots import (
    ANONYMISERS,
    REFLECTION,
    Question,
    agree,
    bare,
    our_questions,
    ours,
    update,
)

FIRST_CHAT = 10_000
WARM_UP_CHAT = 9_999


async def reflect(app: Any, chat: int, numbers: Iterator[int]) -> float:
    """One whole reflection in ``chat``, each turn awaited; the seconds it took."""
    start = time.perf_counter()
    for text in REFLECTION:
        await app.process_update(update(next(numbers), chat, text, app))
    return time.perf_counter() - start


async def interleaved(apps: Sequence[Any], users: int) -> list[float]:
    """Turns per second of each app, their reflections taken in turn.

    Each app first answers one reflection, untimed: what a process does once (compiling each
    template on first use, PTB's first calls) is start-up, not the cost of a turn. Then user
    after user, every app takes that user's reflection, in an order that rotates, so a busy
    moment on a shared machine falls on all of them alike rather than on one.
    """
    numbers = [itertools.count(1) for _ in apps]
    for app, counter in zip(apps, numbers, strict=True):
        await app.initialize()
        await reflect(app, WARM_UP_CHAT, counter)
    spent = [0.0] * len(apps)
    for user in range(users):
        chat = FIRST_CHAT + user
        for step in range(len(apps)):
            which = (user + step) % len(apps)
            spent[which] += await reflect(apps[which], chat, numbers[which])
    for app in apps:
        await app.shutdown()
    return [users * len(REFLECTION) / seconds for seconds in spent]


async def one_run(
    users: int, folder: Path, run: int, sync: str, anonymiser: str, asked: list[Question]
) -> tuple[float, float, float]:
    """(our turns/s, the anchor's, the plain anchor's), measured side by side."""
    app, conversations, _ = ours(folder / f"turns-{run}.db", sync=sync, anonymiser=anonymiser)
    agree(conversations, range(WARM_UP_CHAT, FIRST_CHAT + users))
    anchor, _ = bare(asked=asked)
    # The earlier anchor, for comparison: numbered questions without keyboards.
    plain, _ = bare()
    ours_rate, bare_rate, plain_rate = await interleaved([app, anchor, plain], users)
    return ours_rate, bare_rate, plain_rate


def main() -> None:
    """Run, then print medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20, help="reflections per run (13 turns)")
    parser.add_argument("--runs", type=int, default=15, help="runs; medians are reported")
    parser.add_argument(
        "--sync",
        default="NORMAL",
        choices=["NORMAL", "FULL"],
        help="SQLite synchronous setting (REFLECT_SQLITE_SYNC; the default is NORMAL)",
    )
    parser.add_argument(
        "--anonymiser",
        default="none",
        choices=sorted(ANONYMISERS),
        help="none (the target leaves it out) or patterns (the pattern layer, no name model)",
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        asked = asyncio.run(our_questions(Path(folder) / "questions.db"))
        for run in range(args.runs):
            one = one_run(args.users, Path(folder), run, args.sync, args.anonymiser, asked)
            results.append(asyncio.run(one))
    ours_rate = statistics.median(r[0] for r in results)
    bare_rate = statistics.median(r[1] for r in results)
    plain_rate = statistics.median(r[2] for r in results)
    ratios = [r[0] / r[1] for r in results]
    plain_ratios = [r[0] / r[2] for r in results]
    print(f"turns per run: {args.users * len(REFLECTION)}; runs: {args.runs}")
    print(
        f"questions per reflection: {len(asked)}, with keyboards on {sum(1 for q in asked if q[1])}"
    )
    where = f"synchronous={args.sync}, anonymiser {args.anonymiser}"
    print(f"ours (Application + SQLite file, {where}): {ours_rate:8.0f} turns/s")
    print(f"bare ConversationHandler, memory: {bare_rate:8.0f} turns/s (median, the anchor)")
    print(f"ratio ours/bare: {statistics.median(ratios):.2f}x (target >= 0.67x)")
    print(f"plain anchor (numbered questions, no keyboards): {plain_rate:8.0f} turns/s")
    print(f"ratio ours/plain: {statistics.median(plain_ratios):.2f}x (the earlier anchor)")


if __name__ == "__main__":
    main()
