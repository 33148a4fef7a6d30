"""Train the safety net's meaning layer: ``python -m tools.safety.train [--outside FILE]``.

Training data: the exemplar banks (``tools/safety/data/bank_*.txt``), the team's DEV phrases and
both halves of the outside development set; the team's TEST phrases are never seen. The
cut-offs (the threshold for risk, the veto below which the layer may set a lexicon match aside,
and the stricter cuts for settled and negated wording) are chosen on out-of-fold predictions for
the outside rows only, recall first: the lowest cuts whose false alarms, with the lexicon, stay
within budget. Because the shipped model has seen both outside halves, the evaluation scores
each half with a fold model trained without it (``cross_fitted``).
The result is written to ``safety/resources/meaning.json`` with the encoder's fingerprint.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from language.encoder import SentenceEncoder, packaged_encoder
from safety.assessment import CATEGORIES
from safety.detector import RiskDetector
from safety.meaning import DEFAULT_MODEL, MIN_WORDS, ORDINARY, MeaningModel, pieces
from tools.safety.phrases import (
    PhraseCase,
    halves,
    load_banks,
    load_outside,
    load_set,
    outside_path,
)

FloatArray = npt.NDArray[np.float32]
CLASSES = (ORDINARY, *sorted(CATEGORIES))
FOLDS = 5
SEED = 20261203
# The target is 0.05; the outside set's negatives are harder than a ward's on purpose (126 of
# its 220 ordinary rows are hard negatives), so the cut-offs may spend a little more there.
FALSE_ALARM_BUDGET = 0.06
VETO_MAX = 0.05  # the layer may overrule an unsettled lexicon match only when this sure (0.12 let
# it set aside "the staff hit me when nobody was looking")
# Negated risk wording ("i dont want to hurt anyone") is flagged by the layer alone only when
# it is this sure: sentence embeddings barely register a "not".
DENIED_MIN = 0.93
OUTSIDE_WEIGHT = 2.0  # outside rows count double: their style is closest to a ward's


@dataclass(frozen=True, slots=True)
class Example:
    """One training row with its weight and whether it comes from the outside set."""

    case: PhraseCase
    weight: float
    outside: bool


def targets(cases: Sequence[PhraseCase]) -> FloatArray:
    """Soft class targets: ordinary, or the row's kinds of risk sharing the mass evenly."""
    out = np.zeros((len(cases), len(CLASSES)), dtype=np.float32)
    for i, case in enumerate(cases):
        if not case.is_risk:
            out[i, 0] = 1.0
            continue
        for category in case.categories:
            out[i, CLASSES.index(category)] = 1.0 / len(case.categories)
    return out


def fit(
    x: FloatArray, y: FloatArray, w: FloatArray, l2: float = 1e-4, steps: int = 600
) -> tuple[FloatArray, FloatArray]:
    """Weighted softmax regression by full-batch Adam; returns (weights, bias)."""
    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.zeros(y.shape[1], dtype=np.float32)
    m_w, v_w = np.zeros_like(weights), np.zeros_like(weights)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    share = (w / w.sum()).astype(np.float32)[:, None]
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, steps + 1):
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - y) * share
        grad_w = x.T @ error + l2 * weights
        grad_b = error.sum(axis=0)
        for param, grad, m, v in ((weights, grad_w, m_w, v_w), (bias, grad_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + 1e-8)
    return weights, bias


def risk_scores(
    weights: FloatArray, bias: FloatArray, vectors: FloatArray, groups: Sequence[range]
) -> FloatArray:
    """P(not ordinary) per text: the highest over the text and its pieces."""
    model = MeaningModel(CLASSES, weights, bias, 0.5, 0.0, 0.0, 0.5, "")
    risk = 1.0 - model.probabilities(vectors)[:, 0]
    return np.array([risk[g].max() for g in groups], dtype=np.float32)


def encode_texts(
    encoder: SentenceEncoder, texts: Sequence[str]
) -> tuple[FloatArray, list[range], FloatArray]:
    """Vectors of every piece, each text's piece rows, and each text's whole-text vector."""
    flat: list[str] = []
    groups: list[range] = []
    for text in texts:
        parts = pieces(text)
        groups.append(range(len(flat), len(flat) + len(parts)))
        flat.extend(parts)
    vectors = encoder.encode(flat)
    whole = vectors[[g.start for g in groups]]
    return vectors, groups, whole


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """The three cut-offs on P(not ordinary), and what they gave on the rows they were chosen on."""

    threshold: float
    veto: float
    settled: float
    denied: float
    recall: float
    false_alarms: float


def flagged(
    scores: FloatArray,
    reading: Reading,
    threshold: float,
    veto: float,
    settled_cut: float,
    denied_cut: float,
) -> npt.NDArray[np.bool_]:
    """The detector's rule (``safety.detector``), vectorised: which rows are flagged."""
    upheld = reading.lexicon & np.where(reading.settled, scores >= settled_cut, scores >= veto)
    alone = np.where(reading.denied & ~reading.lexicon, scores >= denied_cut, scores >= threshold)
    alone &= reading.words >= MIN_WORDS
    result: npt.NDArray[np.bool_] = alone | upheld
    return result


@dataclass(frozen=True, slots=True)
class Reading:
    """What the lexicon makes of each row: fired, settled wording, negated risk wording."""

    lexicon: npt.NDArray[np.bool_]
    settled: npt.NDArray[np.bool_]
    denied: npt.NDArray[np.bool_]
    words: npt.NDArray[np.int_]

    def __getitem__(self, rows: npt.NDArray[np.bool_]) -> Reading:
        return Reading(self.lexicon[rows], self.settled[rows], self.denied[rows], self.words[rows])


def read(detector: RiskDetector, cases: Sequence[PhraseCase]) -> Reading:
    """The lexicon's reading of every case."""
    readings = [detector.read(c.text) for c in cases]
    return Reading(
        np.array([bool(r.fired) for r in readings]),
        np.array([r.settled for r in readings]),
        np.array([r.denied for r in readings]),
        np.array([len(" ".join(c.text.split()).split()) for c in cases]),
    )


def choose_cutoffs(scores: FloatArray, reading: Reading, risk: npt.NDArray[np.bool_]) -> Cutoffs:
    """Best recall with false alarms within budget; ties go to fewer false alarms, then to the
    highest cut for negated wording (embeddings barely see a "not", so it needs more evidence
    unless the data show otherwise)."""
    best: Cutoffs | None = None
    for threshold in np.round(np.arange(0.30, 0.96, 0.01), 2):
        for veto in np.round(np.arange(0.0, min(VETO_MAX, threshold) + 1e-9, 0.02), 2):
            for cut in np.round(np.arange(veto, threshold + 1e-9, 0.02), 2):
                for deny in np.round(np.arange(max(threshold, DENIED_MIN), 1.0 + 1e-9, 0.02), 2):
                    got = flagged(scores, reading, threshold, veto, cut, min(deny, 1.0))
                    alarms = float(got[~risk].mean())
                    if alarms > FALSE_ALARM_BUDGET:
                        continue
                    recall = float(got[risk].mean())
                    key = (recall, -alarms, deny)
                    if best is None or key > (best.recall, -best.false_alarms, best.denied):
                        best = Cutoffs(
                            float(threshold),
                            float(veto),
                            float(cut),
                            float(min(deny, 1.0)),
                            recall,
                            alarms,
                        )
    if best is None:
        raise SystemExit("no cut-offs keep false alarms within budget")
    return best


def build_model(
    encoder: SentenceEncoder, examples: Sequence[Example], label: str = "outside rows"
) -> tuple[MeaningModel, Cutoffs]:
    """Fit the classifier on ``examples`` and choose its cut-offs recall first, out of fold, on
    the rows that come from the outside set (text the team did not write)."""
    cases = [e.case for e in examples]
    y = targets(cases)
    w = np.array([e.weight for e in examples], dtype=np.float32)
    risk = np.array([c.is_risk for c in cases])
    # Risk and ordinary rows carry equal weight in total.
    w[risk] *= w[~risk].sum() / w[risk].sum()
    vectors, groups, whole = encode_texts(encoder, [c.text for c in cases])

    order = np.random.default_rng(SEED).permutation(len(cases))
    oof = np.zeros(len(cases), dtype=np.float32)
    for fold in range(FOLDS):
        held = order[fold::FOLDS]
        train = np.setdiff1d(order, held)
        fw, fb = fit(whole[train], y[train], w[train])
        oof[held] = risk_scores(fw, fb, vectors, [groups[i] for i in held])

    detector = RiskDetector(meaning=None)
    reading = read(detector, cases)
    outside = np.array([e.outside for e in examples])
    cut = choose_cutoffs(oof[outside], reading[outside], risk[outside])
    print(
        f"out of fold on {label}: threshold {cut.threshold:.2f}, veto {cut.veto:.2f}, "
        f"settled {cut.settled:.2f}, denied {cut.denied:.2f}: recall {cut.recall:.3f}, "
        f"false alarms {cut.false_alarms:.3f}"
    )
    weights, bias = fit(whole, y, w)
    digest = hashlib.sha256("\n".join(c.text for c in cases).encode()).hexdigest()[:8]
    model = MeaningModel(
        CLASSES,
        weights,
        bias,
        cut.threshold,
        cut.veto,
        cut.settled,
        cut.denied,
        encoder.fingerprint,
        version=f"v2-{digest}",
    )
    return model, cut


def team_examples() -> list[Example]:
    """The rows the team wrote: the exemplar banks and the DEV phrases (TEST stays unseen)."""
    return [Example(c, 1.0, False) for c in load_banks() + load_set("dev")]


def outside_examples(cases: Sequence[PhraseCase]) -> list[Example]:
    """Rows of the outside set, counted double: their style is closest to a ward's."""
    return [Example(c, OUTSIDE_WEIGHT, True) for c in cases]


def cross_fitted(
    encoder: SentenceEncoder, first: Sequence[PhraseCase], second: Sequence[PhraseCase]
) -> tuple[MeaningModel, MeaningModel]:
    """Two fold models: the first never saw ``first``, the second never saw ``second``.

    Scoring each half with the model trained without it is the honest figure for text the
    team did not write, once the shipped model has learnt from both halves."""
    base = team_examples()
    without_first, _ = build_model(encoder, base + outside_examples(second), "half B (fold 1)")
    without_second, _ = build_model(encoder, base + outside_examples(first), "half A (fold 2)")
    return without_first, without_second


def main(argv: Sequence[str] | None = None) -> int:
    """Train on every labelled row, choose cut-offs out of fold, and write the model file."""
    parser = argparse.ArgumentParser(prog="python -m tools.safety.train")
    parser.add_argument("--outside", type=Path, default=outside_path())
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args(argv)
    encoder = packaged_encoder()
    if encoder is None:
        print("the sentence encoder package is not installed", file=sys.stderr)
        return 2
    first, second = halves(load_outside(args.outside))
    examples = team_examples() + outside_examples([*first, *second])
    model, _ = build_model(encoder, examples, "both outside halves")
    model.save(args.out)
    print(f"wrote {args.out} ({len(examples)} rows, version {model.version})")
    print("figures on text the model never saw: python -m tools.safety.evaluate (cross-fitted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
