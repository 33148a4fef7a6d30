"""The terminal channel: try a reflection locally with ``reflect chat`` (no Telegram needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from jinja2 import FileSystemLoader
from jinja2.sandbox import SandboxedEnvironment

from bot.services.conversation import Conversations
from bot.services.outcomes import Duplicate, NeedsConsent, NothingOpen, Replied, Stale, TurnOutcome
from dialogues import CONTROL_CHOICES, Command, Reply, Status, UserInput
from dialogues.render import Output, make_environment, render_block
from dialogues.words import WORD_KEYS

CHANNEL = "terminal"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# Words that act as controls when typed on their own line.
WORDS = {
    "skip": Command.SKIP,
    "back": Command.BACK,
    "pause": Command.PAUSE,
    "stop": Command.STOP,
    "not now": Command.STOP,
    "help": Command.HELP,
    "resume": Command.RESUME,
}
ReadLine = Callable[[str], str]


def terminal_environment() -> SandboxedEnvironment:
    """The Jinja environment for terminal frames (plain text, no escaping)."""
    return make_environment(Output.TERMINAL, FileSystemLoader(str(TEMPLATES)))


def terminal_words() -> dict[str, str]:
    """How the terminal names its controls in the dialogues' shared texts (words.j2)."""
    env = terminal_environment()
    return {key: render_block(env, "words.j2", key, {}) for key in WORD_KEYS}


class TerminalChat:
    """Reads lines, runs turns, prints replies. Ctrl-C or end of input pauses."""

    def __init__(
        self, conversations: Conversations, key: str, out: TextIO, read_line: ReadLine = input
    ) -> None:
        self.conversations = conversations
        self.key = key
        self.out = out
        self.read_line = read_line
        self.env = terminal_environment()

    def run(self, script_id: str, *, ward: str | None = None) -> int:
        """Hold one reflection; returns the process exit code."""
        try:
            going = self._handle(self._open(script_id, ward))
            while going:
                line = self.read_line("> ")
                self.out.write("\n")  # a blank line between what was typed and the reply
                going = self._handle(self.conversations.take_turn(self.key, self._parse(line)))
        except (KeyboardInterrupt, EOFError):
            self._pause()
        return 0

    def _handle(self, outcome: TurnOutcome) -> bool:
        """Show what a turn came to (the one place this channel does); whether to go on."""
        match outcome:
            case Replied(replies=replies, ended=ended, status=status):
                self._show(replies)
                return not ended and status is not Status.PAUSED
            case Stale(replies=replies):
                self._show(replies)
                return True
            case NothingOpen(support=support) | NeedsConsent(support=support):
                self._show(support)
                return False
            case Duplicate():
                return True

    def _open(self, script_id: str, ward: str | None) -> TurnOutcome:
        existing = self.conversations.open_session(self.key)
        if existing is not None:
            voice = existing.script_id
            self.out.write(self._frame("resume_offer.j2", voice=voice, answered=existing.answered))
            while True:
                line = self.read_line("> ")
                # Whatever is typed here passes the safety net too, before anything else.
                risk = self.conversations.safeguard.screen(line)
                self._show(self.conversations.support_for(self.key, risk))
                answer = line.strip().casefold()
                if answer in {"1", "carry on", "resume", "c"}:
                    return self.conversations.take_turn(self.key, UserInput.control(Command.RESUME))
                if answer in {"2", "new", "start a new one", "n"}:
                    break
                self.out.write(self._frame("unclear_choice.j2"))
        return self.conversations.start(self.key, script_id, ward=ward)

    def _pause(self) -> None:
        if self.conversations.open_session(self.key) is not None:
            self.conversations.take_turn(self.key, UserInput.control(Command.PAUSE))
            self.out.write(self._frame("goodbye_paused.j2"))

    @staticmethod
    def _parse(line: str) -> UserInput:
        word = " ".join(line.strip().casefold().split())
        if word in WORDS:
            return UserInput.control(WORDS[word])
        return UserInput.typed(line)

    def _show(self, replies: list[Reply]) -> None:
        for reply in replies:
            numbered = [b for b in reply.buttons if b.choice not in CONTROL_CHOICES]
            controls = [b.label.casefold() for b in reply.buttons if b.choice in CONTROL_CHOICES]
            self.out.write(
                self._frame("reply.j2", text=reply.text, numbered=numbered, controls=controls)
            )
        self.out.flush()

    def _frame(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(**context).rstrip("\n") + "\n\n"
