"""Rough speed of the risk detector over the phrase sets: ``python bench/bench_safety.py``."""

from __future__ import annotations

import time

from safety import RiskDetector
from safety.evaluate import SET_NAMES, load_set


def main() -> None:
    """Print the mean time per assessment over many passes of the DEV and TEST phrases."""
    texts = [case.text for name in SET_NAMES for case in load_set(name)]
    start = time.perf_counter()
    detector = RiskDetector()
    loaded = time.perf_counter()
    passes = 20
    for _ in range(passes):
        for text in texts:
            detector.assess(text)
    done = time.perf_counter()
    per_call = (done - loaded) / (passes * len(texts))
    print(f"load {1000 * (loaded - start):.1f} ms; {1e6 * per_call:.0f} us per assessment")
    long_text = " ".join(texts) * 3
    begin = time.perf_counter()
    detector.assess(long_text)
    print(f"{len(long_text)} characters in {1000 * (time.perf_counter() - begin):.1f} ms")


if __name__ == "__main__":
    main()
