"""Typed text: an answer to the current question (or a typed choice).

A text longer than 4,096 characters never arrives whole: the Telegram app cuts it into parts
and sends them one after another. A part that long is far over any answer limit, so the bot
asks for something shorter; the parts that follow within a few seconds are continuations of
the same text, not the next answer, and are ignored (remembered per chat, in memory only).
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.split import MESSAGE_LIMIT
from bot.channels.telegram.start_request import StartRequest
from dialogues import UserInput

# Apps cut at a space before the limit when they can, so a part may fall a little short of it.
SPLIT_PART = MESSAGE_LIMIT - 200
CONTINUATION_SECONDS = 5.0
CHATS_REMEMBERED = 10_000
# Below this length the name model anonymises an answer in a few milliseconds, so the reply
# arrives before a "typing..." indicator would show; above it, the indicator is sent first.
TYPING_FROM_CHARS = 400


class Answers:
    """Takes a typed message as the answer to the current question."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel
        self._split_until: OrderedDict[int, float] = OrderedDict()
        # Chats whose current long message has had its support already.
        self._split_supported: set[int] = set()

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Store the answer (anonymised by the engine), then send what comes next."""
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None and message is not None and message.text is not None
        channel, bot, key = self.channel, context.bot, self.channel.key(update)
        text = message.text
        if (len(text) >= SPLIT_PART or chat.id in self._split_until) and not await channel.db(
            channel.conversations.has_agreed, key
        ):
            # The consent gate leaves typed text to the turn; these replies come before one.
            await channel.safety.support_first(bot, update)
            await channel.ask_consent(bot, chat.id, StartRequest())
            return
        if self._continuation(chat.id):
            # Later parts of one long message: support once for the whole message is enough.
            if chat.id in self._split_supported:
                channel.safety.waive_support(update)
            else:
                await channel.safety.support_first(bot, update)
                self._note_support(update)
            return
        if len(text) > MESSAGE_LIMIT:
            # Telegram splits longer texts itself; this guards a self-hosted server that does not.
            await channel.safety.support_first(bot, update)
            await channel.say(bot, chat.id, "too_long", length=len(text), limit=MESSAGE_LIMIT)
            return
        if len(text) >= SPLIT_PART:
            self._remember_split(chat.id)
            self._split_supported.discard(chat.id)
            await channel.safety.support_first(bot, update)
            self._note_support(update)
            await channel.say(bot, chat.id, "split_parts")
            return
        if len(text) >= TYPING_FROM_CHARS:
            # Anonymising a long answer is the slow part of a turn: "typing..." goes out first.
            await channel.outbox(bot).typing(chat.id)
        outcome = await channel.turn(update, key, UserInput.typed(text), require_consent=True)
        await channel.deliver(bot, update, key, outcome)

    def _note_support(self, update: Update) -> None:
        chat = update.effective_chat
        if chat is not None and self.channel.safety.support_given(update):
            self._split_supported.add(chat.id)

    def _remember_split(self, chat_id: int) -> None:
        self._split_until[chat_id] = self.channel.clock() + CONTINUATION_SECONDS
        self._split_until.move_to_end(chat_id)
        while len(self._split_until) > CHATS_REMEMBERED:
            gone, _ = self._split_until.popitem(last=False)
            self._split_supported.discard(gone)

    def _continuation(self, chat_id: int) -> bool:
        until = self._split_until.get(chat_id)
        if until is None:
            return False
        if self.channel.clock() > until:
            del self._split_until[chat_id]
            self._split_supported.discard(chat_id)
            return False
        # Each part extends the window: a long text may come in three or more parts.
        self._remember_split(chat_id)
        return True
