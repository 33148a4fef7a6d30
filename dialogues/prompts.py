"""What a person reads for a session's current step: its message and buttons, rendered.

Questions and button labels that do not show what someone wrote are kept per pathway, so most
turns render nothing; review screens and questions showing an earlier answer are built afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from dialogues.library import CompiledScript
from dialogues.messages import Button, Command, Reply
from dialogues.render import block_cache, render_block
from dialogues.script import Step, StepKind
from dialogues.session import Mode, SessionState
from dialogues.ui import UiTexts

# Choice ids the engine itself puts on buttons; script choice ids never start with "_".
SAVE, CHANGE, DISCARD, CARRY_ON = "_save", "_change", "_discard", "_carry_on"
# Save, and agree that leads may read the answers word for word (anonymised); plain "Save"
# is the default and keeps them to themes and counts.
SAVE_QUOTABLE = "_save_quote"
CONTROL_CHOICES = {f"_{c.value}": c for c in Command}
KEPT_PROMPTS = 4096


class Prompts:
    """Renders steps for one output and channel's words; keeps questions per pathway."""

    def __init__(self, ui: UiTexts, support: Mapping[str, Any], words: Mapping[str, str]) -> None:
        self.ui = ui
        self.support = support
        self.words = dict(words)
        # Questions as rendered, per pathway (see prompt); a person's words are never kept.
        self._kept: dict[tuple[Any, ...], Reply] = {}

    def env(self, compiled: CompiledScript) -> Any:
        """The template environment of ``compiled`` for this output."""
        return compiled.environments[self.ui.output]

    def context(self, compiled: CompiledScript, s: SessionState) -> dict[str, Any]:
        """What every template of ``compiled`` may read for session ``s``."""
        previous = s.answers.get(s.step)
        return {
            "vars": dict(s.variables),
            "voice": compiled.script.voice,
            "words": self.words,
            "previous": previous.text.text if previous and previous.text else "",
            # Only review screens list the answers: render their titles when a template asks.
            "answers": _Rows(lambda: self._review_rows(compiled, s)),
            "stopping": s.carry_on_at is not None,
            "support": self.support,
            "support_offered": s.support_offered,
        }

    def _review_rows(self, compiled: CompiledScript, s: SessionState) -> list[dict[str, Any]]:
        rows = []
        ctx = {"vars": dict(s.variables), "voice": compiled.script.voice, "words": self.words}
        for answer in s.answers.values():
            if not is_question(compiled, answer.step):
                continue
            template = compiled.script.step(answer.step).template
            title = render_block(self.env(compiled), template, "title", ctx)
            text = answer.text.text if answer.text else ""
            rows.append({"step": answer.step, "title": title, "text": text, "skipped": not text})
        return rows

    def prompt(self, compiled: CompiledScript, s: SessionState, *, reask: bool = False) -> Reply:
        """The current step's message and buttons.

        ``reask``: asked again after an answer it could not take; a step with a ``reask`` block
        (a long welcome, say) then shows only that, not everything again.
        """
        step = compiled.script.step(s.step)
        if reask and "reask" in self.env(compiled).get_template(step.template).blocks:
            full = self.prompt(compiled, s)
            text = render_block(
                self.env(compiled), step.template, "reask", self.context(compiled, s)
            )
            return Reply(text, full.buttons, step=full.step)
        previous = s.answers.get(s.step)
        if step.kind is StepKind.REVIEW or (previous is not None and previous.text is not None):
            return self._prompt(compiled, s, step)  # shows what the person wrote: never kept
        if block_cache(self.env(compiled)).reads(step.template) is None:
            return self._prompt(compiled, s, step)
        # Everything else a question's message and buttons depend on.
        key = (
            compiled.script.id,
            compiled.script.version,
            step.name,
            tuple(sorted(s.variables.items())),
            bool(s.history),
            s.carry_on_at is not None,
            s.support_offered,
        )
        found = self._kept.get(key)
        if found is None:
            found = self._prompt(compiled, s, step)
            if len(self._kept) >= KEPT_PROMPTS:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = found
        return found

    def _prompt(self, compiled: CompiledScript, s: SessionState, step: Step) -> Reply:
        ctx = self.context(compiled, s)
        env = self.env(compiled)
        if step.kind is StepKind.REVIEW and s.mode is Mode.PICKING:
            rows = [row for row in ctx["answers"]]
            buttons = tuple(
                Button(f"{i}. {row['title']}", row["step"]) for i, row in enumerate(rows, 1)
            )
            buttons += (Button(self.ui.label("carry_on"), CARRY_ON),)
            return Reply(self.ui.message("pick_answer", **ctx), buttons, step=step.name)
        text = render_block(env, step.template, "prompt", ctx)
        if step.kind is StepKind.TEXT and ctx["previous"]:
            text += "\n\n" + self.ui.message("previous_answer", **ctx)
        if step.kind is StepKind.REVIEW:
            return Reply(text, self._review_buttons(compiled, s), step=step.name)
        buttons = tuple(
            Button(render_block(env, step.template, f"choice_{c.id}", ctx), c.id)
            for c in step.choices
        )
        if step.kind is not StepKind.END:
            controls = ("skip", "back", "pause", "stop") if s.history else ("skip", "pause", "stop")
            buttons += tuple(Button(self.ui.label(name), f"_{name}") for name in controls)
        return Reply(text, buttons, step=step.name)

    def ended(self, compiled: CompiledScript, s: SessionState) -> Reply:
        """The message for a session that has ended."""
        return Reply(self.ui.message("ended", **self.context(compiled, s)))

    def _review_buttons(self, compiled: CompiledScript, s: SessionState) -> tuple[Button, ...]:
        buttons = [Button(self.ui.label("save"), SAVE)]
        if any(is_question(compiled, a.step) for a in s.answers.values()):
            buttons.append(Button(self.ui.label("change"), CHANGE))
        buttons.append(Button(self.ui.label("discard"), DISCARD))
        if s.carry_on_at is not None:
            buttons.append(Button(self.ui.label("carry_on"), CARRY_ON))
        if any(is_question(compiled, a.step) and a.text for a in s.answers.values()):
            # Last, so that plain "Save" (no quotes) stays the first and default choice.
            buttons.append(Button(self.ui.label("save_quotable"), SAVE_QUOTABLE))
        return tuple(buttons)


class _Rows(Sequence[dict[str, Any]]):
    """The review rows of a context, built the first time a template reads them."""

    def __init__(self, build: Callable[[], list[dict[str, Any]]]) -> None:
        self._build: Callable[[], list[dict[str, Any]]] | None = build
        self._rows: list[dict[str, Any]] = []

    def _all(self) -> list[dict[str, Any]]:
        if self._build is not None:
            self._rows, self._build = self._build(), None
        return self._rows

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._all())


def is_question(compiled: CompiledScript, step_name: str) -> bool:
    """Whether ``step_name`` is a free-text question of ``compiled``."""
    step = compiled.script.steps.get(step_name)
    return step is not None and step.kind is StepKind.TEXT
