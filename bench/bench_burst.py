"""A burst of quick messages with Bot API latency: ``python bench/bench_burst.py [--users N]``.

Every user is at their first typed question, then sends three answers at once; each Bot API
call takes 20 ms. A conversation is correct when its three answers are kept, in order, against
the right questions. Ours (per-chat ordering, state in SQLite) is run beside PTB's plain
``concurrent_updates=True`` with a ConversationHandler (the anchor); medians of several runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from bot.channels.telegram import CHANNEL
from bot.services.identity import participant_key
from storage.models import DialogueSession, Participant
from tests.support.bench_bots import CHOICES, SECRET, agree, bare, ours, update

FIRST_CHAT = 20_000
BURST = 3


def burst_texts(chat: int) -> list[str]:
    """The three quick answers of ``chat``."""
    return [f"chat {chat} quick answer {n}" for n in range(BURST)]


async def deliver(app: Any, updates: list[Any]) -> float:
    """Queue updates as the fetcher does and wait until all are handled; seconds taken."""
    start = time.perf_counter()
    for parsed in updates:
        await app.update_queue.put(parsed)
    await app.update_queue.join()
    return time.perf_counter() - start


async def run_bot(app: Any, users: int, setup: list[str]) -> float:
    """Bring every user to the first typed question, then the burst; the burst's seconds."""
    numbers = iter(range(1, 10_000_000))
    chats = range(FIRST_CHAT, FIRST_CHAT + users)
    await app.initialize()
    await app.start()
    for text in setup:
        await deliver(app, [update(next(numbers), chat, text, app) for chat in chats])
    burst = [
        update(next(numbers), chat, text, app)
        for position in range(BURST)
        for chat in chats
        for text in [burst_texts(chat)[position]]
    ]
    seconds = await deliver(app, burst)
    await app.stop()
    await app.shutdown()
    return seconds


def ours_correct(conversations: Any, users: int) -> int:
    """Conversations whose three answers are stored in order on the right questions."""
    correct = 0
    with conversations.store.engine.connect() as conn:
        for chat in range(FIRST_CHAT, FIRST_CHAT + users):
            key = participant_key(SECRET, CHANNEL, chat)
            state = conn.scalar(
                select(DialogueSession.state)
                .join(Participant, Participant.id == DialogueSession.participant_id)
                .where(Participant.key == key)
            )
            kept = [a["text"] for a in (state or {}).get("answers", []) if a["text"]]
            correct += kept == burst_texts(chat)
    return correct


def bare_correct(app: Any, users: int) -> int:
    """Conversations whose three answers went, in order, to three successive questions."""
    correct = 0
    for chat in range(FIRST_CHAT, FIRST_CHAT + users):
        answers = app.user_data.get(chat, {}).get("answers", [])
        expected = list(enumerate(burst_texts(chat), len(CHOICES)))
        correct += answers[len(CHOICES) :] == expected
    return correct


async def one_run(users: int, latency: float, folder: Path, run: int) -> tuple[int, int, float]:
    """(ours correct, anchor correct, our burst seconds / anchor burst seconds)."""
    app, conversations, _ = ours(folder / f"burst-{run}.db", latency)
    agree(conversations, range(FIRST_CHAT, FIRST_CHAT + users))
    ours_seconds = await run_bot(app, users, ["/start staff", *CHOICES])
    anchor, _ = bare(latency, concurrent=True)
    bare_seconds = await run_bot(anchor, users, ["/start", *CHOICES])
    return (
        ours_correct(conversations, users),
        bare_correct(anchor, users),
        ours_seconds / bare_seconds,
    )


def main() -> None:
    """Run, then print how many conversations came out right, and the time ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3, help="runs; medians are reported")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            latency = args.latency_ms / 1000
            results.append(asyncio.run(one_run(args.users, latency, Path(folder), run)))
    ours_ok = statistics.median(r[0] for r in results)
    bare_ok = statistics.median(r[1] for r in results)
    ratio = statistics.median(r[2] for r in results)
    print(f"{args.users} users x {BURST} quick messages, {args.latency_ms:.0f} ms per API call")
    print(f"ours (per-chat order, SQLite):   {ours_ok:.0f} of {args.users} correct (target all)")
    print(f"PTB concurrent_updates=True:     {bare_ok:.0f} of {args.users} correct (anchor)")
    print(f"burst time ours/anchor: {ratio:.2f}x (median of {args.runs})")


if __name__ == "__main__":
    main()
