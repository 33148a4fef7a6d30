"""One turn of a dialogue: (session state, input) -> (new state, replies, outcome).

Pure: no telegram, no database, no clock. Anonymisation and risk detection are injected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dialogues.controls import apply_control
from dialogues.library import CompiledScript
from dialogues.messages import (
    Button,
    Command,
    InputKind,
    Prepared,
    Reply,
    TurnOutcome,
    UserInput,
)
from dialogues.prompts import (
    CARRY_ON,
    CHANGE,
    CONTROL_CHOICES,
    DISCARD,
    SAVE,
    SAVE_QUOTABLE,
    Prompts,
    is_question,
)
from dialogues.registry import ACTIONS
from dialogues.script import Step, StepKind
from dialogues.session import Answer, Mode, SessionState, Status
from dialogues.support import support_reply, support_without_session
from dialogues.typed import match_typed, readable_text
from dialogues.ui import UiTexts
from dialogues.words import checked_words
from privacy import PlaceholderBook, TextAnonymiser

DEFAULT_MAX_ANSWER_CHARS = 2000


@dataclass(slots=True)
class TurnResult:
    """The new state, the messages to send, and what storage must do."""

    state: SessionState
    replies: list[Reply]
    outcome: TurnOutcome = field(default_factory=TurnOutcome)


class Engine:
    """Takes turns for every session of every script; holds no per-person state."""

    def __init__(
        self,
        ui: UiTexts,
        anonymiser: TextAnonymiser,
        *,
        support: Mapping[str, Any],
        placeholder_key: bytes,
        words: Mapping[str, str],
        max_answer_chars: int = DEFAULT_MAX_ANSWER_CHARS,
    ) -> None:
        self.ui = ui
        self.anonymiser = anonymiser
        if not support.get("resources"):
            # Fail closed: an engine that could not say where to turn must not run at all.
            raise ValueError("the engine needs support resources to offer when risk shows")
        self.support = dict(support)
        # Keys the placeholder books kept in sessions: without it, a copy of the database
        # cannot confirm a guessed name against a book's digests.
        self.placeholder_key = placeholder_key
        self.max_answer_chars = max_answer_chars
        # How the channel names its controls in the shared texts (dialogues/words.py).
        self.words = checked_words(words)
        self.prompts = Prompts(ui, self.support, self.words)

    # ----- starting -------------------------------------------------------------------------

    def start(
        self, compiled: CompiledScript, variables: Mapping[str, str] | None = None
    ) -> TurnResult:
        """A new session at the script's first step, with its first prompt."""
        script = compiled.script
        state = SessionState(
            script.id, script.version, script.start, variables=dict(variables or {})
        )
        self._enter(compiled, state, script.start)
        return TurnResult(state, [self.prompt(compiled, state)])

    # ----- one turn -------------------------------------------------------------------------

    def turn(self, compiled: CompiledScript, state: SessionState, given: UserInput) -> TurnResult:
        """Apply ``given`` to a copy of ``state``.

        ``given.risk`` is the safety net's verdict on what came with the input, screened by the
        caller before the turn. When it found risk, support is the first reply, whatever the
        step or state; only a free-text answer it arrived with is still taken.
        """
        s = state.copy()
        result = TurnResult(s, [])
        if not s.is_open:
            if given.at_risk:
                result.replies.append(self._support(compiled, s, given, with_choice=False))
            result.replies.append(self.say(compiled, s, "ended"))
            return result
        command = given.command if given.kind is InputKind.COMMAND else None
        if given.kind is InputKind.CHOICE and given.choice in CONTROL_CHOICES:
            command = CONTROL_CHOICES[given.choice]
        if given.at_risk and (command is not None or not self._takes_answer(compiled, s, given)):
            return self._support_first(compiled, s, given, command, result)
        if s.status is Status.PAUSED and command not in (Command.PAUSE, Command.STOP):
            s.status = Status.ACTIVE
            if not given.at_risk:  # support, not "welcome back", comes first
                result.replies.append(self.say(compiled, s, "resumed"))
            # Resuming by command or by tapping an old button shows the question again; text
            # typed while paused is taken as the answer to it.
            if command is Command.RESUME or (command is None and given.kind is InputKind.CHOICE):
                result.replies.append(self.prompt(compiled, s))
                return result
        if command is not None:
            apply_control(self, compiled, s, command, result)
            return result
        if s.mode is Mode.SUPPORT:
            s.mode = Mode.ASKING
            carry_on = Button(self.ui.label("carry_on"), CARRY_ON)
            typed = given.kind is InputKind.TEXT and match_typed(given.text, [carry_on])
            if typed or (given.kind is InputKind.CHOICE and given.choice == CARRY_ON):
                result.replies.append(self.prompt(compiled, s))
                return result
        step = compiled.script.step(s.step)
        if step.kind is StepKind.CHOICE:
            self._choice_step(compiled, s, step, given, result)
        elif step.kind is StepKind.TEXT:
            self._text_step(compiled, s, step, given, result)
        elif step.kind is StepKind.REVIEW:
            self._review_step(compiled, s, step, given, result)
        else:
            result.replies.append(self.say(compiled, s, "ended"))
        return result

    def prepare(
        self, compiled: CompiledScript, state: SessionState, given: UserInput
    ) -> Prepared | None:
        """The answer ``given`` would be, anonymised, when a turn on ``state`` would take it.

        Pure and safe on any thread: the slow part of a turn, done before its transaction.
        """
        if not state.is_open or not self._takes_answer(compiled, state, given):
            return None
        return self._work_out(state, readable_text(given.text))

    def _work_out(self, s: SessionState, raw: str) -> Prepared:
        book = PlaceholderBook.from_dict(s.placeholders, self.placeholder_key)
        text = self.anonymiser.anonymise(raw.strip(), book)
        return Prepared(s.step, dict(s.placeholders), text, book.to_dict())

    def _takes_answer(self, compiled: CompiledScript, s: SessionState, given: UserInput) -> bool:
        # A typed text this turn stores as the answer to the current free-text question.
        if given.kind is not InputKind.TEXT or s.mode is Mode.SUPPORT:
            return False
        if compiled.script.step(s.step).kind is not StepKind.TEXT:
            return False
        raw = readable_text(given.text)
        return bool(raw.strip()) and len(raw) <= self.max_answer_chars

    def _support_first(
        self,
        compiled: CompiledScript,
        s: SessionState,
        given: UserInput,
        command: Command | None,
        r: TurnResult,
    ) -> TurnResult:
        # Risk in something that is not an answer: a command's words, text at a choice or the
        # review, an answer too long to keep, or more words while support is on the screen.
        if command is not None:
            r.replies.append(self._support(compiled, s, given, with_choice=False))
            if s.status is Status.PAUSED and command not in (Command.PAUSE, Command.STOP):
                s.status = Status.ACTIVE
            apply_control(self, compiled, s, command, r)
            return r
        s.status = Status.ACTIVE
        r.replies.append(self._support(compiled, s, given, with_choice=True))
        raw = readable_text(given.text)
        if len(raw) > self.max_answer_chars:
            # Not kept: say why, so "carry on" and a shorter answer make sense.
            ctx = self.prompts.context(compiled, s) | {
                "length": len(raw),
                "limit": self.max_answer_chars,
            }
            r.replies.append(Reply(self.ui.message("too_long", **ctx)))
        return r

    # ----- step kinds -----------------------------------------------------------------------

    def _choice_step(
        self, compiled: CompiledScript, s: SessionState, step: Step, given: UserInput, r: TurnResult
    ) -> None:
        choice = self._resolve_choice(compiled, s, step, given)
        if choice is None:
            r.replies.append(self.say(compiled, s, "choose_button"))
            r.replies.append(self.prompts.prompt(compiled, s, reask=True))
            return
        if step.store:
            s.variables[step.store] = choice
        s.answers[step.name] = Answer(step=step.name, choice=choice)
        self.advance(compiled, s, choice, r)

    def _text_step(
        self, compiled: CompiledScript, s: SessionState, step: Step, given: UserInput, r: TurnResult
    ) -> None:
        if given.kind is not InputKind.TEXT:
            r.replies.append(self.say(compiled, s, "type_answer"))
            r.replies.append(self.prompt(compiled, s))
            return
        raw = readable_text(given.text)
        if not raw.strip():
            r.replies.append(self.say(compiled, s, "reask_empty"))
            r.replies.append(self.prompt(compiled, s))
            return
        if len(raw) > self.max_answer_chars:
            ctx = self.prompts.context(compiled, s) | {
                "length": len(raw),
                "limit": self.max_answer_chars,
            }
            r.replies.append(Reply(self.ui.message("too_long", **ctx)))
            r.replies.append(self.prompt(compiled, s))
            return
        prepared = given.prepared
        if prepared is None or prepared.step != s.step or prepared.book_before != s.placeholders:
            prepared = self._work_out(s, raw)
        s.placeholders = dict(prepared.book_after)
        s.answers[step.name] = Answer(
            step=step.name,
            text=prepared.text,
            themes=prepared.themes if prepared.codebook_version is not None else None,
            codebook_version=prepared.codebook_version,
        )
        del raw
        if given.at_risk:
            r.replies.append(self._support(compiled, s, given, with_choice=True))
            self.advance(compiled, s, None, r, show_prompt=False)
            return
        self.advance(compiled, s, None, r)

    def _review_step(
        self, compiled: CompiledScript, s: SessionState, step: Step, given: UserInput, r: TurnResult
    ) -> None:
        choice = given.choice if given.kind is InputKind.CHOICE else None
        if given.kind is InputKind.TEXT:
            choice = match_typed(given.text, self.prompt(compiled, s).buttons)
        if s.mode is Mode.PICKING:
            answered = [a for a in s.answers.values() if is_question(compiled, a.step)]
            if choice in {a.step for a in answered}:
                s.mode = Mode.ASKING
                s.then = s.step  # back to this review once it is answered
                s.history.append(s.step)
                s.step = str(choice)
                r.replies.append(self.prompt(compiled, s))
                return
            if choice == CARRY_ON:
                s.mode = Mode.ASKING
                r.replies.append(self.prompt(compiled, s))
                return
            r.replies.append(self.say(compiled, s, "choose_button"))
            r.replies.append(self.prompt(compiled, s))
            return
        if choice in (SAVE, SAVE_QUOTABLE):
            r.outcome.saved = True
            r.outcome.answers = tuple(s.answers.values())
            r.outcome.quotable = choice == SAVE_QUOTABLE
            s.carry_on_at = None
            self.advance(compiled, s, None, r)
        elif choice == CHANGE:
            s.mode = Mode.PICKING
            r.replies.append(self.prompt(compiled, s))
        elif choice == DISCARD:
            s.status = Status.DISCARDED
            s.placeholders = {}
            s.answers = {}
            r.outcome.ended = True
            r.replies.append(self.say(compiled, s, "discarded"))
        elif choice == CARRY_ON and s.carry_on_at is not None:
            s.step = s.carry_on_at
            if s.history and s.history[-1] == s.carry_on_at:
                s.history.pop()
            s.carry_on_at = None
            r.replies.append(self.prompt(compiled, s))
        else:
            r.replies.append(self.say(compiled, s, "choose_button"))
            r.replies.append(self.prompt(compiled, s))

    # ----- controls -------------------------------------------------------------------------

    # ----- moving on ------------------------------------------------------------------------

    def advance(
        self,
        compiled: CompiledScript,
        s: SessionState,
        choice: str | None,
        r: TurnResult,
        *,
        show_prompt: bool = True,
    ) -> None:
        script = compiled.script
        if s.then is not None:
            review = next(x.name for x in script.steps.values() if x.kind is StepKind.REVIEW)
            nxt = s.then if s.then in script.steps else review
            s.then = None
        else:
            nxt = compiled.machine.fire(s.step, s.variables, choice)
        s.history.append(s.step)
        s.step = nxt
        self._enter(compiled, s, nxt)
        step = script.step(nxt)
        if step.kind is StepKind.END:
            s.status = Status.COMPLETED if step.outcome == "completed" else Status.DECLINED
            # Saved answers live on as reflections only; unsaved ones are not kept at all.
            s.answers = {}
            s.placeholders = {}
            r.outcome.ended = True
            r.replies.append(self.prompt(compiled, s))
            return
        if show_prompt:
            r.replies.append(self.prompt(compiled, s))

    def _enter(self, compiled: CompiledScript, s: SessionState, name: str) -> None:
        for action in compiled.script.step(name).on_enter:
            ACTIONS[action](s.variables)

    def _support(
        self, compiled: CompiledScript, s: SessionState, given: UserInput, *, with_choice: bool
    ) -> Reply:
        return support_reply(self, compiled, s, given, with_choice=with_choice)

    def support_outside(self, voice: str, risk: frozenset[str]) -> Reply:
        """Support for risk in text sent with no session to answer (before consent, none open).

        ``voice`` is ``staff`` or ``patient`` when known, else empty: every resource is shown.
        """
        return support_without_session(self, voice, risk)

    # ----- what the person reads -----------------------------------------------------------

    def say(self, compiled: CompiledScript, s: SessionState, name: str, **extra: Any) -> Reply:
        """A shared message (``common/<name>.j2``) with the session's context."""
        return Reply(self.ui.message(name, **self.prompts.context(compiled, s), **extra))

    def prompt(self, compiled: CompiledScript, s: SessionState) -> Reply:
        """The current step's message and buttons."""
        return self.prompts.prompt(compiled, s)

    def ended(self, compiled: CompiledScript, s: SessionState) -> Reply:
        """The message for a session that has ended."""
        return self.prompts.ended(compiled, s)

    # ----- matching typed words to buttons --------------------------------------------------

    def _resolve_choice(
        self, compiled: CompiledScript, s: SessionState, step: Step, given: UserInput
    ) -> str | None:
        ids = [c.id for c in step.choices]
        if given.kind is InputKind.CHOICE:
            return given.choice if given.choice in ids else None
        if given.kind is InputKind.TEXT:
            buttons = self.prompt(compiled, s).buttons[: len(ids)]
            return match_typed(given.text, buttons)
        return None
