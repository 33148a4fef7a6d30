"""Groups, supergroups and channels: say the bot works only in private chats, keep nothing."""

from __future__ import annotations

from telegram import Chat, ChatMemberUpdated, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.channels.telegram.channel import TelegramChannel


class PrivateOnly:
    """Runs before every other handler and stops any update that is not from a private chat."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Refuse politely outside private chats; no database call is made for them."""
        chat = update.effective_chat
        if chat is not None and chat.type == Chat.PRIVATE:
            if update.effective_user is not None:
                return
            # A private-chat update with no sender cannot be tied to anyone: nothing to do.
            raise ApplicationHandlerStop
        if chat is not None:
            await self._refuse(update, chat, context)
        # Updates without a chat (inline queries, poll results...) are not for this bot either.
        raise ApplicationHandlerStop

    async def _refuse(self, update: Update, chat: Chat, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is not None:
            await self.channel.answer(context.bot, query, "group_only")
            return
        message = update.message or update.channel_post
        addressed = message is not None and bool(message.text and message.text.startswith("/"))
        # Answer commands and being added, not every message: the group may be busy.
        if addressed or _just_added(update.my_chat_member):
            await self.channel.say(context.bot, chat.id, "group_only")


def _just_added(change: ChatMemberUpdated | None) -> bool:
    if change is None:
        return False
    return change.new_chat_member.status in ("member", "administrator")
