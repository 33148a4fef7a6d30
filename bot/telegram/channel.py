"""What every Telegram handler shares: pseudonymous keys, the database off the event loop, and
showing a turn's replies."""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

from telegram import Bot, CallbackQuery, Message, Update

from bot.conversation import Conversations, TurnReplies
from bot.identity import participant_key
from bot.settings import Secret
from bot.telegram.errors import DatabaseUnavailable, is_unavailable
from bot.telegram.keyboard import keyboard
from bot.telegram.outbox import Outbox, Sleep
from bot.telegram.split import MESSAGE_LIMIT
from bot.telegram.texts import TelegramTexts

CHANNEL = "telegram"
LOG = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# Messages whose keyboard has been used, to answer a double tap quietly. Memory only (message
# ids, never stored), bounded; after a restart a double tap is treated as a stale button.
SETTLED_REMEMBERED = 10_000


@dataclass
class TelegramChannel:
    """The Telegram side of :class:`~bot.conversation.Conversations`."""

    conversations: Conversations
    secret: Secret
    texts: TelegramTexts = field(default_factory=TelegramTexts)
    sleep: Sleep = asyncio.sleep
    clock: Callable[[], float] = time.monotonic  # seconds, for short in-memory windows
    _settled: OrderedDict[tuple[int, int], None] = field(default_factory=OrderedDict)

    def key(self, update: Update) -> str:
        """The participant key of the update's sender (an HMAC; the id itself is never kept)."""
        user = update.effective_user
        if user is None:
            raise ValueError("update without a sender")
        return participant_key(self.secret, CHANNEL, user.id)

    def outbox(self, bot: Bot) -> Outbox:
        """Where replies go, with this channel's retry policy."""
        return Outbox(bot, self.sleep)

    async def db(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a (synchronous, one-transaction) conversation call on a worker thread.

        A database that is away or busy raises :class:`DatabaseUnavailable` (the transaction
        has been rolled back); the error handler then asks the person to send it again.
        """
        try:
            return await asyncio.to_thread(call, *args, **kwargs)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            # The driver's message can quote the statement's parameters (what was typed), so
            # only the error's type is logged and the original is not chained.
            LOG.warning("database unavailable (%s): asked to send again", type(exc).__name__)
            raise DatabaseUnavailable from None

    async def show(self, bot: Bot, chat_id: int, result: TurnReplies) -> None:
        """Send each reply of a turn, with its buttons."""
        outbox = self.outbox(bot)
        for reply in result.replies:
            await outbox.send(
                chat_id, reply.text, keyboard(reply, result.session_id, result.script)
            )

    async def say(self, bot: Bot, chat_id: int, template: str, **context: object) -> None:
        """Send one Telegram-only message template."""
        await self.outbox(bot).send(chat_id, self.texts.message(template, **context))

    # ----- buttons ------------------------------------------------------------------------

    def settled(self, query: CallbackQuery) -> bool:
        """Whether a press on this message's keyboard has already been acted on."""
        return _message_key(query) in self._settled

    async def settle(self, bot: Bot, query: CallbackQuery) -> None:
        """Remember the press and show it on the message: keyboard removed, "✓ label" added."""
        where = _message_key(query)
        if where is None:
            return
        self._settled[where] = None
        while len(self._settled) > SETTLED_REMEMBERED:
            self._settled.popitem(last=False)
        message = query.message
        if not isinstance(message, Message) or message.text is None:
            return  # too old for Telegram to show us; nothing to edit
        chosen = self.texts.label("chosen", label=_pressed_label(message, query.data))
        text = f"{message.text_html}\n\n{html.escape(chosen, quote=False)}"
        outbox = self.outbox(bot)
        if len(text) <= MESSAGE_LIMIT:
            await outbox.call("editMessageText", lambda: message.edit_text(text, parse_mode="HTML"))
        else:
            await outbox.call("editMessageReplyMarkup", lambda: message.edit_reply_markup(None))

    async def answer(self, bot: Bot, query: CallbackQuery, toast: str | None = None) -> None:
        """Answer a callback query (always: otherwise the button keeps spinning)."""
        text = self.texts.toast(toast) if toast else None
        await self.outbox(bot).call("answerCallbackQuery", lambda: query.answer(text))


def _message_key(query: CallbackQuery) -> tuple[int, int] | None:
    message = query.message
    if message is None:
        return None
    return (message.chat.id, message.message_id)


def _pressed_label(message: Message, data: str | None) -> str:
    markup = message.reply_markup
    if markup is not None:
        for row in markup.inline_keyboard:
            for button in row:
                if button.callback_data == data:
                    return button.text
    return ""
