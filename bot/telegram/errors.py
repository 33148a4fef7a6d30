"""The last resort: log a failed update without any personal data and carry on."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.ext import ContextTypes

LOG = logging.getLogger(__name__)


async def log_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error type, where it happened and the update number; never messages or senders."""
    number = update.update_id if isinstance(update, Update) else None
    error = context.error
    where = ""
    if error is not None and error.__traceback__ is not None:
        # The exception's message may quote what the person typed, so only its place is logged.
        frame = traceback.extract_tb(error.__traceback__)[-1]
        where = f" at {frame.filename}:{frame.lineno}"
    LOG.error("update %s failed: %s%s", number, type(error).__name__, where)
