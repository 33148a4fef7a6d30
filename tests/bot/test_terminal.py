"""`reflect chat`: every line typed passes the safety net, the resume offer included."""

from __future__ import annotations

import io
from collections.abc import Iterator

from bot.channels.terminal.chat import TerminalChat
from bot.services.conversation import Conversations
from dialogues import Command, UserInput

KEY = "t" * 64
RISK = "i want to kill myself tonight"


def lines(*typed: str) -> Iterator[str]:
    """What the person types, then end of input (as Ctrl-D)."""
    yield from typed
    raise EOFError


def chat(conversations: Conversations, *typed: str) -> str:
    """Run `reflect chat` with ``typed`` lines; everything it printed."""
    out = io.StringIO()
    feed = lines(*typed)
    TerminalChat(conversations, KEY, out, read_line=lambda _: next(feed)).run("staff")
    return out.getvalue()


def test_risk_typed_at_a_choice_question_gets_support_first(conversations: Conversations) -> None:
    printed = chat(conversations, RISK)
    after = printed.split("are you hurt", 1)[1]
    assert after.index("Samaritans") < after.index("Carry on")
    assert "Please choose one of the options" not in after


def test_risk_typed_at_the_resume_offer_gets_support(conversations: Conversations) -> None:
    conversations.start(KEY, "staff")
    conversations.take_turn(KEY, UserInput.tapped("ok_now"))
    conversations.take_turn(KEY, UserInput.control(Command.PAUSE))
    printed = chat(conversations, RISK, "1")
    # The offer is made, support answers what was typed there, then the person carries on.
    offer = printed.index("unfinished")
    support = printed.index("Samaritans")
    assert offer < support < printed.index("Were you directly involved")


def test_ordinary_answers_get_no_support(conversations: Conversations) -> None:
    printed = chat(conversations, "1", "1", "1", "we kept our voices low and it helped")
    assert "Samaritans" not in printed
