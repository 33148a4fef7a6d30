"""Emerging themes cluster untagged answers deterministically and can be promoted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from review.codebook import CodebookError, default_codebook_path, load_codebook, parse_codebook
from review.emerging import EmergingCluster, find_emerging, promote_cluster
from review.tagger import Tagger

BOOK = parse_codebook(
    "version: 3\nthemes:\n  - id: noise\n    label: Noise\n    include: [loud]\n", "t.yaml"
)
ANSWERS = [
    "the food is cold every night",
    "cold food again at dinner",
    "food portions are tiny and cold",
    "wifi keeps dropping out",
    "no wifi signal in my room",
    "wifi down again all evening",
    "the ward is loud",  # tagged, so never clustered
    "i liked the nurse",
]


def test_clusters_group_shared_words_and_skip_tagged() -> None:
    found = find_emerging(ANSWERS, Tagger(BOOK), clusters=2, seed=1)
    assert [c.size for c in found] == [3, 3]
    by_word = {("food" if "food" in c.label_words else c.label_words[0]): c for c in found}
    assert set(by_word) == {"food", "wifi"}
    assert set(by_word["food"].label_words[:2]) == {"cold", "food"}
    assert by_word["food"].members == (0, 1, 2)
    assert by_word["wifi"].members == (3, 4, 5)
    assert all(6 not in c.members and len(c.examples) <= 3 for c in found)


def test_same_seed_same_result() -> None:
    first = find_emerging(ANSWERS * 3, Tagger(BOOK), seed=7)
    again = find_emerging(ANSWERS * 3, Tagger(BOOK), seed=7)
    assert first == again


def test_max_examples_and_no_tagger() -> None:
    found = find_emerging(ANSWERS, None, clusters=2, max_examples=1)
    assert all(len(c.examples) == 1 for c in found)


def test_too_few_answers_gives_nothing() -> None:
    assert find_emerging(["one lonely answer"], Tagger(BOOK)) == []
    assert find_emerging([], Tagger(BOOK)) == []


def test_promote_appends_theme_keeps_comments_and_bumps_version(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    shutil.copy(default_codebook_path(), path)
    before = load_codebook(path)
    cluster = EmergingCluster(size=3, label_words=("food", "dinner"), examples=(0,), members=(0,))
    after = promote_cluster(path, cluster, "food", "Food and drink")
    assert after.declared_version == before.declared_version + 1
    assert after.ids[-1] == "food"
    assert after.theme("food").include == ("food", "dinner")
    assert path.read_text(encoding="utf-8").startswith("# PROMISE Reflect theme codebook.")
    assert Tagger(load_codebook(path)).tag("the dinners are awful") == ("food",)


def test_promote_rejects_existing_id(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text("version: 1\nthemes:\n- id: food\n  label: Food\n  include: [food]\n")
    cluster = EmergingCluster(size=2, label_words=("meal",), examples=(0,), members=(0, 1))
    with pytest.raises(CodebookError, match="already exists"):
        promote_cluster(path, cluster, "food", "Food")
    added = promote_cluster(path, cluster, "meals", "Meals")
    assert added.ids == ("food", "meals")
    assert added.declared_version == 2


def test_promote_unusual_layout_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text("themes:\n- id: food\n  label: Food\n  include: [food]\nversion: 4\n")
    cluster = EmergingCluster(size=2, label_words=("meal",), examples=(0,), members=(0, 1))
    added = promote_cluster(path, cluster, "meals", "Meals", include=["meal time"])
    assert added.declared_version == 5
    assert load_codebook(path).theme("meals").include == ("meal time",)
