"""Updates python-telegram-bot cannot read are acknowledged and skipped, never retried forever.

A self-hosted Bot API server lags Telegram's and may send an older shape (a poll without the
fields PTB now requires); a malformed entity does the same. PTB then fails to build the
``Update``: in polling it fetched the whole batch again, forever, and logged it raw (ids,
names, typed words). Here each update is read on its own; one that cannot be read becomes an
empty update with its id, so the polling offset moves past it and the webhook answers 200.
One line is logged with the update id and the reason, never the payload, and it is counted.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import TYPE_CHECKING, Any

from telegram import Update

if TYPE_CHECKING:
    from telegram import Bot

LOG = logging.getLogger(__name__)
# A reason may quote part of the payload ("invalid literal ... 'Sam'"): quoted text and long
# numbers are masked; the field names PTB complains about stay readable.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\d{3,}")


class Unreadable:
    """Counts the updates that could not be read (one counter per process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    @property
    def count(self) -> int:
        """How many updates were skipped."""
        return self._count

    def note(self) -> None:
        """Count one more."""
        with self._lock:
            self._count += 1


UNREADABLE = Unreadable()


def reason(error: BaseException) -> str:
    """Why an update could not be read, without anything it contained."""
    message = _QUOTED.sub("...", str(error).splitlines()[0] if str(error) else "")
    return f"{type(error).__name__}: {message[:160]}" if message else type(error).__name__


def read_update(data: Any, bot: Bot) -> Update | None:
    """``data`` as an ``Update``; an empty one with its id if it cannot be read, else None.

    None means there is no update id to acknowledge (not an update at all).
    """
    try:
        return Update.de_json(data, bot)
    except Exception as exc:
        number = data.get("update_id") if isinstance(data, dict) else None
        UNREADABLE.note()
        if not isinstance(number, int) or isinstance(number, bool):
            LOG.warning("skipped something that is not an update (%s)", reason(exc))
            return None
        LOG.warning(
            "update %d skipped: it could not be read (%s); %d skipped so far",
            number,
            reason(exc),
            UNREADABLE.count,
        )
        return Update(update_id=number)


def read_updates(batch: Any, bot: Bot) -> tuple[Update, ...]:
    """Every update of a ``getUpdates`` result, each read on its own (see :func:`read_update`)."""
    if not isinstance(batch, list):
        LOG.warning("getUpdates answered with something that is not a list: ignored")
        return ()
    found = (read_update(item, bot) for item in batch)
    return tuple(update for update in found if update is not None)
