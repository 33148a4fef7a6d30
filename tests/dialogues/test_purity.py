"""The engine stays pure: no module under dialogues/ imports telegram or sqlalchemy."""

from __future__ import annotations

import ast
from pathlib import Path

import dialogues

FORBIDDEN = {"telegram", "sqlalchemy", "alembic", "httpx", "storage", "bot"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_engine_modules_import_no_transport_or_database() -> None:
    package = Path(dialogues.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert len(files) > 5
    offenders = {
        str(f.relative_to(package)): sorted(_imports(f) & FORBIDDEN)
        for f in files
        if _imports(f) & FORBIDDEN
    }
    assert offenders == {}


def test_the_check_notices_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from sqlalchemy import select\nimport telegram.ext\n", encoding="utf-8")
    assert _imports(sample) & FORBIDDEN == {"sqlalchemy", "telegram"}
