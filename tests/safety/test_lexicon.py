"""Lexicon loading: the packaged file is valid and broken files fail with clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from safety import SafetyConfigError, load_lexicon
from safety.lexicon import DEFAULT_LEXICON


def test_packaged_lexicon_loads() -> None:
    lexicon = load_lexicon()
    assert len(lexicon.rules) >= 20
    assert {rule.category for rule in lexicon.rules} == {
        "suicide",
        "self_harm",
        "harm_to_others",
        "unsafe",
        "abuse",
        "distress",
        "injury",
    }


def _broken(tmp_path: Path, change: str) -> str:
    data = yaml.safe_load(DEFAULT_LEXICON.read_text(encoding="utf-8"))
    rule = data["rules"][0]
    if change == "category":
        rule["category"] = "sadness"
    elif change == "duplicate":
        data["rules"].append(dict(rule))
    elif change == "regex":
        rule["patterns"] = ["(unclosed"]
    elif change == "macro":
        rule["patterns"] = ["{nowhere} myself"]
    elif change == "cue":
        rule["patterns"] = ["never again"]
    elif change == "window":
        data["negation"]["window"] = 0
    elif change == "rules":
        data["rules"] = []
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(SafetyConfigError) as caught:
        load_lexicon(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ("category", "category must be one of"),
        ("duplicate", "duplicate rule id"),
        ("regex", "bad pattern"),
        ("macro", "unknown macro {nowhere}"),
        ("cue", "negatable rule contains negation cues ['never']"),
        ("window", "negation.window"),
        ("rules", "rules: must be a non-empty list"),
    ],
)
def test_broken_lexicon_is_reported(tmp_path: Path, change: str, problem: str) -> None:
    assert problem in _broken(tmp_path, change)


def test_unreadable_and_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(SafetyConfigError, match="cannot read"):
        load_lexicon(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [", encoding="utf-8")
    with pytest.raises(SafetyConfigError, match="not valid YAML"):
        load_lexicon(bad)
