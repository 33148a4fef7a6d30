"""The dialogue engine: scripts as data, one shared machine per script version, a pure turn."""

from dialogues.engine import Engine, TurnResult
from dialogues.library import CompiledScript, ScriptLibrary, compile_script
from dialogues.loader import ScriptError, ScriptSource, load_scripts, read_source, script_paths
from dialogues.messages import (
    Button,
    Command,
    InputKind,
    Prepared,
    Reply,
    TurnOutcome,
    UserInput,
)
from dialogues.prompts import CONTROL_CHOICES
from dialogues.render import Output
from dialogues.script import Phase, Script, Step, StepKind
from dialogues.session import Answer, SessionState, Status
from dialogues.ui import UiTexts

__all__ = [
    "CONTROL_CHOICES",
    "Answer",
    "Button",
    "Command",
    "CompiledScript",
    "Engine",
    "InputKind",
    "Output",
    "Phase",
    "Prepared",
    "Reply",
    "Script",
    "ScriptError",
    "ScriptLibrary",
    "ScriptSource",
    "SessionState",
    "Status",
    "Step",
    "StepKind",
    "TurnOutcome",
    "TurnResult",
    "UiTexts",
    "UserInput",
    "compile_script",
    "load_scripts",
    "read_source",
    "script_paths",
]
