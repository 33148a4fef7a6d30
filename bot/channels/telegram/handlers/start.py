"""/start, with or without a deep-link payload, and the buttons shown before a session exists."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.start_request import (
    CHOOSE,
    RESTART,
    RESUME,
    VOICES,
    StartRequest,
    parse_callback,
    parse_start,
)
from bot.services.outcomes import OpenSession, Replied
from dialogues import Command, UserInput

# Matches the callback data of the buttons handled here.
PATTERN = rf"^({CHOOSE}|{RESTART}|{RESUME})\|"


class Start:
    """Begins a reflection: asks staff or patient if needed, offers to resume one in progress."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/start [payload]``."""
        await self.begin(update, context, parse_start(" ".join(context.args or [])))

    async def begin(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, request: StartRequest
    ) -> None:
        """Do what ``request`` asks: resume offer, staff-or-patient chooser, or a new session."""
        key = self.channel.key(update)
        request, ward = await self._checked(update, context, request)
        existing = await self.channel.db(self.channel.conversations.open_session, key)
        if existing is not None and (existing.answered or existing.paused):
            await self._offer_resume(update, context, existing, request)
        elif request.voice is None:
            await self._choose_voice(update, context, request)
        else:
            await self._begin(update, context, key, request.voice, ward)

    async def _checked(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, request: StartRequest
    ) -> tuple[StartRequest, str | None]:
        """``request`` with its entry link checked: the link's role as the voice, and its ward.

        A link that was revoked or never issued is named as such, and the person goes on
        without a ward (nothing lost)."""
        if request.link is None:
            return request, None
        entry = await self.channel.db(self.channel.links.resolve, request.link)
        if entry is None:
            chat = update.effective_chat
            assert chat is not None
            await self.channel.say(context.bot, chat.id, "link_not_valid")
            return StartRequest(request.voice), None
        return StartRequest(entry.role, request.link), entry.ward

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on the staff-or-patient chooser or on the resume offer."""
        query = update.callback_query
        assert query is not None
        parsed = parse_callback(query.data or "")
        if parsed is None or self.channel.settled(query):
            await self.channel.answer(context.bot, query, "already_noted")
            return
        prefix, request = parsed
        key = self.channel.key(update)
        if prefix == RESUME:
            await self._resume(update, context, query, key)
            return
        existing = await self.channel.db(self.channel.conversations.open_session, key)
        if prefix == CHOOSE and existing is not None and existing.answered:
            # An old chooser must not wipe answers given since: show where they are instead.
            await self.channel.answer(context.bot, query, "stale")
            await self._current(update, context, key)
            return
        await self.channel.answer(context.bot, query)
        await self.channel.settle(context.bot, query)
        # "Start a new one" on a resume offer carries the link: checked again, as it may have
        # been revoked since the offer.
        request, ward = await self._checked(update, context, request)
        if request.voice is None:
            await self._choose_voice(update, context, request)
            return
        await self._begin(update, context, key, request.voice, ward)

    async def _begin(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        key: str,
        voice: str,
        ward: str | None,
    ) -> None:
        chat = update.effective_chat
        assert chat is not None
        outcome = await self.channel.db(
            self.channel.conversations.start,
            key,
            voice,
            ward=ward,
            chat_ref=self.channel.chat_ref(chat.id),
            update_id=update.update_id,
        )
        await self.channel.deliver(context.bot, update, key, outcome)

    async def _resume(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        query: CallbackQuery,
        key: str,
    ) -> None:
        outcome = await self.channel.turn(update, key, UserInput.control(Command.RESUME))
        await self.channel.deliver(context.bot, update, key, outcome, query=query)

    async def _current(self, update: Update, context: ContextTypes.DEFAULT_TYPE, key: str) -> None:
        chat = update.effective_chat
        assert chat is not None
        current = await self.channel.db(self.channel.conversations.current_prompt, key)
        if isinstance(current, Replied):
            await self.channel.show(context.bot, chat.id, current)

    async def _choose_voice(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, request: StartRequest
    ) -> None:
        chat = update.effective_chat
        assert chat is not None
        buttons = [(voice, StartRequest(voice).callback_data(CHOOSE)) for voice in VOICES]
        await self.channel.ask(context.bot, chat.id, "start_chooser", buttons)

    async def _offer_resume(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        existing: OpenSession,
        request: StartRequest,
    ) -> None:
        chat = update.effective_chat
        assert chat is not None
        fresh = StartRequest(request.voice or existing.script_id, request.link)
        buttons = [
            ("resume", StartRequest().callback_data(RESUME)),
            ("restart", fresh.callback_data(RESTART)),
        ]
        await self.channel.ask(
            context.bot, chat.id, "resume_offer", buttons, answered=existing.answered
        )
