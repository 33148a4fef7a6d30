"""The safety net in the Telegram channel: each update's text screened once, its verdict kept
while the update is handled, and support sent before anything else the bot says.

Memory only, per chat: the per-chat processor handles one update of a chat at a time. The text
itself is never kept, only the kinds of risk found in it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from telegram import Bot, Message, Update

from bot.channels.telegram.errors import DatabaseUnavailable
from dialogues import Reply, UserInput

if TYPE_CHECKING:
    from bot.channels.telegram.channel import TelegramChannel

LOG = logging.getLogger(__name__)


@dataclass(slots=True)
class Screening:
    """The verdict on one update's text, and whether support has reached the person yet."""

    risk: frozenset[str]
    delivered: bool = False
    # A typed answer already screened and worked out (anonymised, tagged) in the same trip to
    # a worker thread; the turn uses it while it is for the same text.
    prepared: UserInput | None = None


def person_texts(update: Update) -> list[str]:
    """Every piece of text the sender wrote in ``update``: text, caption, edits, a poll."""
    texts: list[str] = []
    for message in (update.message, update.edited_message):
        if message is not None:
            texts.extend(_texts_of(message))
    return [t for t in texts if t.strip()]


def _texts_of(message: Message) -> list[str]:
    found = [t for t in (message.text, message.caption) if t]
    poll = message.poll
    if poll is not None:
        found.append(poll.question)
        found.extend(option.text for option in poll.options)
    return found


class SafetyNet:
    """Verdicts on the updates in flight, and support put first."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel
        self._verdicts: dict[int, Screening] = {}

    async def screen(self, update: Update) -> Screening | None:
        """Screen every text the person sent with ``update``; remembered until it is handled."""
        chat = update.effective_chat
        texts = person_texts(update)
        if chat is None or not texts:
            return None
        conversations = self.channel.conversations
        message = update.message
        typed = message.text if message is not None and message.caption is None else None
        if typed and not typed.startswith("/") and update.effective_user is not None:
            # A typed answer: screened, read and anonymised in one trip to a worker thread.
            key = self.channel.key(update)
            try:
                given = await self.channel.slow(conversations.prepare, key, UserInput.typed(typed))
            except DatabaseUnavailable:
                given = UserInput.typed(typed).screened(
                    await asyncio.to_thread(conversations.safeguard.screen, typed)
                )
            screening = Screening(given.risk or frozenset(), prepared=given)
        else:
            # The detector runs a model: off the event loop, so other chats are not held up.
            risk = await asyncio.to_thread(conversations.safeguard.screen_all, texts)
            screening = Screening(risk)
        self._verdicts[chat.id] = screening
        return screening

    def prepared(self, update: Update, given: UserInput) -> UserInput | None:
        """The screened and worked-out form of ``given``, if the screen made it already."""
        chat = update.effective_chat
        screening = self._verdicts.get(chat.id) if chat is not None else None
        found = screening.prepared if screening is not None else None
        if found is None or found.kind is not given.kind or found.text != given.text:
            return None
        return found

    def screened(self, update: Update, given: UserInput) -> UserInput:
        """``given`` with the verdict on the update's text (the service screens it otherwise)."""
        chat = update.effective_chat
        screening = self._verdicts.get(chat.id) if chat is not None else None
        return given if screening is None else given.screened(screening.risk)

    async def support_first(self, bot: Bot, update: Update) -> None:
        """Send support now if the update's text carries risk and none was sent for it yet."""
        chat = update.effective_chat
        screening = self._verdicts.get(chat.id) if chat is not None else None
        if chat is None or screening is None or not screening.risk or screening.delivered:
            return
        key = self.channel.key(update) if update.effective_user is not None else None
        try:
            replies = await self.channel.db(
                self.channel.conversations.support_for, key, screening.risk
            )
        except DatabaseUnavailable:
            # Support does not wait for the database: without it, every resource is listed.
            replies = self.channel.conversations.support_for(None, screening.risk)
        screening.delivered = True
        outbox = self.channel.outbox(bot)
        for reply in replies:
            await outbox.send(chat.id, reply.text)

    def support_given(self, update: Update) -> bool:
        """Whether support for this update's text has gone out."""
        chat = update.effective_chat
        screening = self._verdicts.get(chat.id) if chat is not None else None
        return screening is not None and bool(screening.risk) and screening.delivered

    def waive_support(self, update: Update) -> None:
        """Count support as given for this update (a later part of a message already answered)."""
        chat = update.effective_chat
        screening = self._verdicts.get(chat.id) if chat is not None else None
        if screening is not None:
            screening.delivered = True

    async def finish(self, bot: Bot, update: object) -> None:
        """After an update: support that no handler gave goes out now, and the verdict is let go.

        Every handler is meant to put support first; this is the net under the net, and a
        late send is logged as a fault (update number only).
        """
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        screening = self._verdicts.get(update.effective_chat.id)
        if screening is None:
            return
        try:
            if screening.risk and not screening.delivered:
                LOG.error("update %s: support was not offered first; sent now", update.update_id)
                await self.support_first(bot, update)
        finally:
            self._verdicts.pop(update.effective_chat.id, None)

    def noted(self, chat_id: int, reply: Reply) -> None:
        """Count ``reply`` as the support the update in flight needed, if it is support."""
        if reply.support and chat_id in self._verdicts:
            self._verdicts[chat_id].delivered = True

    async def send(self, bot: Bot, chat_id: int, support: list[Reply]) -> None:
        """Send support messages made outside a session (none when there was no risk)."""
        outbox = self.channel.outbox(bot)
        for reply in support:
            await outbox.send(chat_id, reply.text)
            self.noted(chat_id, reply)
