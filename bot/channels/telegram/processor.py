"""Updates of one chat one at a time, in order; different chats at the same time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

DEFAULT_CONCURRENCY = 256
LOG = logging.getLogger(__name__)


def chat_of(update: object) -> int | None:
    """The chat an update belongs to, if it has one."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerChatProcessor(BaseUpdateProcessor):
    """A lock per chat: a quick second message waits for the first instead of racing it.

    ``concurrent_updates=True`` alone lets two messages of one chat read the same session row
    and the later write wins; the database row lock covers PostgreSQL across workers, this
    lock keeps the order of messages within one process.
    """

    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        # Run after each update, still under its chat's lock (the safety net's last check).
        self.after: Callable[[object], Awaitable[None]] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` while holding the lock of the update's chat."""
        chat = chat_of(update)
        if chat is None:
            await self._handle(update, coroutine)
            return
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._waiting[chat] = self._waiting.get(chat, 0) + 1
        try:
            async with lock:
                await self._handle(update, coroutine)
        finally:
            # Forget the lock once no update of the chat is in flight, so memory stays flat.
            self._waiting[chat] -= 1
            if not self._waiting[chat]:
                del self._waiting[chat]
                del self._locks[chat]

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if self.after is not None:
                try:
                    await self.after(update)
                except Exception as exc:  # the next update must still be served
                    LOG.error("after-update step failed: %s", type(exc).__name__)

    @property
    def chats_in_flight(self) -> int:
        """How many chats have an update being handled or waiting."""
        return len(self._locks)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
