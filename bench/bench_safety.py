"""Cost of the safety net per answer: ``python bench/bench_safety.py``.

Times each answer of the team's DEV and TEST phrase sets, and of the outside development set when
it is present (longer, in a ward's own writing), through the lexicon alone (the anchor) and
through the whole detector (lexicon and meaning layer), in the same run, and prints the medians,
the 90th percentiles and their ratios, per set. It also counts encoder passes per answer, and
what the theme tagger then pays for the same answer (it finds the vector the safety net made).
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
from tools.safety.phrases import SET_NAMES, load_outside, load_set, outside_path


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


def times_ms(run: Callable[[str], object], texts: Sequence[str]) -> list[float]:
    """Milliseconds per call of ``run``, one per text."""
    times: list[float] = []
    for text in texts:
        start = time.perf_counter()
        run(text)
        times.append(1000 * (time.perf_counter() - start))
    return times


def p90(times: Sequence[float]) -> float:
    """The 90th percentile."""
    return statistics.quantiles(times, n=10)[-1]


def main() -> None:
    """Print medians per answer, their ratio, and encoder passes per answer."""
    encoder = packaged_encoder()
    if encoder is None:
        print("the sentence encoder package is not installed: nothing to measure")
        return
    sets = {"team DEV+TEST": [case.text for name in SET_NAMES for case in load_set(name)]}
    if outside_path().is_file():
        sets["outside crisis-dev"] = [case.text for _, case in load_outside(outside_path())]
    counting = CountingEncoder(encoder)
    lexicon = RiskDetector(meaning=None)
    whole = RiskDetector(meaning=MeaningLayer(counting, MeaningModel.load()))
    whole.assess("warm up")
    for name, texts in sets.items():
        words = statistics.median(len(t.split()) for t in texts)
        lexicon_ms = times_ms(lexicon.assess, texts)
        # A trailing " ." makes each text new to the encoder's memory of recent texts.
        counting.passes = 0
        whole_ms = times_ms(whole.assess, [f"{t} ." for t in texts])
        passes = counting.passes / len(texts)
        low, high = statistics.median(lexicon_ms), statistics.median(whole_ms)
        print(f"{name}: {len(texts)} answers, median {words:.0f} words")
        print(f"  lexicon alone (anchor): median {low:.2f} ms, p90 {p90(lexicon_ms):.2f} ms")
        print(f"  lexicon + meaning layer: median {high:.2f} ms, p90 {p90(whole_ms):.2f} ms")
        print(f"  ratio: {high / low:.1f}x the anchor; added {high - low:.2f} ms (median)")
        print(f"  encoder passes per answer: {passes:.2f}")
    texts = sets["team DEV+TEST"]
    # The tagger reads an answer just after the safety net did: time that second read.
    again = [f"{t} . ." for t in texts]
    tagger_times: list[float] = []
    for text in again:
        whole.assess(text)
        start = time.perf_counter()
        encoder.encode([text])
        tagger_times.append(1000 * (time.perf_counter() - start))
    tagger_ms = statistics.median(tagger_times)
    print(f"tagger's encoding of the same answer afterwards: median {tagger_ms:.3f} ms")


if __name__ == "__main__":
    main()
