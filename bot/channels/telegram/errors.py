"""When a handler fails: a moment without the database gets a "try again", anything else is
logged without any personal data."""

from __future__ import annotations

import logging
import traceback
from functools import cache

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.channels.telegram.outbox import Outbox
from bot.channels.telegram.texts import TelegramTexts

LOG = logging.getLogger(__name__)


class DatabaseUnavailable(Exception):
    """The database could not be reached or was busy; the turn was rolled back, nothing kept."""


@cache
def _texts() -> TelegramTexts:
    # The error handler has no channel to hand; the templates are the same ones it would use.
    return TelegramTexts()


async def log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error type, where it happened and the update number; never messages or senders."""
    number = update.update_id if isinstance(update, Update) else None
    error = context.error
    if isinstance(error, DatabaseUnavailable) and isinstance(update, Update):
        await _ask_again(update, context)
        # Handled: later error handlers (and the logs) need not treat it as a failure.
        raise ApplicationHandlerStop
    where = ""
    if error is not None and error.__traceback__ is not None:
        # The exception's message may quote what the person typed, so only its place is logged.
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f" at {frame.filename}:{frame.lineno}"
    LOG.error("update %s failed: %s%s", number, type(error).__name__, where)


async def _ask_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    outbox = Outbox(context.bot)
    query = update.callback_query
    if query is not None:
        # Stop the button spinning; the message below says what to do.
        await outbox.call("answerCallbackQuery", lambda: query.answer())
    chat = update.effective_chat
    if chat is not None:
        text = _texts().message("try_again", pressed=query is not None)
        await outbox.send(chat.id, text)
