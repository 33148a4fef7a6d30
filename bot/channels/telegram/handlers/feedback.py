"""The button under a "you said, we did" message: begins the short follow-up reflection."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel

FEEDBACK_BUTTON = "fb"  # callback data "fb|<action id>" starts the follow-up reflection
PATTERN = rf"^{FEEDBACK_BUTTON}\|[0-9]{{1,12}}$"


class FeedbackButton:
    """The "Tell us if it helps" button: the follow-up on that action, on the action's ward."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Start the follow-up reflection (a second press of the same button is already noted)."""
        query, chat = update.callback_query, update.effective_chat
        assert query is not None and chat is not None and query.data is not None
        channel = self.channel
        if channel.settled(query):
            await channel.answer(context.bot, query, "already_noted")
            return
        key = channel.key(update)
        existing = await channel.db(channel.conversations.open_session, key)
        if existing is not None and (existing.answered or existing.paused):
            # Never lose answers in progress: the button still works once that one is done.
            await channel.answer(context.bot, query, "finish_first")
            return
        action_id = int(query.data.split("|", 1)[1])
        outcome = await channel.db(
            channel.conversations.start_followup,
            key,
            action_id,
            chat_ref=channel.chat_ref(chat.id),
            update_id=update.update_id,
        )
        await channel.deliver(context.bot, update, key, outcome, query=query)
