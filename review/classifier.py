"""A small statistical theme model that backs up the codebook where its phrases miss.

Phrase lists only know the wordings someone thought to write down, so an answer that says
"a skeleton crew" instead of "short staffed" slips through. This model is one-vs-rest logistic
regression over the same stemmed words the tagger uses (single words and adjacent pairs),
trained on every labelled set in ``tools/review/data`` by ``python -m tools.review.train``. Its
weights ship in ``theme_model.json`` beside this module, so nothing is downloaded and no torch is
needed.
An answer's word vector is divided by its length raised to a power below 1 (``length_power``), so
an answer that runs through several themes keeps enough of each one's words to be tagged with all.

Each theme has its own probability threshold and a codebook weight, both chosen by
leave-one-set-out validation (train on every labelled set but one, score the one left out), so
they favour what carries over to a new writing style. A theme is tagged when the model's
probability plus the codebook weight (when a phrase matched) passes the threshold; a weight of
1 means a phrase match always tags ("codebook OR model"), 0 means the model alone decides.

Words alone miss meaning ("nobody came for ages" never says "wait"), so the packaged model also
reads a sentence embedding (``language.encoder``) beside the words: its file records the encoder's
fingerprint, so the model hash stored with each tagging changes if the encoder does. Without the
encoder package the tagger falls back to the words-only model and logs that it did.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from language.encoder import SentenceEncoder, packaged_encoder
from review.phrases import tokens

FORMAT = 1  # words only
FORMAT_DENSE = 2  # words and a sentence embedding
FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
log = logging.getLogger(__name__)


def default_model_path() -> Path:
    """The words-only model shipped with the package (the fallback without an encoder)."""
    return Path(__file__).with_name("theme_model.json")


def default_dense_model_path() -> Path:
    """The words-plus-embedding model shipped with the package."""
    return Path(__file__).with_name("theme_model_embed.json")


def features(text: str) -> set[str]:
    """The model's features of ``text``: stemmed words and stemmed adjacent word pairs."""
    stems = tokens(text)
    found = {f"u:{word}" for word in stems}
    found.update(f"b:{a}_{b}" for a, b in itertools.pairwise(stems))
    return found


def encode_array(values: FloatArray) -> str:
    """Float32 values as base64 text, so weights stay compact and exact inside JSON."""
    return base64.b64encode(np.ascontiguousarray(values, dtype="<f4").tobytes()).decode("ascii")


def decode_array(text: str, shape: tuple[int, ...]) -> FloatArray:
    """The inverse of ``encode_array``."""
    flat = np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)
    return flat.reshape(shape)


def decide(
    probs: FloatArray,
    phrase_hits: BoolArray,
    vetoed: BoolArray,
    threshold: float | FloatArray,
    weight: float | FloatArray,
) -> BoolArray:
    """The tagging rule, per theme or for all: probability plus codebook weight past threshold.

    A vetoed theme is never added by the model; a phrase match with weight 1 always tags.
    Training scores candidate rules with this same function, so it cannot drift from inference.
    """
    # float32 keeps the sum in the model's precision whether ``weight`` is a float or an array
    boosted = probs + phrase_hits * np.asarray(weight, dtype=np.float32)
    chosen: BoolArray = ((boosted > threshold) & ~vetoed) | (
        phrase_hits & (np.asarray(weight) >= 1.0)
    )
    return chosen


@dataclass(frozen=True, slots=True, eq=False)
class ThemeModel:
    """Trained weights: one column per theme, one row per known feature."""

    themes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: FloatArray
    weights: FloatArray
    bias: FloatArray
    thresholds: FloatArray
    version: str = "unsaved"
    # Weights over the sentence embedding (dimension x themes) and the encoder that makes it;
    # None for a words-only model.
    dense: FloatArray | None = None
    encoder: SentenceEncoder | None = None
    encoder_fingerprint: str = ""
    # Per theme, how much a codebook phrase match adds to the probability (None: 1 for all,
    # the plain "codebook OR model" rule of older model files).
    codebook_weight: FloatArray | None = None
    # Each answer's word vector is divided by its length to this power: 1 makes it unit length,
    # smaller values let a long answer that touches several themes keep more of each one's words.
    length_power: float = 1.0

    @property
    def uses_encoder(self) -> bool:
        """Whether this model reads sentence embeddings as well as words."""
        return self.dense is not None

    def rows(self, text: str) -> list[int]:
        """Indices of the known features of ``text``."""
        vocabulary = self.vocabulary
        return sorted(vocabulary[f] for f in features(text) if f in vocabulary)

    def probabilities(
        self, texts: Sequence[str], embeddings: FloatArray | None = None
    ) -> FloatArray:
        """A (texts x themes) array of probabilities; ``embeddings`` saves re-encoding."""
        logits = np.empty((len(texts), len(self.themes)), dtype=np.float32)
        for start in range(0, len(texts), 4096):
            chunk = texts[start : start + 4096]
            logits[start : start + len(chunk)] = self._word_logits(chunk)
        if self.dense is not None and len(texts):
            if embeddings is None:
                if self.encoder is None:
                    raise ValueError("this theme model needs a sentence encoder")
                embeddings = self.encoder.encode(texts)
            logits += embeddings @ self.dense
        probs: FloatArray = (1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))).astype(np.float32)
        return probs

    def _word_logits(self, texts: Sequence[str]) -> FloatArray:
        # One gather and one segmented sum for the whole chunk: calling numpy once per answer
        # would cost more than the arithmetic itself.
        index_lists = [self.rows(text) for text in texts]
        lengths = np.fromiter((len(r) for r in index_lists), dtype=np.int64, count=len(texts))
        flat = np.fromiter(
            (i for r in index_lists for i in r), dtype=np.int64, count=int(lengths.sum())
        )
        values = self.idf[flat]
        contributions = self.weights[flat] * values[:, None]
        logits: FloatArray = np.tile(self.bias, (len(texts), 1)).astype(np.float32)
        filled = lengths > 0
        if flat.size:
            starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[filled]
            sums = np.add.reduceat(contributions, starts, axis=0)
            norms = np.add.reduceat(values * values, starts) ** np.float32(self.length_power / 2)
            logits[filled] += sums / norms[:, None]
        return logits

    def predict_many(self, texts: Sequence[str]) -> list[frozenset[str]]:
        """The themes whose probability passes their threshold, for each text."""
        above = self.probabilities(texts) > self.thresholds
        return [frozenset(self.themes[j] for j in np.flatnonzero(row)) for row in above]

    def combine(self, probs: FloatArray, phrase_hits: BoolArray, vetoed: BoolArray) -> BoolArray:
        """Which themes to tag, from (answers x themes) probabilities and codebook results.

        ``phrase_hits`` marks the themes a codebook phrase matched and ``vetoed`` those an
        exclude phrase cancelled, both in this model's theme order. A vetoed theme is never added
        by the model; a phrase match with weight 1 always tags.
        """
        weight = (
            self.codebook_weight
            if self.codebook_weight is not None
            else np.ones(len(self.themes), dtype=np.float32)
        )
        return decide(probs, phrase_hits, vetoed, self.thresholds, weight)

    def predict(self, text: str) -> frozenset[str]:
        """The themes whose probability passes their threshold."""
        return self.predict_many([text])[0]

    def to_json(self) -> str:
        """The model as deterministic JSON text (the version is the hash of this text)."""
        ordered = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        data: dict[str, Any] = {
            "format": FORMAT if self.dense is None else FORMAT_DENSE,
            "themes": list(self.themes),
            "features": ordered,
            "idf": encode_array(self.idf),
            "weights": encode_array(self.weights),
            "bias": [round(float(b), 6) for b in self.bias],
            "thresholds": [round(float(t), 4) for t in self.thresholds],
        }
        if self.length_power != 1.0:
            data["length_power"] = round(float(self.length_power), 4)
        if self.codebook_weight is not None:
            data["codebook_weight"] = [round(float(w), 4) for w in self.codebook_weight]
        if self.dense is not None:
            data["encoder"] = self.encoder_fingerprint
            data["dense"] = encode_array(self.dense)
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


def model_version(text: str) -> str:
    """A short content hash of a saved model, stored with every tagging."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def parse_model(text: str, encoder: SentenceEncoder | None = None) -> ThemeModel:
    """Rebuild a model from ``to_json`` text; a model with embeddings needs their ``encoder``."""
    data = json.loads(text)
    if data.get("format") not in {FORMAT, FORMAT_DENSE}:
        raise ValueError(f"theme model format {data.get('format')!r} is not {FORMAT} or 2")
    themes = tuple(str(t) for t in data["themes"])
    names: list[str] = [str(f) for f in data["features"]]
    size = len(names)
    dense: FloatArray | None = None
    expected = str(data.get("encoder", ""))
    if data["format"] == FORMAT_DENSE:
        if encoder is None:
            raise ValueError("this theme model reads sentence embeddings: pass its encoder")
        if encoder.fingerprint != expected:
            raise ValueError(
                f"theme model was trained with encoder {expected}, not {encoder.fingerprint}"
            )
        dense = decode_array(data["dense"], (encoder.dimension, len(themes)))
    return ThemeModel(
        themes=themes,
        vocabulary={name: i for i, name in enumerate(names)},
        idf=decode_array(data["idf"], (size,)),
        weights=decode_array(data["weights"], (size, len(themes))),
        bias=np.asarray(data["bias"], dtype=np.float32),
        thresholds=np.asarray(data["thresholds"], dtype=np.float32),
        version=model_version(text),
        dense=dense,
        encoder=encoder if dense is not None else None,
        encoder_fingerprint=expected,
        codebook_weight=(
            np.asarray(data["codebook_weight"], dtype=np.float32)
            if "codebook_weight" in data
            else None
        ),
        length_power=float(data.get("length_power", 1.0)),
    )


_CACHE: dict[Path, ThemeModel] = {}


def load_model(
    path: str | Path | None = None, encoder: SentenceEncoder | None = None
) -> ThemeModel:
    """Load the model at ``path`` (the packaged words-only one when None), once per process."""
    file = Path(path) if path is not None else default_model_path()
    if file not in _CACHE:
        _CACHE[file] = parse_model(file.read_text(encoding="utf-8"), encoder)
    return _CACHE[file]


def load_packaged() -> ThemeModel:
    """The words-plus-embedding model when its encoder is installed, else the words-only one."""
    encoder = packaged_encoder()
    dense_path = default_dense_model_path()
    if encoder is not None and dense_path.is_file():
        try:
            return load_model(dense_path, encoder)
        except ValueError as problem:
            # A different encoder build would make the stored weights meaningless.
            log.warning("theme model with embeddings unusable (%s): words only", problem)
    return load_model(default_model_path())


def save_model(model: ThemeModel, path: str | Path) -> str:
    """Write ``model`` to ``path`` and return its version hash."""
    text = model.to_json()
    Path(path).write_text(text, encoding="utf-8")
    _CACHE.pop(Path(path), None)
    return model_version(text)
