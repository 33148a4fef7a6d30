"""Consent first: a plain privacy notice, and nothing stored until the person taps "I agree".

The gate runs before every handler that could write to the database. Someone who has not
agreed gets the notice instead; what they asked for (a ``/start`` deep link) rides in the
"I agree" button and is carried out once they agree. Until then no row of any kind is written:
the question "have they agreed?" is only a read. Typed answers and question buttons are
checked inside their turn's own transaction instead (rolled back for someone who has not
agreed), so the common turn costs one transaction.
"""

from __future__ import annotations

import logging
import re

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.errors import DatabaseUnavailable
from bot.channels.telegram.handlers.start import PATTERN as START_BUTTONS
from bot.channels.telegram.handlers.start import Start
from bot.channels.telegram.start_request import (
    AGREE,
    DECLINE,
    StartRequest,
    parse_callback,
    parse_start,
)

LOG = logging.getLogger(__name__)
PATTERN = rf"^({AGREE}|{DECLINE})\|"
# Commands that work before agreeing: they read, explain, or refuse, and store nothing
# (a lead's /lead stores only the lead's own enrolment, which is not a reflection).
BEFORE_AGREEING = frozenset(
    {"privacy", "forget", "lead", "themes", "ideas", "report", "action", "actions"}
)
# Buttons handled by their own handlers before agreeing: consent itself and /forget's confirm.
OPEN_BUTTONS = (f"{AGREE}|", f"{DECLINE}|", "f1")


class ConsentGate:
    """Stops every update from someone who has not agreed, and shows them the notice."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Let agreed people and open commands through; everyone else sees the notice."""
        chat, query = update.effective_chat, update.callback_query
        message = update.message or update.edited_message
        if update.effective_user is None or chat is None or (message is None and query is None):
            return  # nothing a person sent (e.g. chat-member changes): no handler stores it
        if _open(message, query.data if query is not None else None):
            return
        if _checked_in_turn(update):
            return
        channel = self.channel
        try:
            agreed = await channel.db(channel.conversations.has_agreed, channel.key(update))
        except DatabaseUnavailable:
            raise  # the error handler asks to send again and stops the update there
        except Exception as exc:
            # Fail closed: PTB would carry on to the next handler group after an error.
            LOG.error("consent check failed: %s", type(exc).__name__)
            raise ApplicationHandlerStop from None
        if agreed:
            return
        if query is not None:
            await channel.answer(context.bot, query)
        await channel.safety.support_first(context.bot, update)  # before the notice, in memory only
        await channel.ask_consent(context.bot, chat.id, _request(update.message))
        raise ApplicationHandlerStop


class Consent:
    """The "I agree" and "Not now" buttons under the notice."""

    def __init__(self, channel: TelegramChannel, start: Start) -> None:
        self.channel = channel
        self.start = start

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Agree (then carry on with what was asked) or decline (nothing is kept)."""
        query, chat = update.callback_query, update.effective_chat
        assert query is not None and chat is not None
        channel, bot = self.channel, context.bot
        parsed = parse_callback(query.data or "", (AGREE, DECLINE))
        if parsed is None or channel.settled(query):
            await channel.answer(bot, query, "already_noted")
            return
        prefix, request = parsed
        key = channel.key(update)
        await channel.answer(bot, query)
        await channel.settle(bot, query)
        if prefix == DECLINE:
            agreed = await channel.db(channel.conversations.has_agreed, key)
            await channel.say(bot, chat.id, "consent_declined", agreed=agreed)
            return
        await channel.db(channel.conversations.agree, key)
        await self.start.begin(update, context, request)


def command_name(text: str | None) -> str | None:
    """``"start"`` for ``"/start@bot payload"``; ``None`` when ``text`` is not a command."""
    if not text or not text.startswith("/"):
        return None
    return text.split()[0][1:].split("@")[0].casefold()


def _open(message: Message | None, data: str | None) -> bool:
    if data is not None:
        return data.startswith(OPEN_BUTTONS)
    return message is not None and command_name(message.text) in BEFORE_AGREEING


def _checked_in_turn(update: Update) -> bool:
    # Typed text and question buttons go straight to a turn, which checks agreement inside its
    # own transaction and rolls back for someone who has not agreed: one transaction, not two.
    message, query = update.message, update.callback_query
    if query is not None:
        return not re.match(START_BUTTONS, query.data or "")
    return message is not None and message.text is not None and command_name(message.text) is None


def _request(message: Message | None) -> StartRequest:
    # Only a new /start carries a request; anything else begins with the chooser once agreed.
    if message is None or command_name(message.text) != "start":
        return StartRequest()
    assert message.text is not None
    _, _, payload = message.text.partition(" ")
    return parse_start(payload)
