"""/privacy and commands the bot does not know."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.channel import TelegramChannel


class Information:
    """Fixed messages that change nothing in the conversation."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/privacy``: what is kept and who sees it."""
        assert update.effective_chat is not None
        await self.channel.say(context.bot, update.effective_chat.id, "privacy")

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any other ``/word``: point to /help rather than take it as an answer."""
        assert update.effective_chat is not None
        await self.channel.say(context.bot, update.effective_chat.id, "unknown_command")
