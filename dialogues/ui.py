"""Messages shared by every script (help, pause, re-asks, support): templates in ``common/``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader

from dialogues.render import Output, make_environment, render_block

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class UiTexts:
    """Renders the common templates of one language for one output."""

    def __init__(self, output: Output, language: str = "en", root: Path = TEMPLATES_DIR) -> None:
        folder = root / language / "common"
        if not folder.is_dir():
            raise FileNotFoundError(f"no common templates for language '{language}' in {folder}")
        self.output = output
        self._env = make_environment(output, FileSystemLoader(str(folder)))

    def message(self, name: str, **context: Any) -> str:
        """The ``prompt`` block of ``common/<name>.j2``."""
        return render_block(self._env, f"{name}.j2", "prompt", context)

    def label(self, name: str, context: Mapping[str, Any] | None = None) -> str:
        """A button label from ``common/labels.j2``."""
        return render_block(self._env, "labels.j2", name, context or {})

    def names(self) -> list[str]:
        """Every common template name (without ``.j2``), for validation."""
        return sorted(t[:-3] for t in self._env.list_templates() if t.endswith(".j2"))
