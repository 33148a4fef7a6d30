"""/skip, /back, /pause, /resume, /stop and /help: the dialogue's controls as commands.

/stop also turns reminders and follow-up invitations off.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.handlers.consent import command_name
from bot.services.outcomes import Duplicate, NothingOpen
from dialogues import Command, UserInput

COMMANDS = {command.value: command for command in Command}


class Controls:
    """Sends a control to the open session; without one, says how to begin."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel
        self.leads = channel.leads

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Apply the command named in the message (``/pause`` -> pause)."""
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None and message is not None and message.text is not None
        name = command_name(message.text)
        assert name is not None  # CommandHandler matched one of COMMANDS
        channel, key = self.channel, self.channel.key(update)
        outcome = await channel.turn(update, key, UserInput.control(COMMANDS[name]))
        if name == Command.STOP and not isinstance(outcome, Duplicate):
            # "Not now" also means no reminders or follow-ups, until they /start again.
            await channel.db(channel.conversations.stop_reminders, key)
        if isinstance(outcome, NothingOpen) and name == Command.HELP:
            lead = bool(await channel.db(self.leads.wards_for, key))
            await channel.deliver(context.bot, update, key, outcome, nothing_open="help", lead=lead)
            return
        template = "reminders_off" if name == Command.STOP else "nothing_open"
        await channel.deliver(context.bot, update, key, outcome, nothing_open=template)
