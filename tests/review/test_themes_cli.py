"""`reflect themes` behaviour: one output line per input line, codebook choice, promotion."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from review.codebook import CodebookError, default_codebook_path, load_codebook
from review.tagger import Tagger
from review.themes_cli import load_cli_codebook, load_tagger, print_emerging, promote, tag_stream

CUSTOM = "version: 1\nthemes:\n  - id: food\n    label: Food\n    include: [food, dinner]\n"


def test_one_line_out_per_line_in() -> None:
    tagger = load_tagger()
    lines = ["we were short staffed\n", "\n", "no comment\r\n", "the injection hurt", "   \n"]
    out = io.StringIO()
    assert tag_stream(lines, out, tagger) == 5
    printed = out.getvalue().splitlines()
    assert len(printed) == 5
    assert printed[0] == "staffing"
    assert printed[1] == "none"
    assert printed[2] == "none"
    assert set(printed[3].split(",")) == {"medication", "physical_safety"}
    assert printed[4] == "none"


def test_stream_from_text_io(tmp_path: Path) -> None:
    path = tmp_path / "custom.yaml"
    path.write_text(CUSTOM)
    out = io.StringIO()
    tag_stream(io.StringIO("cold dinner\nfood again\nnothing\n"), out, load_tagger(path))
    assert out.getvalue() == "food\nfood\nnone\n"


def test_default_and_custom_codebook(tmp_path: Path) -> None:
    assert load_cli_codebook().version == load_codebook(default_codebook_path()).version
    path = tmp_path / "mine.yaml"
    path.write_text(CUSTOM)
    assert load_cli_codebook(str(path)).ids == ("food",)


def test_bad_codebook_path_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\nthemes:\n  - id: food\n    label: Food\n")
    with pytest.raises(CodebookError, match=r"bad.yaml:food: include is empty"):
        load_tagger(path)


def test_print_emerging_then_promote(tmp_path: Path) -> None:
    path = tmp_path / "codebook.yaml"
    shutil.copy(default_codebook_path(), path)
    texts = ["wifi keeps dropping", "no wifi in my room", "the wifi is down", "i like toast"]
    out = io.StringIO()
    # Phrases only: this test is about clustering what the codebook does not cover.
    phrases_only = Tagger(load_codebook(path), model=None)
    clusters = print_emerging(texts, out, phrases_only, clusters=1)
    assert out.getvalue().startswith("1. wifi (3 answers)\n")
    with pytest.raises(ValueError, match="no cluster 2"):
        promote(path, clusters, 2, "wifi", "Wi-Fi", io.StringIO())
    report = io.StringIO()
    codebook = promote(path, clusters, 1, "wifi", "Wi-Fi and internet", report)
    assert "wifi" in codebook.ids
    assert codebook.version in report.getvalue()
    assert "wifi" in Tagger(load_codebook(path), model=None).tag("wifi is rubbish")


def test_print_emerging_with_nothing() -> None:
    out = io.StringIO()
    assert print_emerging([], out, load_tagger()) == []
    assert out.getvalue().startswith("no emerging themes")
