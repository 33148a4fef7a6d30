"""The codebook loads, validates with file:theme: messages and versions by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from review.codebook import CodebookError, load_codebook, parse_codebook

GOOD = """
version: 2
themes:
  - id: noise
    label: Noise
    description: Loud wards
    include: [loud, noisy]
    exclude: [loud voice]
  - id: food
    label: Food
    include_patterns: ['\\bdinner\\b']
"""


def test_packaged_codebook_loads_with_expected_size() -> None:
    codebook = load_codebook()
    assert 12 <= len(codebook.themes) <= 18
    assert codebook.declared_version >= 1
    assert codebook.version.startswith(f"{codebook.declared_version}+")
    assert all(theme.description for theme in codebook.themes)


def test_parse_good_codebook() -> None:
    codebook = parse_codebook(GOOD, source="cb.yaml")
    assert codebook.ids == ("noise", "food")
    assert codebook.theme("noise").exclude == ("loud voice",)
    assert codebook.declared_version == 2


def test_version_changes_with_content_not_layout() -> None:
    same = parse_codebook(GOOD.replace("[loud, noisy]", "\n      - loud\n      - noisy"))
    changed = parse_codebook(GOOD.replace("noisy", "racket"))
    base = parse_codebook(GOOD)
    assert same.version == base.version
    assert changed.version != base.version
    assert changed.declared_version == base.declared_version


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD.replace("    label: Food", "    label: Food\n    colour: red"),
            "cb.yaml:food: unknown key 'colour'",
        ),
        (GOOD.replace("'\\bdinner\\b'", "'(dinner'"), "cb.yaml:food: include_patterns pattern"),
        (GOOD.replace("id: food", "id: noise"), "cb.yaml:noise: duplicate theme id"),
        (GOOD.replace("include: [loud, noisy]", "include: []"), "cb.yaml:noise: include is empty"),
        (GOOD.replace("version: 2", "version: two"), "cb.yaml:codebook: version"),
        (GOOD.replace("version: 2", "version: 2\nextra: 1"), "cb.yaml:codebook: unknown key"),
        (GOOD.replace("id: food", "id: none"), "cb.yaml:none: id 'none' is reserved"),
        (GOOD.replace("id: food", "id: Food Theme"), "cb.yaml:theme #2: id must be"),
        (GOOD.replace("[loud, noisy]", "['...', noisy]"), "cb.yaml:noise: include phrase '...'"),
        (GOOD.replace("[loud, noisy]", "['loud ...', noisy]"), "cannot start or end with ..."),
        ("version: 1\nthemes: []\n", "cb.yaml:codebook: themes must be a non-empty list"),
        ("version: [1\n", "cb.yaml:codebook: not valid YAML"),
    ],
)
def test_problems_name_file_and_theme(text: str, message: str) -> None:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, source="cb.yaml")
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


def test_all_problems_reported_together() -> None:
    text = GOOD.replace("    label: Food", "    colour: red").replace("include: [loud, noisy]", "")
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, source="cb.yaml")
    assert len(caught.value.problems) >= 3


def test_missing_file_is_a_codebook_error(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="cannot read"):
        load_codebook(tmp_path / "absent.yaml")
