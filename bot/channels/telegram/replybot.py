"""The Application's bot: PTB's ExtBot with a lighter call for the bot's own messages.

``Bot.send_message`` builds a keyboard of PTB objects, serialises it, and parses Telegram's
answer into a ``Message``. The bot never reads that ``Message`` and its keyboards are plain
rows, so :meth:`ReplyBot.send_html` posts the same ``sendMessage`` request from plain data and
keeps Telegram's answer as it came: in turn profiles, the objects and the parse were a fifth of
a turn (bench/bench_turns.py). The request still goes through ExtBot's own path, so errors
(rate limits, a blocked bot, network trouble) are raised exactly as ``send_message`` raises them.
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.constants import ParseMode
from telegram.ext import ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.channels.telegram.updates import read_updates

# Rows of buttons, each a (label shown, callback data) pair.
Keyboard = list[list[tuple[str, str]]]
# As ApplicationBuilder sizes them: many replies in flight, one long poll.
REPLY_CONNECTIONS = 256
POLL_CONNECTIONS = 1
TELEGRAM_SERVER = "https://api.telegram.org"


def inline_keyboard(rows: Keyboard) -> dict[str, Any]:
    """``rows`` as the Bot API's ``InlineKeyboardMarkup`` object."""
    return {"inline_keyboard": [[{"text": t, "callback_data": d} for t, d in row] for row in rows]}


class ReplyBot(ExtBot[None]):
    """ExtBot, plus :meth:`send_html`."""

    async def send_html(
        self, chat_id: int, text: str, keyboard: Keyboard | None = None
    ) -> dict[str, Any]:
        """Send HTML ``text`` with an inline ``keyboard``; Telegram's answer as JSON."""
        data: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML}
        if keyboard:
            data["reply_markup"] = inline_keyboard(keyboard)
        sent: dict[str, Any] = await self._post("sendMessage", data)
        return sent

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 (PTB's signature)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        """As PTB's, but one unreadable update is skipped instead of failing the whole batch.

        PTB's own version refetches a batch it cannot parse, forever, and logs it raw.
        """
        data: JSONDict = {
            "timeout": timeout,
            "offset": offset,
            "limit": limit,
            "allowed_updates": allowed_updates,
        }
        # As PTB computes it: the long-poll timeout comes on top of the request's read timeout.
        if isinstance(read_timeout, DefaultValue):
            base = self._request[0].read_timeout or 0
        else:
            base = read_timeout or 0
        if isinstance(timeout, dtm.timedelta):
            waited = base + timeout.total_seconds()
        else:
            waited = base + timeout if timeout else base
        batch = await self._post(
            "getUpdates",
            data,
            read_timeout=waited,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        updates = read_updates(batch, self)
        for update in updates:
            self.insert_callback_data(update)
        return updates


def api_urls(base: str) -> tuple[str, str]:
    """The Bot API and file URLs of a server root (e.g. a self-hosted ``telegram-bot-api``)."""
    root = base.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


def reply_bot(
    token: str,
    *,
    api_base_url: str = "",
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
) -> ReplyBot:
    """A :class:`ReplyBot` set up as ``ApplicationBuilder`` sets up its ExtBot.

    ``api_base_url``: a self-hosted Bot API server's root (Telegram's own when empty);
    ``request`` and ``updates_request`` swap the network layer (tests).
    """
    base_url, file_url = api_urls(api_base_url or TELEGRAM_SERVER)
    return ReplyBot(
        token,
        base_url=base_url,
        base_file_url=file_url,
        request=request or HTTPXRequest(connection_pool_size=REPLY_CONNECTIONS),
        get_updates_request=updates_request or HTTPXRequest(connection_pool_size=POLL_CONNECTIONS),
    )
