"""Engine replies as inline keyboards with versioned callback data, and presses back again."""

from __future__ import annotations

import html
import string

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.conversation import ButtonContext
from dialogues import Button, CompiledScript, Payload, Reply
from dialogues.prompts import CONTROL_CHOICES

_DIGITS = string.digits + string.ascii_lowercase


def session_token(session_id: int) -> str:
    """The session id in base 36 (short enough for the 64-byte callback data)."""
    if session_id == 0:
        return "0"
    digits = []
    value = session_id
    while value:
        value, rest = divmod(value, 36)
        digits.append(_DIGITS[rest])
    return "".join(reversed(digits))


def button_context(payload: Payload) -> ButtonContext | None:
    """Where a pressed button came from; ``None`` if its session token is malformed."""
    try:
        session_id = int(payload.session, 36)
    except ValueError:
        return None
    return ButtonContext(session_id, payload.version, payload.step)


def keyboard(
    reply: Reply, session_id: int | None, compiled: CompiledScript | None
) -> InlineKeyboardMarkup | None:
    """The inline keyboard of ``reply``: answers one per row, controls two per row."""
    if not reply.buttons or session_id is None or compiled is None or reply.step is None:
        return None
    script = compiled.script
    step = script.index_of(reply.step)

    def button(b: Button) -> InlineKeyboardButton:
        data = Payload(script.version, session_token(session_id), step, b.choice).encode()
        # Labels are rendered for HTML; buttons show text verbatim, so undo the escaping.
        return InlineKeyboardButton(html.unescape(b.label), callback_data=data)

    answers = [[button(b)] for b in reply.buttons if b.choice not in CONTROL_CHOICES]
    controls = [button(b) for b in reply.buttons if b.choice in CONTROL_CHOICES]
    rows = answers + [controls[i : i + 2] for i in range(0, len(controls), 2)]
    return InlineKeyboardMarkup(rows)


def choice_keyboard(buttons: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """A one-per-row keyboard of ``(label, callback data)`` pairs."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in buttons])
