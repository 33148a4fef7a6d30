"""Typed text: an answer to the current question (or a typed choice)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.channel import TelegramChannel
from bot.telegram.split import MESSAGE_LIMIT
from dialogues import UserInput


class Answers:
    """Takes a typed message as the answer to the current question."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Store the answer (anonymised by the engine), then send what comes next."""
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None and message is not None and message.text is not None
        text = message.text
        if len(text) > MESSAGE_LIMIT:
            # Telegram splits longer texts itself; this guards a self-hosted server that does not.
            await self.channel.say(
                context.bot, chat.id, "too_long", length=len(text), limit=MESSAGE_LIMIT
            )
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
