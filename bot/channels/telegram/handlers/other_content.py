"""Stickers, photos, voice notes and everything else that is not typed text."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.services.outcomes import Replied

# Checked in order; the first attribute set on the message names its kind.
KINDS = (
    "sticker",
    "photo",
    "voice",
    "audio",
    "video_note",
    "video",
    "animation",
    "document",
    "venue",
    "location",
    "contact",
    "poll",
    "dice",
    "game",
    "story",
)


def kind_of(message: Message) -> str:
    """A short name for what was sent (``"other"`` when none fits)."""
    for kind in KINDS:
        if getattr(message, kind, None):
            return kind
    return "other"


class OtherContent:
    """Says kindly what the bot can read, keeps nothing, and repeats the current question."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Reply to content the bot cannot take as an answer; the session is not changed."""
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None and message is not None
        key = self.channel.key(update)
        current = await self.channel.db(self.channel.conversations.current_prompt, key)
        is_open = isinstance(current, Replied)
        await self.channel.say(
            context.bot, chat.id, "unsupported", kind=kind_of(message), open=is_open
        )
        if isinstance(current, Replied):
            await self.channel.show(context.bot, chat.id, current)
