"""Golden transcripts: readable files of what the person did and what the bot said.

A transcript file::

    # staff, involved in a restraint, every question answered
    script: staff

    BOT: Thank you for taking a moment for this. ...
         buttons: [1] I'm OK, now is fine | [2] I've been hurt | ...
    YOU: [1]

``YOU:`` lines are replayed: ``[n]`` taps button n of the last message with buttons; ``/skip``
(``/back``, ``/pause``, ``/resume``, ``/stop``, ``/help``) is a control, and words after it go
with it, as after a Telegram command; ``"..."`` is a JSON string (for blanks); ``<N characters>``
stands for N letters, alone or inside a text; anything else is typed as written. ``BOT:``
blocks are what the engine is expected to say, and the ``END:`` line how the session ended;
both are compared exactly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from dialogues.engine import Engine
from dialogues.library import ScriptLibrary
from dialogues.messages import Command, InputKind, Reply, UserInput
from dialogues.session import Answer

_LENGTH = re.compile(r"<(\d+) characters>")
_TAP = re.compile(r"^\[(\d+)\]$")


@dataclass(frozen=True, slots=True)
class Transcript:
    """A parsed transcript: its comment, script id and the person's inputs."""

    comment: str
    script_id: str
    inputs: list[str]


def parse(text: str) -> Transcript:
    """Read the header and the ``YOU:`` lines of a transcript."""
    comment_lines: list[str] = []
    script_id = ""
    inputs: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            comment_lines.append(line[1:].strip())
        elif line.startswith("script:"):
            script_id = line.partition(":")[2].strip()
        elif line.startswith("YOU:"):
            inputs.append(line[4:].removeprefix(" "))
    if not script_id:
        raise ValueError("a transcript needs a 'script:' line")
    return Transcript("\n".join(comment_lines), script_id, inputs)


def to_input(spec: str, last_buttons: list[str]) -> UserInput:
    """Turn one ``YOU:`` line into input, resolving ``[n]`` against the last buttons."""
    name, _, words = spec.partition(" ")
    if name.startswith("/") and name[1:] in {c.value for c in Command}:
        # "/skip some words": the control, carrying the words the person typed after it.
        return UserInput(InputKind.COMMAND, text=words, command=Command(name[1:]))
    tap = _TAP.match(spec)
    if tap:
        index = int(tap.group(1)) - 1
        if not 0 <= index < len(last_buttons):
            raise ValueError(f"no button [{index + 1}] on the last message")
        return UserInput.tapped(last_buttons[index])
    if _LENGTH.search(spec):
        return UserInput.typed(_LENGTH.sub(lambda m: "a" * int(m.group(1)), spec))
    if spec.startswith('"'):
        return UserInput.typed(str(json.loads(spec)))
    return UserInput.typed(spec)


def _render(replies: list[Reply]) -> list[str]:
    lines: list[str] = []
    for reply in replies:
        body = reply.text.splitlines() or [""]
        lines.append(f"BOT: {body[0]}".rstrip())
        lines.extend(f"     {line}".rstrip() for line in body[1:])
        if reply.buttons:
            labels = " | ".join(f"[{i}] {b.label}" for i, b in enumerate(reply.buttons, 1))
            lines.append(f"     buttons: {labels}")
    return lines


def replay(
    transcript: Transcript,
    library: ScriptLibrary,
    engine: Engine,
    screen: Callable[[str], frozenset[str]],
) -> str:
    """Run the inputs through the engine and write the transcript it produces.

    ``screen`` is the safety net: every input's text passes it before the turn, as in the bot.
    """
    compiled = library.current(transcript.script_id)
    header = [f"# {line}" if line else "#" for line in transcript.comment.splitlines()]
    out = [*header, f"script: {transcript.script_id}", ""]
    result = engine.start(compiled)
    out.extend(_render(result.replies))
    state = result.state
    buttons = [b.choice for b in result.replies[-1].buttons]
    saved = 0
    quotable = False
    for spec in transcript.inputs:
        out.append(f"YOU: {spec}".rstrip())
        given = to_input(spec, buttons)
        result = engine.turn(compiled, state, given.screened(screen(given.text)))
        state = result.state
        saved += _saved(result.outcome.answers)
        quotable = quotable or (result.outcome.saved and result.outcome.quotable)
        out.extend(_render(result.replies))
        with_buttons = [r for r in result.replies if r.buttons]
        if with_buttons:
            buttons = [b.choice for b in with_buttons[-1].buttons]
    kept = _saved(state.answers)
    consent = " (leads may quote them)" if quotable else ""
    out.append(
        f"END: {state.status.value}; answers saved: {saved}{consent}, still in the session: {kept}"
    )
    return "\n".join(out) + "\n"


def _saved(answers: Mapping[str, Answer] | tuple[Answer, ...]) -> int:
    found = answers.values() if isinstance(answers, Mapping) else answers
    return sum(1 for a in found if a.text is not None)
