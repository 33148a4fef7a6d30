"""What a person typed: made readable, and matched to the buttons on the screen."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from dialogues.messages import Button

# Control characters other than tab and newline (NUL cannot be stored in PostgreSQL text at
# all), and the bidirectional embedding, override and isolate marks, which can make a stored
# answer display differently from what it says.
_UNREADABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Half of a surrogate pair on its own is no character at all and cannot be stored as UTF-8.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def readable_text(text: str) -> str:
    """``text`` without unreadable characters; empty if only invisible ones are left."""
    cleaned = _LONE_SURROGATE.sub("\ufffd", _UNREADABLE.sub("", text))
    # Zero-width and direction marks alone are an empty message, not an answer.
    if all(c.isspace() or unicodedata.category(c) == "Cf" for c in cleaned):
        return ""
    return cleaned


def match_typed(text: str, buttons: Sequence[Button]) -> str | None:
    """The choice of the button ``text`` names: its number, its label, or a word only it has."""
    typed = " ".join(text.casefold().split())
    if not typed:
        return None
    # ASCII digits only: "²" counts as a digit to isdigit() but is no number to int().
    if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(buttons):
        return buttons[int(typed) - 1].choice
    for button in buttons:
        if " ".join(button.label.casefold().split()) == typed:
            return button.choice
    starts = [b for b in buttons if b.label.casefold().startswith(typed)]
    if len(starts) == 1:
        return starts[0].choice
    # A word of exactly one label ("involved" for "I was involved") picks it.
    holding = [b for b in buttons if typed in b.label.casefold().replace(",", " ").split()]
    return holding[0].choice if len(holding) == 1 else None
