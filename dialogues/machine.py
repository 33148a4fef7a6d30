"""One shared transitions machine per script version; sessions are light holders fired through it.

No machine is built per person: the machine is made once per script version with ``model=None``
and every trigger runs on a small holder built from the stored session.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from transitions import Machine
from transitions.core import EventData

from dialogues.registry import GUARDS, Guard
from dialogues.script import Route, Script, StepKind

ADVANCE = "advance"


def pick_event(choice_id: str) -> str:
    """The event fired when a choice with its own routes is taken."""
    return f"pick_{choice_id}"


class Holder:
    """What the machine moves: a state name and the session variables guards read."""

    __slots__ = ("state", "variables")

    def __init__(self, state: str, variables: MutableMapping[str, str]) -> None:
        self.state = state
        self.variables = variables


def _condition(guard: Guard) -> Any:
    def check(event: EventData) -> bool:
        holder = event.model
        assert isinstance(holder, Holder)
        return guard(holder.variables)

    return check


class ScriptMachine:
    """The state machine of one script version."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self._machine = Machine(
            model=None,
            states=list(script.steps),
            initial=script.start,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
        )
        for step in script.steps.values():
            if step.kind is StepKind.END:
                continue
            self._add_routes(ADVANCE, step.name, step.routes)
            for choice in step.choices:
                if choice.routes:
                    self._add_routes(pick_event(choice.id), step.name, choice.routes)

    def _add_routes(self, event: str, source: str, routes: tuple[Route, ...]) -> None:
        # transitions tries them in the order added: guarded routes first, the default last.
        for route in routes:
            conditions = [_condition(GUARDS[route.when])] if route.when else []
            self._machine.add_transition(event, source, route.to, conditions=conditions)

    def fire(self, state: str, variables: MutableMapping[str, str], choice: str | None) -> str:
        """The step that follows ``state`` (after ``choice``, if it has routes of its own)."""
        holder = Holder(state, variables)
        event = ADVANCE
        if choice is not None:
            step = self.script.step(state)
            if any(c.id == choice and c.routes for c in step.choices):
                event = pick_event(choice)
        fired = self._machine.events[event].trigger(holder)
        if not fired:
            raise RuntimeError(f"{self.script.source_file}:{state}: no route applies")
        return holder.state

    def mermaid(self) -> str:
        """The script as a Mermaid state diagram."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.script.start}"]
        for step in self.script.steps.values():
            for choice in step.choices:
                for route in choice.routes:
                    lines.append(f"    {step.name} --> {route.to}: {_label(choice.id, route)}")
            for route in step.routes:
                lines.append(f"    {step.name} --> {route.to}: {_label(None, route)}")
            if step.kind is StepKind.END:
                lines.append(f"    {step.name} --> [*]")
        return "\n".join(lines) + "\n"


def _label(choice: str | None, route: Route) -> str:
    parts = [choice or "next"]
    if route.when:
        parts.append(f"[{route.when}]")
    return " ".join(parts)
