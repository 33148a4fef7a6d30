"""The per-chat update processor: one chat in order, other chats alongside (no timing)."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.channels.telegram import PerChatProcessor

DATE = 1_700_000_000


def update(number: int, chat: int) -> Update:
    """A bare text update in ``chat``."""
    return Update.de_json(
        {
            "update_id": number,
            "message": {
                "message_id": number,
                "date": DATE,
                "chat": {"id": chat, "type": "private"},
                "text": "x",
            },
        },
        None,
    )


async def test_one_chat_waits_while_another_runs() -> None:
    processor = PerChatProcessor()
    release = asyncio.Event()
    order: list[str] = []

    async def slow_first() -> None:
        order.append("a1 start")
        await release.wait()
        order.append("a1 end")

    async def record(name: str) -> None:
        order.append(name)
        if name == "b1":
            release.set()

    async with processor:
        a1 = asyncio.create_task(processor.process_update(update(1, 10), slow_first()))
        a2 = asyncio.create_task(processor.process_update(update(2, 10), record("a2")))
        b1 = asyncio.create_task(processor.process_update(update(3, 20), record("b1")))
        await asyncio.gather(a1, a2, b1)
    # b1 ran while a1 was still waiting; a2 only after a1 had finished.
    assert order == ["a1 start", "b1", "a1 end", "a2"]
    assert processor.chats_in_flight == 0


async def test_updates_without_a_chat_are_not_held() -> None:
    processor = PerChatProcessor()
    ran: list[object] = []

    async def note() -> None:
        ran.append(True)

    async with processor:
        await processor.process_update(object(), note())
    assert ran == [True]
