"""/privacy and commands the bot does not know."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.start_request import StartRequest


class Information:
    """Fixed messages that change nothing in the conversation."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/privacy``: what is kept and who sees it; with the agree buttons if not yet agreed."""
        chat = update.effective_chat
        assert chat is not None
        channel = self.channel
        if await channel.db(channel.conversations.has_agreed, channel.key(update)):
            await channel.say(context.bot, chat.id, "privacy", asking=False)
        else:
            await channel.ask_consent(context.bot, chat.id, StartRequest())

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any other ``/word``: point to /help rather than take it as an answer."""
        assert update.effective_chat is not None
        await self.channel.say(context.bot, update.effective_chat.id, "unknown_command")
