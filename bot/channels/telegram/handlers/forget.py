"""/forget: after a confirm, erase everything kept about the person (a lead's access too), and
say how much."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel

CONFIRM = "f1y"  # callback data of "Yes, delete everything"
KEEP = "f1n"  # callback data of "No, keep it"
PATTERN = rf"^({CONFIRM}|{KEEP})$"


class Forget:
    """Asks before erasing; erasing cannot be undone."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/forget``: ask to confirm, or say there is nothing kept."""
        chat = update.effective_chat
        assert chat is not None
        channel = self.channel
        key = channel.key(update)
        kept = await channel.db(channel.conversations.kept_about, key)
        if not kept.agreed and not kept.lead:
            # Without agreement nothing should exist; erase any stray rows without asking.
            erased = 0
            if kept.stray:
                erased = (await channel.db(channel.conversations.forget_all, key)).answers
            template = "forget_done" if kept.stray else "forget_nothing"
            await channel.say(context.bot, chat.id, template, count=erased, lead=False)
            return
        # A lead is asked too, even one who never reflected: their access goes with it.
        buttons = [("forget_yes", CONFIRM), ("forget_no", KEEP)]
        await channel.ask(
            context.bot, chat.id, "forget_confirm", buttons, agreed=kept.agreed, lead=kept.lead
        )

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The answer to the confirm: erase and report the count, or keep everything."""
        query, chat = update.callback_query, update.effective_chat
        assert query is not None and chat is not None
        channel, bot = self.channel, context.bot
        if channel.settled(query):
            await channel.answer(bot, query, "already_noted")
            return
        await channel.answer(bot, query)
        await channel.settle(bot, query)
        if query.data != CONFIRM:
            await channel.say(bot, chat.id, "forget_kept")
            return
        erased = await channel.db(channel.conversations.forget_all, channel.key(update))
        await channel.say(bot, chat.id, "forget_done", count=erased.answers, lead=erased.lead)
