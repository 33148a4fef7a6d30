"""Typed text: an answer to the current question (or a typed choice).

A text longer than 4,096 characters never arrives whole: the Telegram app cuts it into parts
and sends them one after another. A part that long is far over any answer limit, so the bot
asks for something shorter; the parts that follow within a few seconds are continuations of
the same text, not the next answer, and are ignored (remembered per chat, in memory only).
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.channel import TelegramChannel
from bot.telegram.split import MESSAGE_LIMIT
from dialogues import UserInput

# Apps cut at a space before the limit when they can, so a part may fall a little short of it.
SPLIT_PART = MESSAGE_LIMIT - 200
CONTINUATION_SECONDS = 5.0
CHATS_REMEMBERED = 10_000


class Answers:
    """Takes a typed message as the answer to the current question."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel
        self._split_until: OrderedDict[int, float] = OrderedDict()

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Store the answer (anonymised by the engine), then send what comes next."""
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None and message is not None and message.text is not None
        text = message.text
        if self._continuation(chat.id):
            return
        if len(text) > MESSAGE_LIMIT:
            # Telegram splits longer texts itself; this guards a self-hosted server that does not.
            await self.channel.say(
                context.bot, chat.id, "too_long", length=len(text), limit=MESSAGE_LIMIT
            )
            return
        if len(text) >= SPLIT_PART:
            self._remember_split(chat.id)
            await self.channel.say(context.bot, chat.id, "split_parts")
            return
        # Anonymising a typed answer is the slow part of a turn: show that something is happening.
        await self.channel.outbox(context.bot).typing(chat.id)
        result = await self.channel.db(
            self.channel.conversations.take_turn,
            self.channel.key(update),
            UserInput.typed(text),
            chat_ref=str(chat.id),
            update_id=update.update_id,
        )
        if result.duplicate:
            return
        if result.session_id is None:
            await self.channel.say(context.bot, chat.id, "nothing_open")
            return
        await self.channel.show(context.bot, chat.id, result)

    def _remember_split(self, chat_id: int) -> None:
        self._split_until[chat_id] = self.channel.clock() + CONTINUATION_SECONDS
        self._split_until.move_to_end(chat_id)
        while len(self._split_until) > CHATS_REMEMBERED:
            self._split_until.popitem(last=False)

    def _continuation(self, chat_id: int) -> bool:
        until = self._split_until.get(chat_id)
        if until is None:
            return False
        if self.channel.clock() > until:
            del self._split_until[chat_id]
            return False
        # Each part extends the window: a long text may come in three or more parts.
        self._remember_split(chat_id)
        return True
