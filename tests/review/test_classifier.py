"""The theme model adds what phrases miss, defers to excludes, and saves deterministically."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from review.classifier import ThemeModel, features, load_model, parse_model, save_model
from review.codebook import parse_codebook
from review.tagger import Tagger, stem

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
