"""A text over 4,096 characters arrives as several parts: none is taken as an answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.channels.telegram.handlers.answers import CONTINUATION_SECONDS, Answers
from storage import Store
from storage.models import Reflection
from tests.bot.telegram.test_consent import count

if TYPE_CHECKING:
    from tests.support.telegram import Phone

FIRST_TEXT_QUESTION = "what helped"
NEXT_QUESTION = "What was meant to happen"


class Clock:
    """A clock the test moves by hand (no sleeping)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def at_first_text_question(phone: Phone) -> None:
    """A staff reflection up to its first typed answer."""
    await phone.send("/start staff")
    for label in ("I'm OK, now is fine", "I was involved", "Restraint"):
        await phone.tap(label)
    assert FIRST_TEXT_QUESTION in phone.texts()[-1]


def with_clock(phone: Phone) -> Clock:
    """Swap the running bot's clock for one the test moves."""
    clock = Clock()
    [answers] = [
        h.callback
        for handlers in phone.app.handlers.values()
        for h in handlers
        if isinstance(h.callback, Answers)
    ]
    answers.channel.clock = clock
    return clock


async def test_split_parts_are_not_taken_as_answers(phone: Phone, store: Store) -> None:
    clock = with_clock(phone)
    await at_first_text_question(phone)
    parts = ["word " * 819 + "w", "and the end of the long text"]  # 4,096 characters, then more
    assert len(parts[0]) == 4096
    await phone.deliver(*(phone.text_update(p) for p in parts))
    [reply] = phone.texts()
    assert "cut it into parts" in reply and "shorter" in reply
    clock.now += CONTINUATION_SECONDS + 1
    replies = await phone.send("a short answer instead")
    assert NEXT_QUESTION in replies[-1]
    await phone.send("/back")
    assert "a short answer instead" in "\n".join(phone.texts())
    assert count(store, Reflection) == 0


async def test_a_late_message_is_an_answer_again(phone: Phone) -> None:
    clock = with_clock(phone)
    await at_first_text_question(phone)
    await phone.send("x" * 4000)
    clock.now += 2
    assert await phone.send("more of the long text") == []  # a continuation: ignored
    clock.now += CONTINUATION_SECONDS + 0.5
    assert NEXT_QUESTION in (await phone.send("my real answer"))[-1]
