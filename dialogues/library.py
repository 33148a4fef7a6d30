"""Compiled scripts by id and version: the current ones from disk, older ones from storage."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jinja2.sandbox import SandboxedEnvironment

from dialogues.loader import ScriptSource, compile_source
from dialogues.machine import ScriptMachine
from dialogues.render import Output
from dialogues.script import Script
from dialogues.template_checks import template_environments


@dataclass(frozen=True, slots=True)
class CompiledScript:
    """A validated script with its shared machine and one template environment per output."""

    script: Script
    source: ScriptSource
    machine: ScriptMachine
    environments: dict[Output, SandboxedEnvironment]


def compile_script(source: ScriptSource) -> CompiledScript:
    """Validate ``source`` and build its machine and environments."""
    environments = template_environments(source)
    script = compile_source(source, environments)
    return CompiledScript(
        script=script,
        source=source,
        machine=ScriptMachine(script),
        environments=environments,
    )


class ScriptLibrary:
    """Every script a session may be on, compiled once per version."""

    def __init__(self, sources: Iterable[ScriptSource]) -> None:
        self._by_version: dict[tuple[str, str], CompiledScript] = {}
        self._current: dict[str, CompiledScript] = {}
        for source in sources:
            compiled = compile_script(source)
            self._current[compiled.script.id] = compiled
            self._by_version[(compiled.script.id, compiled.script.version)] = compiled

    def ids(self) -> list[str]:
        """The ids of the current scripts."""
        return sorted(self._current)

    def current(self, script_id: str) -> CompiledScript:
        """The current version of ``script_id``."""
        return self._current[script_id]

    def get(self, script_id: str, version: str) -> CompiledScript | None:
        """``script_id`` at ``version`` if compiled (current, or remembered from storage)."""
        return self._by_version.get((script_id, version))

    def remember(self, source: ScriptSource) -> CompiledScript:
        """Compile and keep an older version read back from storage."""
        compiled = compile_script(source)
        self._by_version[(compiled.script.id, compiled.script.version)] = compiled
        return compiled
