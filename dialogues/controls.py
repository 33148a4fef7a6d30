"""The controls every question offers: help, pause, resume, back, skip and stop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dialogues.library import CompiledScript
from dialogues.messages import Command, Reply
from dialogues.render import render_block
from dialogues.script import Step, StepKind
from dialogues.session import Answer, Mode, SessionState, Status

if TYPE_CHECKING:
    from dialogues.engine import Engine, TurnResult


def apply_control(
    engine: Engine, compiled: CompiledScript, s: SessionState, command: Command, r: TurnResult
) -> None:
    """Apply ``command`` (help, pause, resume, back, skip, stop) to session ``s``."""
    step = compiled.script.step(s.step)
    ctx = engine.prompts.context(compiled, s)
    if command is Command.HELP:
        help_text = ""
        if "help" in engine.prompts.env(compiled).get_template(step.template).blocks:
            help_text = render_block(engine.prompts.env(compiled), step.template, "help", ctx)
        r.replies.append(Reply(engine.ui.message("help", step_help=help_text, **ctx)))
        r.replies.append(engine.prompt(compiled, s))
    elif command is Command.PAUSE:
        s.status = Status.PAUSED
        r.replies.append(Reply(engine.ui.message("paused", **ctx)))
    elif command is Command.RESUME:
        r.replies.append(engine.prompt(compiled, s))
    elif command is Command.BACK:
        if s.mode is not Mode.ASKING:
            s.mode = Mode.ASKING
        elif not s.history:
            r.replies.append(Reply(engine.ui.message("first_question", **ctx)))
        else:
            s.step = s.history.pop()
            s.then = None
        r.replies.append(engine.prompt(compiled, s))
    elif command is Command.SKIP:
        if step.kind is StepKind.REVIEW:
            r.replies.append(Reply(engine.ui.message("choose_button", **ctx)))
            r.replies.append(engine.prompt(compiled, s))
            return
        s.mode = Mode.ASKING
        kept = s.answers.get(step.name)
        # Skipping a question answered before (reached with "back") keeps that answer.
        if kept is None or (kept.text is None and kept.choice is None):
            s.answers[step.name] = Answer(step=step.name, skipped=True)
        engine.advance(compiled, s, kept.choice if kept and step.choices else None, r)
    elif command is Command.STOP:
        _stop(engine, compiled, s, step, r)


def _stop(
    engine: Engine, compiled: CompiledScript, s: SessionState, step: Step, r: TurnResult
) -> None:
    has_text = any(a.text is not None for a in s.answers.values())
    review = next((x for x in compiled.script.steps.values() if x.kind is StepKind.REVIEW), None)
    if has_text and review is not None and step.kind is not StepKind.REVIEW:
        # Answers exist: offer to save them rather than drop them silently.
        s.carry_on_at = s.step
        s.mode = Mode.ASKING
        s.history.append(s.step)
        s.step = review.name
        r.replies.append(engine.prompt(compiled, s))
        return
    if step.kind is StepKind.REVIEW:
        r.replies.append(engine.say(compiled, s, "choose_button"))
        r.replies.append(engine.prompt(compiled, s))
        return
    s.status = Status.DECLINED
    s.answers = {}
    s.placeholders = {}
    r.outcome.ended = True
    r.replies.append(engine.say(compiled, s, "stopped"))
