"""What a saved reflection keeps: its typed answers (tagged with themes) and the choices a
script marks as answers (a choice step with a phase), all as anonymised text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from dialogues import Answer, CompiledScript, SessionState, StepKind
from privacy import AnonymisedText
from storage import NewReflection


class Tagged(Protocol):
    """Themes given to one answer and the codebook version that gave them."""

    @property
    def themes(self) -> tuple[str, ...]:
        """Theme ids."""
        ...

    @property
    def codebook_version(self) -> str:
        """Codebook version."""
        ...


class ThemeTagger(Protocol):
    """Tags an answer with themes when it is saved."""

    def tagging(self, text: str) -> Tagged:
        """Themes of ``text`` with the codebook version."""
        ...


def to_save(
    compiled: CompiledScript,
    answers: Sequence[Answer],
    tagger: ThemeTagger | None,
    quotable: bool,
) -> list[NewReflection]:
    saved = []
    for answer in answers:
        step = compiled.script.steps.get(answer.step)
        if step is None or step.kind is not StepKind.TEXT or step.phase is None:
            continue
        if answer.text is None:
            continue
        themes: tuple[str, ...] = answer.themes or ()
        version = answer.codebook_version
        if answer.themes is None and tagger is not None:
            # Not tagged when it was answered (a turn that worked it out itself): tag it now.
            tagging = tagger.tagging(answer.text.text)
            themes, version = tagging.themes, tagging.codebook_version
        saved.append(
            NewReflection(step.phase.value, step.name, answer.text, themes, version, quotable)
        )
    return saved


def chosen(
    compiled: CompiledScript, state: SessionState, anonymise: Callable[[str], AnonymisedText]
) -> list[NewReflection]:
    """Choices a script saves as answers (a choice step with a phase and a variable), such as
    the follow-up's "did you notice the change?": the chosen value, never free text."""
    saved = []
    for step in compiled.script.steps.values():
        if step.kind is not StepKind.CHOICE or step.phase is None or step.store is None:
            continue
        value = state.variables.get(step.store)
        if value is not None:
            saved.append(NewReflection(step.phase.value, step.name, anonymise(value)))
    return saved
