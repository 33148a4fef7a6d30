"""/skip, /back, /pause, /resume, /stop and /help: the dialogue's controls as commands."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.channel import TelegramChannel
from dialogues import Command, UserInput

COMMANDS = {command.value: command for command in Command}


class Controls:
    """Sends a control to the open session; without one, says how to begin."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Apply the command named in the message (``/pause`` -> pause)."""
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None and message is not None and message.text is not None
        name = message.text.split()[0].lstrip("/").split("@")[0].casefold()
        result = await self.channel.db(
            self.channel.conversations.take_turn,
            self.channel.key(update),
            UserInput.control(COMMANDS[name]),
            chat_ref=str(chat.id),
            update_id=update.update_id,
        )
        if result.duplicate:
            return
        if result.session_id is None:
            template = "help" if name == Command.HELP else "nothing_open"
            await self.channel.say(context.bot, chat.id, template)
            return
        await self.channel.show(context.bot, chat.id, result)
