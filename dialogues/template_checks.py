"""Template checks of a script: each step's template renders, on every pathway and output."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from jinja2 import DictLoader, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from dialogues.render import Output, block_names, make_environment, render_block
from dialogues.script import Script, StepKind
from dialogues.words import sample_words

if TYPE_CHECKING:
    from dialogues.loader import ScriptSource


def sample_contexts(script: Script) -> list[dict[str, Any]]:
    """One render context per combination of the script's variables (for validation)."""
    names = sorted(script.variables)
    combos = itertools.product(*(script.variables[n] for n in names)) if names else [()]
    sample_answers = [
        {"title": "What helped", "text": "the [name 1] & <team> listened", "skipped": False},
        {"title": "What might be different", "text": "", "skipped": True},
    ]
    contexts = []
    for combo in combos:
        for offered in (False, True):
            contexts.append(
                {
                    "vars": dict(zip(names, combo, strict=True)),
                    "voice": script.voice,
                    "words": sample_words(),
                    "previous": "an earlier <answer>",
                    "answers": sample_answers,
                    "stopping": False,
                    "support": {"resources": []},
                    "support_offered": offered,
                }
            )
    return contexts


def check_templates(
    script: Script,
    source: ScriptSource,
    problem: Callable[[str, str], None],
    environments: Mapping[Output, SandboxedEnvironment] | None,
) -> None:
    """Every step's template exists, parses, has its blocks and renders on every pathway."""
    envs = list((environments or template_environments(source)).values())
    contexts = sample_contexts(script)
    for step in script.steps.values():
        if step.template not in source.templates:
            problem(step.name, f"missing template '{step.template}'")
            continue
        try:
            blocks = block_names(envs[0], step.template)
        except TemplateError as exc:
            problem(step.name, f"template '{step.template}' does not parse: {exc}")
            continue
        needed = {"prompt"} | {f"choice_{c.id}" for c in step.choices}
        if step.kind is StepKind.TEXT:
            needed.add("title")
        for block in sorted(needed - blocks):
            problem(step.name, f"template '{step.template}' has no block '{block}'")
        for env in envs:
            for context in contexts:
                for block in sorted(needed & blocks):
                    try:
                        text = render_block(env, step.template, block, context)
                    except TemplateError as exc:
                        problem(step.name, f"template '{step.template}' block '{block}': {exc}")
                        return
                    if not text:
                        problem(step.name, f"template '{step.template}' block '{block}' is empty")
                        return


def template_environments(source: ScriptSource) -> dict[Output, SandboxedEnvironment]:
    """One environment per output on ``source``'s templates."""
    loader = DictLoader(dict(source.templates))
    return {output: make_environment(output, loader) for output in Output}
