"""A press on a question's inline keyboard: idempotent, and stale presses told apart."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.keyboard import button_context
from bot.channels.telegram.payload import Payload
from dialogues import UserInput


class Buttons:
    """Turns a pressed button into a turn; every query is answered exactly once."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Apply the press, mark the message with the choice, send what comes next."""
        query, chat = update.callback_query, update.effective_chat
        assert query is not None and chat is not None
        channel, bot = self.channel, context.bot
        payload = Payload.decode(query.data or "")
        where = button_context(payload) if payload is not None else None
        if payload is None or where is None:
            await channel.answer(bot, query, "not_ours")
            return
        if channel.settled(query):
            # A double tap, or a second button of a keyboard already used: nothing more to do.
            await channel.answer(bot, query, "already_noted")
            return
        key = channel.key(update)
        outcome = await channel.turn(
            update, key, UserInput.tapped(payload.choice), button=where, require_consent=True
        )
        await channel.deliver(bot, update, key, outcome, query=query)
