"""Support when risk shows: the message first, fitted to who is speaking and what was found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogues.library import CompiledScript
from dialogues.messages import Button, Reply, UserInput
from dialogues.prompts import CARRY_ON
from dialogues.session import Mode, SessionState

if TYPE_CHECKING:
    from dialogues.engine import Engine


def support_reply(
    engine: Engine,
    compiled: CompiledScript,
    s: SessionState,
    given: UserInput,
    *,
    with_choice: bool,
) -> Reply:
    """Support for ``given``; with the choice to carry on, pause or stop when the session waits."""
    s.support_offered = True
    kinds = sorted(given.risk or ())
    ui = engine.ui
    text = ui.message("support", **engine.prompts.context(compiled, s), risk_kinds=kinds)
    if not with_choice:
        return Reply(text, support=True)
    s.mode = Mode.SUPPORT
    buttons = (
        Button(ui.label("carry_on"), CARRY_ON),
        Button(ui.label("pause"), "_pause"),
        Button(ui.label("stop"), "_stop"),
    )
    return Reply(text, buttons, step=s.step, support=True)


def support_without_session(engine: Engine, voice: str, risk: frozenset[str]) -> Reply:
    """Support with no session to fit it to; an empty ``voice`` lists every resource."""
    text = engine.ui.message(
        "support",
        voice=voice,
        words=engine.words,
        support=engine.support,
        support_offered=True,
        risk_kinds=sorted(risk),
        outside=True,
    )
    return Reply(text, support=True)
