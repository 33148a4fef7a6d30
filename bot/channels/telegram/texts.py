"""Telegram-only texts (group refusal, stale buttons, privacy...) rendered from templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader

from dialogues.render import Output, make_environment, render_block
from dialogues.words import WORD_KEYS

TEMPLATES = Path(__file__).resolve().parent / "templates"


class TelegramTexts:
    """Renders ``templates/`` here: messages as Telegram HTML, the rest as plain text."""

    def __init__(
        self,
        root: Path = TEMPLATES,
        *,
        retention_days: int = 730,
        abandoned_days: int = 30,
        feedback_days: int = 90,
    ) -> None:
        """``retention_days``, ``abandoned_days`` and ``feedback_days``: what the privacy notice
        says is kept, and for how long."""
        loader = FileSystemLoader(str(root))
        # Message bodies go out with parse_mode=HTML, so they are escaped; button labels,
        # callback toasts and command descriptions are shown verbatim, so they are not.
        self._html = make_environment(Output.TELEGRAM_HTML, loader)
        self._plain = make_environment(Output.TERMINAL, loader)
        kept = {
            "retention_days": retention_days,
            "abandoned_days": abandoned_days,
            "feedback_days": feedback_days,
        }
        for env in (self._html, self._plain):
            env.globals.update(kept)

    def message(self, name: str, **context: Any) -> str:
        """A whole message template (``<name>.j2``) as Telegram HTML."""
        return self._html.get_template(f"{name}.j2").render(**context).strip()

    def plain(self, name: str, **context: Any) -> str:
        """A whole template as plain text (for the terminal, e.g. the missing-token help)."""
        return self._plain.get_template(f"{name}.j2").render(**context).strip()

    def label(self, name: str, **context: Any) -> str:
        """A button label from ``labels.j2`` (plain text)."""
        return render_block(self._plain, "labels.j2", name, context)

    def toast(self, name: str) -> str:
        """A short callback-query answer from ``toasts.j2`` (plain text)."""
        return render_block(self._plain, "toasts.j2", name, {})

    def words(self) -> dict[str, str]:
        """How Telegram names its controls in the dialogues' shared texts (``words.j2``)."""
        return {key: render_block(self._plain, "words.j2", key, {}) for key in WORD_KEYS}

    def command(self, name: str) -> str:
        """A command-menu description from ``commands.j2`` (plain text)."""
        return render_block(self._plain, "commands.j2", name, {})
