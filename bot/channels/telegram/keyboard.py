"""Engine replies as inline keyboards with versioned callback data, and presses back again."""

from __future__ import annotations

import html
import string

from bot.channels.telegram.payload import Payload
from bot.channels.telegram.replybot import Keyboard
from bot.services.outcomes import ButtonContext
from dialogues import CONTROL_CHOICES, Button, CompiledScript, Reply

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
) -> Keyboard | None:
    """The inline keyboard of ``reply``: answers one per row, controls two per row."""
    if not reply.buttons or session_id is None or compiled is None or reply.step is None:
        return None
    script = compiled.script
    step = script.index_of(reply.step)
    token = session_token(session_id)

    def button(b: Button) -> tuple[str, str]:
        data = Payload(script.version, token, step, b.choice).encode()
        # Labels are rendered for HTML; buttons show text verbatim, so undo the escaping.
        return html.unescape(b.label), data

    answers = [[button(b)] for b in reply.buttons if b.choice not in CONTROL_CHOICES]
    controls = [button(b) for b in reply.buttons if b.choice in CONTROL_CHOICES]
    return answers + [controls[i : i + 2] for i in range(0, len(controls), 2)]


def choice_keyboard(buttons: list[tuple[str, str]]) -> Keyboard:
    """A one-per-row keyboard of ``(label, callback data)`` pairs."""
    return [[button] for button in buttons]
