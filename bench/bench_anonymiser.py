"""Speed of the layered anonymiser against the pattern-only baseline, measured in one run.

Run: ``python bench/bench_anonymiser.py [--size N] [--repeats R]``. Prints medians of R runs
and the ratio to the baseline, because absolute figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence

from privacy import Anonymiser, BasicAnonymiser
from tools.privacy.evaluate import organisation_for
from tools.privacy.synthetic import build


def _median_seconds(run: Callable[[], object], repeats: int) -> float:
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> None:
    """Print chars/s of the baseline and the layered anonymiser, and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    texts = [e.text for e in build("test", args.size)]
    chars = sum(map(len, texts))
    basic = BasicAnonymiser()
    layered = Anonymiser(organisation_for("test"))
    layered.anonymise_many(texts[:20])  # load the model once, outside the timing

    def run_layered() -> None:
        # A cold cache each run: repeated texts would otherwise skip the model entirely.
        model = getattr(layered, "_model", None)
        cache = getattr(model, "_cache", None)
        if cache is not None:
            cache.clear()
        layered.anonymise_many(texts)

    base = _median_seconds(lambda: [basic.anonymise(t) for t in texts], args.repeats)
    full = _median_seconds(run_layered, args.repeats)
    print(f"texts={len(texts)} chars={chars} repeats={args.repeats} model={layered.model_in_use}")
    print(f"baseline (BasicAnonymiser)  {chars / base:12,.0f} chars/s")
    print(f"layered  (Anonymiser)       {chars / full:12,.0f} chars/s")
    print(f"layered / baseline time     {full / base:12.1f}x")


if __name__ == "__main__":
    main()
