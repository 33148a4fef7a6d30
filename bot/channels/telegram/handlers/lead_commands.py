"""Team leads in Telegram: ``/lead CODE`` to enrol; ``/themes``, ``/ideas`` and ``/report``
for their wards.

Anyone who is not a lead gets a clear refusal, and nothing is stored for them: a wrong code
changes no row, and the refusals only read.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot.channels.telegram.channel import TelegramChannel
from bot.services.reports import Reviews

REPORT_NAME = "report.html"
# Wrong codes allowed per person per window before /lead stops trying: a 10-character code from
# 31 symbols cannot be guessed in a handful of tries, and this keeps it that way.
MOST_WRONG_CODES = 5
WRONG_CODE_WINDOW = timedelta(hours=1)


class LeadCommands:
    """``/lead``, ``/themes``, ``/ideas`` and ``/report``."""

    def __init__(self, channel: TelegramChannel, reviews: Reviews) -> None:
        self.channel = channel
        self.reviews = reviews
        self.leads = channel.leads
        # Memory only (keys are pseudonymous and nothing is stored): key -> recent wrong tries.
        self._wrong: dict[str, list[datetime]] = {}

    async def enrol(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/lead CODE``: redeem a one-time code from ``reflect leads add``."""
        chat = update.effective_chat
        assert chat is not None
        code = "".join(context.args or [])
        if not code:
            await self.channel.say(context.bot, chat.id, "lead_usage")
            return
        key = self.channel.key(update)
        now = datetime.now(UTC)
        recent = [t for t in self._wrong.get(key, []) if now - t < WRONG_CODE_WINDOW]
        if len(recent) >= MOST_WRONG_CODES:
            await self.channel.say(context.bot, chat.id, "lead_too_many_tries")
            return
        wards = await self.channel.db(self.leads.enrol, key, code)
        if wards is None:
            self._wrong[key] = [*recent, now]
            await self.channel.say(context.bot, chat.id, "lead_wrong_code")
            return
        self._wrong.pop(key, None)
        await self.channel.say(context.bot, chat.id, "lead_enrolled", wards=wards)

    async def themes(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/themes``: the top themes on the lead's wards, small numbers suppressed."""
        chat = update.effective_chat
        assert chat is not None
        wards = await self._wards(update, context)
        if wards is None:
            return
        text = await self.channel.slow(self.reviews.summary, wards)
        await self.channel.outbox(context.bot).send(chat.id, text)

    async def ideas(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/ideas``: the lead's wards' ideas, grouped, with ids to record actions against."""
        chat = update.effective_chat
        assert chat is not None
        wards = await self._wards(update, context)
        if wards is None:
            return
        text = await self.channel.slow(self.reviews.ideas, wards)
        await self.channel.outbox(context.bot).send(chat.id, text)

    async def report(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/report``: the full HTML report for the lead's wards, as a file."""
        chat = update.effective_chat
        assert chat is not None
        wards = await self._wards(update, context)
        if wards is None:
            return
        bot, outbox = context.bot, self.channel.outbox(context.bot)
        # Building a report can take a few seconds on a large ward: show that it is coming.
        await outbox.call(
            "sendChatAction", lambda: bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
        )
        html = await self.channel.slow(self.reviews.report, wards)
        caption = self.channel.texts.message("report_caption", wards=wards)
        document = InputFile(io.BytesIO(html.encode("utf-8")), filename=REPORT_NAME)
        await outbox.call(
            "sendDocument",
            lambda: bot.send_document(chat.id, document, caption=caption, parse_mode="HTML"),
        )

    async def _wards(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE
    ) -> tuple[str, ...] | None:
        chat = update.effective_chat
        assert chat is not None
        wards = await self.channel.db(self.leads.wards_for, self.channel.key(update))
        if not wards:
            await self.channel.say(context.bot, chat.id, "lead_only")
            return None
        return wards
