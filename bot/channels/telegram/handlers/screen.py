"""The safety screen: the first handler of every update, before the private-chat guard and
the consent gate. Whatever a person wrote is screened for risk in memory; nothing is stored.

A text that will reach a dialogue turn (a typed message or a control command in a private
chat) gets its support inside that turn's replies, first. Anything else (an edit, a caption,
another command, a group message, a message from someone who has not agreed yet) gets support
here and now, before any other reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import Chat, Update
from telegram.ext import ContextTypes

if TYPE_CHECKING:
    from bot.channels.telegram.channel import TelegramChannel


def reaches_turn(update: Update, controls: frozenset[str]) -> bool:
    """Whether the update goes to a dialogue turn, whose replies then carry the support."""
    message, chat = update.message, update.effective_chat
    if message is None or message.text is None or chat is None or chat.type != Chat.PRIVATE:
        return False
    text = message.text
    if not text.startswith("/"):
        return True
    return text.split()[0][1:].split("@")[0].casefold() in controls


class SafetyScreen:
    """Screens every update first; gives support at once unless a turn will give it."""

    def __init__(self, channel: TelegramChannel, controls: frozenset[str]) -> None:
        self.channel = channel
        self.controls = controls

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Screen, and put support first where no turn follows."""
        screening = await self.channel.safety.screen(update)
        if screening is not None and screening.risk and not reaches_turn(update, self.controls):
            await self.channel.safety.support_first(context.bot, update)
