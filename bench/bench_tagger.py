"""Speed of theme tagging, with and without embeddings: ``python bench/bench_tagger.py``."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from review.classifier import load_model
from review.codebook import load_codebook
from review.tagger import Tagger
from tools.review.labelled import SPLITS, load_labelled


def _rate(run: Callable[[Sequence[str]], object], texts: Sequence[str], passes: int) -> float:
    """Answers per second over ``passes`` runs, after one warm-up run (loads, caches)."""
    run(texts[:8])
    start = time.perf_counter()
    for _ in range(passes):
        run(texts)
    return passes * len(texts) / (time.perf_counter() - start)


def main() -> None:
    """Print answers/s for the packaged tagger beside phrases + words only, in the same run."""
    texts = [a.text for name in SPLITS for a in load_labelled(SPLITS[name])]
    codebook = load_codebook()
    start = time.perf_counter()
    full = Tagger(codebook)
    full.tag("warm up")
    print(f"load {1000 * (time.perf_counter() - start):.0f} ms; semantic={full.semantic}")
    words = Tagger(codebook, model=load_model())
    baseline = _rate(words.tag_many, texts, passes=5)
    rate = _rate(full.tag_many, texts, passes=1)
    single = _rate(lambda batch: [full.tag(t) for t in batch], texts[:60], passes=1)
    print(f"{len(texts)} answers")
    print(f"phrases + words (baseline): {baseline:8.0f} answers/s")
    print(f"packaged, tag_many:         {rate:8.0f} answers/s ({rate / baseline:.3f} x baseline)")
    print(
        f"packaged, one at a time:    {single:8.0f} answers/s ({single / baseline:.3f} x baseline)"
    )


if __name__ == "__main__":
    main()
