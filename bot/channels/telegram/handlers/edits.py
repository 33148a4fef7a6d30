"""Edited messages: not taken as a new answer; the person is told how to change one."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel


class Edits:
    """Replies to an edit with how to change an answer; the stored answer stays as it was."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Explain that edits are not picked up (an edit could otherwise rewrite a saved answer)."""
        assert update.effective_chat is not None
        await self.channel.say(context.bot, update.effective_chat.id, "edited")
