"""Button payloads: short, versioned strings that fit Telegram's 64-byte callback data.

Shape: ``r1|<script version>|<session token>|<step number>|<choice>``; the session token and the
step number let a channel tell a stale button (old session, old script, old question) from a
current one.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogues import ScriptLibrary

PREFIX = "r1"
MAX_BYTES = 64
# Widest session token a channel may use (base-36 of a 64-bit row id is 13 characters).
MAX_TOKEN_CHARS = 13
VERSION_CHARS = 10
MAX_STEP_NUMBER_CHARS = 3


@dataclass(frozen=True, slots=True)
class Payload:
    """What a pressed button carries."""

    version: str
    session: str
    step: int
    choice: str

    def encode(self) -> str:
        """The callback-data string."""
        return "|".join(
            (PREFIX, self.version[:VERSION_CHARS], self.session, str(self.step), self.choice)
        )

    @classmethod
    def decode(cls, data: str) -> Payload | None:
        """Parse callback data; ``None`` when it is not one of ours."""
        parts = data.split("|")
        if len(parts) != 5 or parts[0] != PREFIX or not (parts[3].isascii() and parts[3].isdigit()):
            return None
        return cls(version=parts[1], session=parts[2], step=int(parts[3]), choice=parts[4])


def button_problems(library: ScriptLibrary) -> list[str]:
    """``file:step: problem`` for each choice whose button data could pass Telegram's limit."""
    problems = []
    for script_id in library.ids():
        script = library.current(script_id).script
        for step in script.steps.values():
            for choice in step.choices:
                size = worst_case_bytes(choice.id)
                if size > MAX_BYTES:
                    problems.append(
                        f"{script.source_file}:{step.name}: choice '{choice.id}': button data "
                        f"is {size} bytes (Telegram's limit is {MAX_BYTES})"
                    )
    return problems


def worst_case_bytes(choice: str) -> int:
    """Bytes of the longest payload a button for ``choice`` can produce."""
    probe = Payload(
        "v" * VERSION_CHARS, "t" * MAX_TOKEN_CHARS, 10**MAX_STEP_NUMBER_CHARS - 1, choice
    )
    return len(probe.encode().encode("utf-8"))
