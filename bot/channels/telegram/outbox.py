"""Sending to Telegram: long texts split, rate limits waited out, network errors retried.

The answer is committed to the database before anything is sent, so a failed send loses no
answer: the person sees the question again on their next message.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from telegram import Bot
from telegram.constants import ChatAction
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram.replybot import Keyboard, ReplyBot
from bot.channels.telegram.split import split_html

LOG = logging.getLogger(__name__)
T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]
NETWORK_ATTEMPTS = 3
RATE_LIMIT_ATTEMPTS = 3
LONGEST_WAIT = 60.0


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked us to wait, whichever type this PTB version reports it in."""
    with warnings.catch_warnings():
        # PTB 22 warns that the type will change from int to timedelta; both are handled here.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Outbox:
    """Every call to Telegram that a handler makes goes through here."""

    def __init__(self, bot: Bot, sleep: Sleep = asyncio.sleep) -> None:
        if not isinstance(bot, ReplyBot):
            raise TypeError("the outbox needs the bot of build_application (a ReplyBot)")
        self.bot = bot
        self._sleep = sleep

    async def call(self, what: str, make: Callable[[], Awaitable[T]]) -> T | None:
        """Run ``make()`` with retries; ``None`` when it cannot be delivered (logged, no data)."""
        network_left, rate_left = NETWORK_ATTEMPTS, RATE_LIMIT_ATTEMPTS
        while True:
            try:
                return await make()
            except RetryAfter as exc:
                rate_left -= 1
                if rate_left <= 0:
                    LOG.warning("%s: still rate limited, giving up", what)
                    return None
                await self._sleep(min(retry_seconds(exc), LONGEST_WAIT))
            except Forbidden:
                # Blocked by the person, or removed: nothing to send to. Log no ids.
                LOG.info("%s: not allowed (the person may have blocked the bot)", what)
                return None
            except BadRequest as exc:
                LOG.warning("%s: rejected by Telegram (%s)", what, type(exc).__name__)
                return None
            except (TimedOut, NetworkError) as exc:
                network_left -= 1
                if network_left <= 0:
                    LOG.warning("%s: network error, giving up (%s)", what, type(exc).__name__)
                    return None
                await self._sleep(0.5 * 2 ** (NETWORK_ATTEMPTS - network_left - 1))

    async def send(self, chat_id: int, text: str, keyboard: Keyboard | None = None) -> bool:
        """Send HTML ``text`` (split if long), buttons on the last piece; whether all went."""
        bot = self.bot
        pieces = split_html(text)
        sent = True
        for number, piece in enumerate(pieces, 1):
            buttons = keyboard if number == len(pieces) else None

            def send_piece(
                piece: str = piece, buttons: Keyboard | None = buttons
            ) -> Awaitable[dict[str, Any]]:
                return bot.send_html(chat_id, piece, buttons)

            sent = await self.call("sendMessage", send_piece) is not None and sent
        return sent

    async def typing(self, chat_id: int) -> None:
        """Show "typing..." while a slow step runs."""
        await self.call(
            "sendChatAction", lambda: self.bot.send_chat_action(chat_id, ChatAction.TYPING)
        )
