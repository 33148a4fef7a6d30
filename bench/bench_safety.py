"""Cost of the safety net per answer: ``python bench/bench_safety.py``.

Times each answer of the team's DEV and TEST phrase sets through the lexicon alone (the anchor)
and through the whole detector (lexicon and meaning layer), in the same run, and prints the
medians and their ratio. It also counts encoder passes per answer, and what the theme tagger
then pays for the same answer (it finds the vector the safety net just made).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from language.encoder import FloatArray, packaged_encoder
from safety import MeaningModel, RiskDetector
from safety.meaning import MeaningLayer
from tools.safety.phrases import SET_NAMES, load_set


class CountingEncoder:
    """Wraps the real encoder and counts its passes (calls of ``encode``)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.passes = 0

    @property
    def dimension(self) -> int:
        return int(self.inner.dimension)  # type: ignore[attr-defined]

    @property
    def fingerprint(self) -> str:
        return str(self.inner.fingerprint)  # type: ignore[attr-defined]

    def encode(self, texts: Sequence[str]) -> FloatArray:
        self.passes += 1
        result: FloatArray = self.inner.encode(texts)  # type: ignore[attr-defined]
        return result


def median_ms(run: Callable[[str], object], texts: Sequence[str]) -> float:
    """Median milliseconds per call of ``run`` over ``texts``."""
    times: list[float] = []
    for text in texts:
        start = time.perf_counter()
        run(text)
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def main() -> None:
    """Print medians per answer, their ratio, and encoder passes per answer."""
    encoder = packaged_encoder()
    if encoder is None:
        print("the sentence encoder package is not installed: nothing to measure")
        return
    texts = [case.text for name in SET_NAMES for case in load_set(name)]
    counting = CountingEncoder(encoder)
    lexicon = RiskDetector(meaning=None)
    whole = RiskDetector(meaning=MeaningLayer(counting, MeaningModel.load()))
    whole.assess("warm up")
    lexicon_ms = median_ms(lexicon.assess, texts)
    # A trailing " ." makes each text new to the encoder's memory of recent texts.
    fresh = [f"{t} ." for t in texts]
    counting.passes = 0
    whole_ms = median_ms(whole.assess, fresh)
    passes = counting.passes / len(texts)
    # The tagger reads an answer just after the safety net did: time that second read.
    again = [f"{t} . ." for t in texts]
    tagger_times: list[float] = []
    for text in again:
        whole.assess(text)
        start = time.perf_counter()
        encoder.encode([text])
        tagger_times.append(1000 * (time.perf_counter() - start))
    tagger_ms = statistics.median(tagger_times)
    print(f"answers: {len(texts)}")
    print(f"lexicon alone (anchor): median {lexicon_ms:.2f} ms per answer")
    print(f"lexicon + meaning layer: median {whole_ms:.2f} ms per answer")
    print(f"ratio: {whole_ms / lexicon_ms:.1f}x the anchor; added {whole_ms - lexicon_ms:.2f} ms")
    print(f"encoder passes per answer: {passes:.2f}")
    print(f"tagger's encoding of the same answer afterwards: median {tagger_ms:.3f} ms")


if __name__ == "__main__":
    main()
