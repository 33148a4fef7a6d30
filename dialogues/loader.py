"""Load dialogue scripts from YAML and templates; validate, failing with ``file:state: problem``."""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2.sandbox import SandboxedEnvironment

from dialogues.registry import ACTIONS, GUARDS
from dialogues.render import Output
from dialogues.script import Choice, Phase, Route, Script, Step, StepKind
from dialogues.template_checks import check_templates

PACKAGE_DIR = Path(__file__).resolve().parent
SCRIPTS_DIR = PACKAGE_DIR / "scripts"
TEMPLATES_DIR = PACKAGE_DIR / "templates"

_SCRIPT_KEYS = {"id", "voice", "language", "start", "variables", "steps"}
_STEP_KEYS = {"kind", "template", "next", "choices", "phase", "store", "on_enter", "outcome"}
_CHOICE_KEYS = {"id", "next"}
# Choice ids travel inside button data; each channel checks its own limit on that (Telegram:
# 64 bytes, bot/channels/telegram/payload.py). This keeps ids short for every channel.
MAX_CHOICE_ID = 32
_VOICES = {"staff", "patient"}
_OUTCOMES = {"completed", "declined", "discarded"}


class ScriptError(ValueError):
    """A script failed validation; ``problems`` are ``file:state: problem`` lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class ScriptSource:
    """Everything a script version is made of: its YAML and its templates, as text.

    The same source always gives the same version, so a session can pin the version it began
    with and storage can keep a copy for sessions still in flight after an edit.
    """

    file_name: str
    yaml_text: str
    templates: Mapping[str, str]  # template name (relative, e.g. "welfare.j2") -> text

    @property
    def version(self) -> str:
        """A short content hash of the YAML and every template."""
        digest = hashlib.sha256(self.yaml_text.encode())
        for name in sorted(self.templates):
            digest.update(b"\0" + name.encode() + b"\0" + self.templates[name].encode())
        return digest.hexdigest()[:10]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy for storage."""
        return {"file": self.file_name, "yaml": self.yaml_text, "templates": dict(self.templates)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScriptSource:
        """Rebuild from :meth:`to_dict` output."""
        return cls(str(data["file"]), str(data["yaml"]), dict(data["templates"]))


def read_source(path: Path, templates_root: Path = TEMPLATES_DIR) -> ScriptSource:
    """Read a script file and the templates of its language and id."""
    yaml_text = path.read_text(encoding="utf-8")
    head = yaml.safe_load(yaml_text) or {}
    script_id = str(head.get("id", path.stem)) if isinstance(head, dict) else path.stem
    language = str(head.get("language", "en")) if isinstance(head, dict) else "en"
    folder = templates_root / language / script_id
    templates = (
        {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.j2"))}
        if folder.is_dir()
        else {}
    )
    return ScriptSource(_display_path(path), yaml_text, templates)


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def script_paths(folder: Path = SCRIPTS_DIR) -> list[Path]:
    """Every script file in ``folder``."""
    return sorted(folder.glob("*.yaml"))


class _Problems:
    def __init__(self, file_name: str) -> None:
        self.file = file_name
        self.lines: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.lines.append(f"{self.file}:{where}: {problem}")


def compile_source(
    source: ScriptSource, environments: Mapping[Output, SandboxedEnvironment] | None = None
) -> Script:
    """Parse and validate a script source; raise :class:`ScriptError` listing every problem.

    Templates are checked by rendering them in ``environments`` (one per output, on the
    source's templates), made here when not given. A caller that goes on to render in them
    finds every template already compiled: the first people after a start wait for nothing.
    """
    problems = _Problems(source.file_name)
    try:
        raw = yaml.safe_load(source.yaml_text)
    except yaml.YAMLError as exc:
        raise ScriptError([f"{source.file_name}:-: not valid YAML ({exc})"]) from exc
    if not isinstance(raw, dict):
        raise ScriptError([f"{source.file_name}:-: a script must be a mapping"])
    script = _parse(raw, source, problems)
    if script is not None and not problems.lines:
        _check_graph(script, problems)
        check_templates(script, source, problems.add, environments)
    if problems.lines or script is None:
        raise ScriptError(problems.lines)
    return script


def _parse(raw: dict[str, Any], source: ScriptSource, problems: _Problems) -> Script | None:
    for key in sorted(set(raw) - _SCRIPT_KEYS):
        problems.add("-", f"unknown key '{key}'")
    script_id = raw.get("id")
    voice = raw.get("voice")
    start = raw.get("start")
    steps_raw = raw.get("steps")
    if not isinstance(script_id, str) or not script_id:
        problems.add("-", "missing 'id'")
    if voice not in _VOICES:
        problems.add("-", f"'voice' must be one of {sorted(_VOICES)}")
    if not isinstance(steps_raw, dict) or not steps_raw:
        problems.add("-", "missing 'steps'")
        return None
    variables: dict[str, tuple[str, ...]] = {}
    for name, values in (raw.get("variables") or {}).items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            problems.add("-", f"variable '{name}' must list its values")
            continue
        variables[str(name)] = tuple(values)
    steps: dict[str, Step] = {}
    for name, body in steps_raw.items():
        step = _parse_step(str(name), body, variables, problems)
        if step is not None:
            steps[step.name] = step
    if not isinstance(start, str) or start not in steps_raw:
        problems.add("-", f"start step '{start}' does not exist")
    if not isinstance(script_id, str) or not isinstance(voice, str) or not isinstance(start, str):
        return None
    return Script(
        id=script_id,
        version=source.version,
        language=str(raw.get("language", "en")),
        voice=voice,
        start=start,
        steps=steps,
        source_file=source.file_name,
        variables=variables,
    )


def _parse_routes(where: str, value: Any, problems: _Problems) -> tuple[Route, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (Route(value),)
    if not isinstance(value, list) or not value:
        problems.add(where, "'next' must be a step name or a list of {to, when}")
        return ()
    routes: list[Route] = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("to"), str):
            problems.add(where, "each route needs 'to'")
            continue
        when = item.get("when")
        if when is not None and when not in GUARDS:
            problems.add(where, f"unknown guard '{when}'")
        routes.append(Route(item["to"], when if isinstance(when, str) else None))
    if routes and routes[-1].when is not None:
        problems.add(where, "the last route needs no 'when', so that one always applies")
    return tuple(routes)


def _parse_step(
    name: str, body: Any, variables: Mapping[str, tuple[str, ...]], problems: _Problems
) -> Step | None:
    if not isinstance(body, dict):
        problems.add(name, "a step must be a mapping")
        return None
    for key in sorted(set(body) - _STEP_KEYS):
        problems.add(name, f"unknown key '{key}'")
    try:
        kind = StepKind(str(body.get("kind")))
    except ValueError:
        problems.add(name, f"unknown kind '{body.get('kind')}' (use {', '.join(StepKind)})")
        return None
    phase = None
    if body.get("phase") is not None:
        try:
            phase = Phase(body["phase"])
        except ValueError:
            problems.add(name, f"unknown phase '{body['phase']}'")
    if kind is StepKind.TEXT and phase is None:
        problems.add(name, "a text step needs a 'phase' (enquire, explore or empathy)")
    routes = _parse_routes(name, body.get("next"), problems)
    choices: list[Choice] = []
    seen: set[str] = set()
    for item in body.get("choices") or []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.add(name, "each choice needs an 'id'")
            continue
        for key in sorted(set(item) - _CHOICE_KEYS):
            problems.add(name, f"choice '{item['id']}': unknown key '{key}'")
        cid = item["id"]
        if cid in seen:
            problems.add(name, f"choice '{cid}' appears twice")
        seen.add(cid)
        if not cid.replace("_", "").isalnum() or not cid.isascii():
            problems.add(name, f"choice '{cid}': ids use letters, digits and '_' only")
        if len(cid) > MAX_CHOICE_ID:
            problems.add(name, f"choice '{cid}': ids are at most {MAX_CHOICE_ID} characters")
        choices.append(Choice(cid, _parse_routes(f"{name}.{cid}", item.get("next"), problems)))
    if kind is StepKind.CHOICE and not choices:
        problems.add(name, "a choice step needs 'choices'")
    if kind is not StepKind.CHOICE and choices:
        problems.add(name, f"a {kind} step cannot have choices")
    store = body.get("store")
    if store is not None:
        if store not in variables:
            problems.add(name, f"stores into undeclared variable '{store}'")
        else:
            for c in choices:
                if c.id not in variables[store]:
                    problems.add(name, f"choice '{c.id}' is not a value of '{store}'")
    on_enter = tuple(str(a) for a in body.get("on_enter") or [])
    for action in on_enter:
        if action not in ACTIONS:
            problems.add(name, f"unknown action '{action}'")
    outcome = body.get("outcome")
    if kind is StepKind.END:
        if routes:
            problems.add(name, "an end step cannot have 'next'")
        if outcome not in _OUTCOMES:
            problems.add(name, f"an end step needs 'outcome' ({', '.join(sorted(_OUTCOMES))})")
    elif not routes:
        problems.add(name, "dead end: no 'next' (every step but an end step needs one)")
    template = body.get("template", f"{name}.j2")
    return Step(
        name=name,
        kind=kind,
        template=str(template),
        routes=routes,
        choices=tuple(choices),
        phase=phase,
        store=store if isinstance(store, str) else None,
        on_enter=on_enter,
        outcome=outcome if isinstance(outcome, str) else None,
    )


def _targets(step: Step) -> Iterable[Route]:
    yield from step.routes
    for choice in step.choices:
        yield from choice.routes


def _check_graph(script: Script, problems: _Problems) -> None:
    for step in script.steps.values():
        for route in _targets(step):
            if route.to not in script.steps:
                problems.add(step.name, f"unknown target '{route.to}'")
    if problems.lines:
        return
    reached = _reach(script, [script.start], forward=True)
    for name in script.steps:
        if name not in reached:
            problems.add(name, f"unreachable from the start step '{script.start}'")
    ends = [s.name for s in script.steps.values() if s.kind is StepKind.END]
    can_finish = _reach(script, ends, forward=False)
    for name in script.steps:
        if name in reached and name not in can_finish:
            problems.add(name, "dead end: no way from here reaches an end step")
    if script.question_steps and not any(s.kind is StepKind.REVIEW for s in script.steps.values()):
        problems.add("-", "answers are asked for but there is no review step to confirm them")


def _reach(script: Script, roots: list[str], *, forward: bool) -> set[str]:
    edges: dict[str, set[str]] = {name: set() for name in script.steps}
    for step in script.steps.values():
        for route in _targets(step):
            if forward:
                edges[step.name].add(route.to)
            else:
                edges[route.to].add(step.name)
    seen = set(roots)
    queue = deque(roots)
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def load_scripts(folder: Path = SCRIPTS_DIR, templates_root: Path = TEMPLATES_DIR) -> list[Script]:
    """Load and validate every script in ``folder``; one :class:`ScriptError` lists all problems."""
    scripts: list[Script] = []
    problems: list[str] = []
    for path in script_paths(folder):
        try:
            scripts.append(compile_source(read_source(path, templates_root)))
        except ScriptError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScriptError(problems)
    return scripts
