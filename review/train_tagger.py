"""Rebuild the packaged theme model from DEV to DEV5: ``python -m review.train_tagger``.

Training is deterministic (fixed fold assignment, zero start, fixed number of full-batch steps),
so the same DEV file and codebook give the same weights. Thresholds are chosen per theme on
out-of-fold probabilities for the rule the tagger applies: codebook match OR model above the
threshold, so the model is asked only to fill the codebook's gaps. They are chosen on DEV2, DEV4
and DEV5 only: the codebook was tuned on DEV, where its phrases look near perfect and would hide
the gaps, and DEV3 repeats hand-written clauses across answers, so its out-of-fold scores flatter
the model. Thresholds come from a coarse grid (0.3 to 0.8 in steps of 0.1): in nested
cross-validation (thresholds chosen without the fold they are scored on) the coarse grid beat the
fine one (0.20 to 0.95 in steps of 0.025) for every model variant tried, as a fine grid fits the
noise of a few dozen positives per theme.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from review.classifier import (
    FloatArray,
    ThemeModel,
    default_dense_model_path,
    default_model_path,
    features,
    save_model,
)
from review.codebook import Codebook, load_codebook
from review.encoder import SentenceEncoder, packaged_encoder
from review.evaluate_tagging import LabelledAnswer, load_dev
from review.tagger import Tagger

FOLDS = 5
MIN_DOCS = 2  # a feature seen in one answer only is more likely noise than signal
L2 = 1e-4  # chosen by DEV2 cross-validation among 1e-2, 1e-3, 1e-4
STEPS = 300
RATE = 4.0
MOMENTUM = 0.9
# Embedding rows have unit length but small entries; scaling them up lets the same number of
# descent steps weigh them as much as the words. Chosen by DEV2 cross-validation (see --select).
DENSE_SCALE = 2.0  # DEV2 CV among 1, 2, 4, 8 (words+embeddings beat either alone)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)  # coarse on purpose: see the module docstring
BoolArray = npt.NDArray[np.bool_]


def fold_of(count: int, folds: int = FOLDS) -> npt.NDArray[np.int64]:
    """A fixed, shuffled fold number for each of ``count`` answers."""
    assignment = np.arange(count, dtype=np.int64) % folds
    np.random.default_rng(20250101).shuffle(assignment)
    return assignment


def fit(
    answers: Sequence[LabelledAnswer],
    themes: Sequence[str],
    embeddings: FloatArray | None = None,
    scale: float = DENSE_SCALE,
    words: bool = True,
) -> ThemeModel:
    """Logistic regression per theme on words and/or embeddings (thresholds left at 0.5)."""
    found = [features(a.text) for a in answers]
    counts: dict[str, int] = {}
    for feats in found:
        for name in feats:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, n in counts.items() if n >= MIN_DOCS) if words else []
    vocabulary = {name: i for i, name in enumerate(names)}
    idf = np.array(
        [math.log((1 + len(answers)) / (1 + counts[name])) + 1 for name in names], dtype=np.float32
    )
    x = np.zeros((len(answers), len(names)), dtype=np.float32)
    for row, feats in enumerate(found):
        # Sorted: set order follows string hashing, which changes per process, and the order
        # of a float sum changes its last bits, and with them the saved model's hash.
        cols = sorted(vocabulary[name] for name in feats if name in vocabulary)
        if cols:
            values = idf[cols]
            x[row, cols] = values / np.sqrt(np.sum(values * values))
    y = np.array([[t in a.labels for t in themes] for a in answers], dtype=np.float32)
    if embeddings is not None:
        x = np.hstack([x, embeddings * np.float32(scale)])
    weights, bias = _descend(x, y)
    dense = None
    if embeddings is not None:
        # Folding the scale into the weights keeps inference a plain embedding @ dense.
        dense = (weights[len(names) :] * np.float32(scale)).astype(np.float32)
        weights = np.ascontiguousarray(weights[: len(names)])
    return ThemeModel(
        themes=tuple(themes),
        vocabulary=vocabulary,
        idf=idf.astype(np.float32),
        weights=weights,
        bias=bias,
        thresholds=np.full(len(themes), 0.5, dtype=np.float32),
        dense=dense,
    )


def _descend(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Full-batch gradient descent with momentum on class-balanced log loss."""
    # Each theme is rare, so positives and negatives get equal total weight; otherwise the
    # model learns to say "no" to every theme and thresholds cannot rescue it.
    share = np.clip(y.mean(axis=0), 1e-3, 1 - 1e-3)
    balance = np.where(y > 0, 0.5 / share, 0.5 / (1 - share)).astype(np.float32)
    weights = np.zeros((x.shape[1], y.shape[1]), dtype=np.float32)
    bias = np.zeros(y.shape[1], dtype=np.float32)
    step_w, step_b = np.zeros_like(weights), np.zeros_like(bias)
    for _ in range(STEPS):
        # Clipped so a confident logit cannot overflow exp (float32 tops out near 88).
        probs = 1.0 / (1.0 + np.exp(-np.clip(x @ weights + bias, -30.0, 30.0)))
        grad = (probs - y) * balance / len(x)
        step_w = MOMENTUM * step_w + x.T @ grad + L2 * weights
        step_b = MOMENTUM * step_b + grad.sum(axis=0)
        weights -= RATE * step_w
        bias -= RATE * step_b
    return weights.astype(np.float32), bias.astype(np.float32)


def out_of_fold(
    answers: Sequence[LabelledAnswer],
    themes: Sequence[str],
    folds: int = FOLDS,
    embeddings: FloatArray | None = None,
    scale: float = DENSE_SCALE,
    words: bool = True,
) -> FloatArray:
    """Each answer's probabilities from a model that never saw it."""
    assignment = fold_of(len(answers), folds)
    probs = np.zeros((len(answers), len(themes)), dtype=np.float32)
    for fold in range(folds):
        kept = np.flatnonzero(assignment != fold).tolist()
        held = np.flatnonzero(assignment == fold).tolist()
        part = embeddings[kept] if embeddings is not None else None
        model = fit([answers[i] for i in kept], themes, part, scale, words)
        probs[held] = model.probabilities(
            [answers[i].text for i in held], embeddings[held] if embeddings is not None else None
        )
    return probs


def _f1(predicted: BoolArray, gold: BoolArray) -> float:
    tp = int(np.sum(predicted & gold))
    wrong = int(np.sum(predicted != gold))
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def choose_thresholds(probs: FloatArray, phrase_hits: BoolArray, gold: BoolArray) -> FloatArray:
    """Per theme, the threshold that maximises F1 of "codebook OR model" (ties: the higher)."""
    chosen: list[float] = []
    for j in range(gold.shape[1]):
        best, best_f1 = THRESHOLDS[-1], -1.0
        for threshold in reversed(THRESHOLDS):
            score = _f1((probs[:, j] > threshold) | phrase_hits[:, j], gold[:, j])
            if score > best_f1:
                best, best_f1 = threshold, score
        chosen.append(best)
    return np.array(chosen, dtype=np.float32)


def phrase_matrix(codebook: Codebook, answers: Sequence[LabelledAnswer]) -> BoolArray:
    """Which themes the codebook alone tags in each answer."""
    tagger = Tagger(codebook, model=None)
    tagged = tagger.tag_many(a.text for a in answers)
    return np.array([[t in row for t in codebook.ids] for row in tagged], dtype=np.bool_)


def gold_matrix(themes: Sequence[str], answers: Sequence[LabelledAnswer]) -> BoolArray:
    """The labels as a boolean (answers x themes) array."""
    return np.array([[t in a.labels for t in themes] for a in answers], dtype=np.bool_)


def train(
    codebook: Codebook,
    answers: Sequence[LabelledAnswer],
    untuned: Sequence[bool],
    folds: int = FOLDS,
    encoder: SentenceEncoder | None = None,
) -> tuple[ThemeModel, FloatArray]:
    """The final model with cross-validated thresholds, and the out-of-fold probabilities.

    ``untuned`` marks the answers the codebook was not tuned on; thresholds are fitted there.
    With an ``encoder`` the model reads sentence embeddings beside the words.
    """
    themes = codebook.ids
    embeddings = encoder.encode([a.text for a in answers]) if encoder is not None else None
    probs = out_of_fold(answers, themes, folds, embeddings)
    mask = np.asarray(untuned, dtype=np.bool_)
    chosen = [a for a, keep in zip(answers, untuned, strict=True) if keep]
    thresholds = choose_thresholds(
        probs[mask], phrase_matrix(codebook, chosen), gold_matrix(themes, chosen)
    )
    model = fit(answers, themes, embeddings)
    tuned = ThemeModel(
        themes=model.themes,
        vocabulary=model.vocabulary,
        idf=model.idf,
        weights=model.weights,
        bias=model.bias,
        thresholds=thresholds,
        dense=model.dense,
        encoder=encoder if model.dense is not None else None,
        encoder_fingerprint=encoder.fingerprint if encoder is not None else "",
    )
    return tuned, probs


def main(argv: Sequence[str] | None = None) -> int:
    """Train on DEV to DEV5, pick thresholds by cross-validation and write the packaged models."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--codebook", help="codebook YAML (default: the packaged one)")
    parser.add_argument("--out", type=Path, default=default_model_path(), help="words-only JSON")
    parser.add_argument(
        "--dense-out", type=Path, default=default_dense_model_path(), help="with-embedding JSON"
    )
    args = parser.parse_args(argv)
    codebook = load_codebook(args.codebook)
    answers, untuned = load_dev()
    encoder = packaged_encoder()
    # Both are written: the words-only model is what the tagger uses without the encoder.
    outputs: list[tuple[Path, SentenceEncoder | None]] = [(args.out, None)]
    if encoder is None:
        sys.stderr.write("sentence encoder not installed: skipping the embedding model\n")
    else:
        outputs.append((args.dense_out, encoder))
    for out, used in outputs:
        model, _ = train(codebook, answers, untuned, encoder=used)
        version = save_model(model, out)
        sys.stdout.write(
            f"trained on {len(answers)} DEV to DEV5 answers, "
            f"{len(model.vocabulary)} word features"
            f"{', embeddings ' + model.encoder_fingerprint if used else ''}; "
            f"wrote {out} (model {version})\n"
        )
        for theme, threshold in zip(model.themes, model.thresholds, strict=True):
            sys.stdout.write(f"  {theme:<20} threshold {float(threshold):.3f}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
