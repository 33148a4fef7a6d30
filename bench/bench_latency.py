"""Other chats' turn latency while one person's long answer is being anonymised:
``python bench/bench_latency.py [--people N] [--runs R]``.

The real Application on a SQLite file, the name model on (every anonymiser layer, as `reflect
run` runs it), an offline Bot API. N people go through whole reflections at once, each turn
timed from the update's arrival (through the per-chat processor, as the webhook hands it over)
to its handling being done. Measured twice in the same run: idle, and with one more person
sending long answers (about 1,900 characters) back to back the whole time. Prints p50 and p99
of the N people's turns in both, and the ratio of the p99s (target: at most 2x), medians over
the runs.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.bench_bots import REFLECTION, agree, ours, update

LONG_ANSWER = (
    "we tried to talk him down for a long time and the room was noisy and hot, people kept "
    "coming in and out and nobody was sure who was leading, then the alarm went off twice "
) * 11
LONG_CHAT = 5_000


async def timed(app: Any, data: Any) -> float:
    """Seconds from an update's arrival to its handling being done."""
    start = time.perf_counter()
    await app.update_processor.process_update(data, app.process_update(data))
    return time.perf_counter() - start


async def person(app: Any, chat: int, numbers: Iterator[int], out: list[float]) -> None:
    """One whole reflection, each turn timed."""
    for text in REFLECTION:
        out.append(await timed(app, update(next(numbers), chat, text, app)))


async def long_talker(app: Any, numbers: Iterator[int], stop: asyncio.Event) -> int:
    """Long answers, one after another, until told to stop; how many were sent."""
    await timed(app, update(next(numbers), LONG_CHAT, "/start staff", app))
    for choice in ("1", "1", "1"):
        await timed(app, update(next(numbers), LONG_CHAT, choice, app))
    sent = 0
    while not stop.is_set():
        await timed(app, update(next(numbers), LONG_CHAT, LONG_ANSWER, app))
        await timed(app, update(next(numbers), LONG_CHAT, "/back", app))
        sent += 1
    return sent


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def phase(app: Any, first: int, people: int, numbers: Iterator[int], loaded: bool) -> Any:
    """Latencies of ``people`` reflections, with or without the long answers going on."""
    out: list[float] = []
    stop = asyncio.Event()
    talker = asyncio.create_task(long_talker(app, numbers, stop)) if loaded else None
    if talker is not None:
        await asyncio.sleep(0.05)  # the long answers are under way first
    chats = range(first, first + people)
    await asyncio.gather(*(person(app, chat, numbers, out) for chat in chats))
    stop.set()
    long_sent = await talker if talker is not None else 0
    return out, long_sent


async def run(people: int, runs: int) -> None:
    """Idle and loaded phases, ``runs`` times each, alternating."""
    with tempfile.TemporaryDirectory() as folder:
        app, conversations, _ = ours(Path(folder) / "bench.db", anonymiser="model")
        total = 2 * runs * people + 1
        agree(conversations, range(10_000, 10_000 + total))
        agree(conversations, range(LONG_CHAT, LONG_CHAT + 1))
        numbers = itertools.count(1)
        ratios, idle99, busy99, idle50, busy50, long_counts = [], [], [], [], [], []
        async with app:
            await app.start()
            # Warm up: first compiles and the model's first runs are not counted.
            await person(app, 9_999, numbers, [])
            first = 10_000
            for _ in range(runs):
                idle, _ = await phase(app, first, people, numbers, loaded=False)
                first += people
                busy, long_sent = await phase(app, first, people, numbers, loaded=True)
                first += people
                idle99.append(percentile(idle, 0.99))
                busy99.append(percentile(busy, 0.99))
                idle50.append(percentile(idle, 0.5))
                busy50.append(percentile(busy, 0.5))
                long_counts.append(long_sent)
                ratios.append(busy99[-1] / idle99[-1])
            await app.stop()
    ms = 1000
    print(f"{people} people, {len(REFLECTION)} turns each, {runs} runs (medians):")
    print(
        f"  idle:   p50 {statistics.median(idle50) * ms:.1f} ms, "
        f"p99 {statistics.median(idle99) * ms:.1f} ms"
    )
    print(
        f"  during long answers ({statistics.median(long_counts):.0f} answers of "
        f"{len(LONG_ANSWER)} characters): p50 {statistics.median(busy50) * ms:.1f} ms, "
        f"p99 {statistics.median(busy99) * ms:.1f} ms"
    )
    print(f"  p99 ratio, during / idle: {statistics.median(ratios):.2f}x (target: at most 2x)")


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.people, args.runs))


if __name__ == "__main__":
    main()
