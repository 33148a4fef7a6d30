"""Background work of ``reflect run`` and ``reflect webhook``: due reminders, "you said, we
did" messages, daily purge.

Reminders and "you said, we did" messages are rows in the database, claimed once across every
worker, so this loop holds no state worth keeping: after a restart it simply claims what is
due. Each worker runs it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime

from telegram import Bot

from bot.channels.telegram.application import TelegramApp
from bot.channels.telegram.channel import CHANNEL, TelegramChannel
from bot.channels.telegram.handlers.feedback import FEEDBACK_BUTTON
from bot.channels.telegram.keyboard import choice_keyboard
from bot.services.retention import Purged, Retention

LOG = logging.getLogger(__name__)
INTERVAL_SECONDS = 60.0
BATCH = 50
# "You said, we did" goes out at most this many messages a second (Telegram allows about 30
# per bot); the outbox retries with backoff on RetryAfter and network errors.
FEEDBACK_PER_SECOND = 25
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Housekeeping:
    """Sends due reminders every minute and purges old reflections once a day."""

    def __init__(
        self,
        channel: TelegramChannel,
        retention_days: int,
        *,
        abandoned_days: int = 30,
        interval: float = INTERVAL_SECONDS,
        clock: Clock = _utc_now,
        labels: Mapping[str, str] | None = None,
        per_second: float = FEEDBACK_PER_SECOND,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.channel = channel
        self.labels = dict(labels or {})  # theme id -> the label people read
        self.per_second = per_second
        self._sleep = sleep
        self.retention = Retention.beside(channel.conversations, retention_days, abandoned_days)
        self.interval = interval
        self.clock = clock
        self.purged_on: date | None = None

    def reminder_text(self, kind: str) -> str | None:
        """The message for a reminder of ``kind``; ``None`` for a kind this version lacks."""
        return self.channel.conversations.reminder_text(kind)

    async def send_reminders(self, bot: Bot, now: datetime | None = None) -> int:
        """Claim every reminder due by ``now`` and send it; how many were delivered."""
        conversations, outbox = self.channel.conversations, self.channel.outbox(bot)
        moment = now or self.clock()
        delivered = 0
        while True:
            due = await self.channel.db(conversations.delivery.claim_reminders, moment, BATCH)
            for reminder in due:
                text = self.reminder_text(reminder.kind)
                chat_id = self.channel.chat_id(reminder.chat_ref)
                if reminder.channel != CHANNEL or text is None or chat_id is None:
                    LOG.warning("reminder of kind %s cannot be sent; dropped", reminder.kind)
                    continue
                # Claimed rows are gone: a failed send is not retried (never twice, by design).
                if await outbox.send(chat_id, text):
                    delivered += 1
            if len(due) < BATCH:
                return delivered

    async def send_feedback(self, bot: Bot, now: datetime | None = None) -> int:
        """Claim every "you said, we did" message due today and send it, paced; how many went.

        Claimed rows are marked sent before anything goes out, so a restart or a second worker
        never sends one again (a send that fails for good is not retried: never twice).
        """
        conversations, outbox = self.channel.conversations, self.channel.outbox(bot)
        day = (now or self.clock()).date()
        days = conversations.feedback_days
        loop = asyncio.get_running_loop()
        gap = 1.0 / self.per_second
        next_at = loop.time()
        delivered = 0
        while True:
            due = await self.channel.db(conversations.delivery.claim_feedback, day, days, BATCH)
            for item in due:
                chat_id = self.channel.chat_id(item.chat_ref)
                if item.channel != CHANNEL or chat_id is None:
                    LOG.warning("a you-said-we-did message cannot be sent; dropped")
                    continue
                wait = next_at - loop.time()
                if wait > 0:
                    await self._sleep(wait)
                next_at = max(next_at, loop.time()) + gap
                text = self.channel.texts.message(
                    "you_said_we_did",
                    theme_label=self.labels.get(item.theme or "", item.theme or ""),
                    text=item.text,
                    status=item.status,
                )
                label = self.channel.texts.label("feedback_tell")
                keyboard = choice_keyboard([(label, f"{FEEDBACK_BUTTON}|{item.action_id}")])
                if await outbox.send(chat_id, text, keyboard):
                    delivered += 1
            if len(due) < BATCH:
                return delivered

    async def purge(self, today: date | None = None) -> Purged:
        """Delete reflections older than the retention period (see ``reflect purge``)."""
        day = today or self.clock().date()
        delivery, days = (
            self.channel.conversations.delivery,
            self.channel.conversations.feedback_days,
        )
        # Old "you said, we did" addresses first, so the purge's scrub (checkpoint or VACUUM)
        # that follows covers them too.
        await asyncio.to_thread(delivery.purge_feedback, day, days)
        purged = await asyncio.to_thread(self.retention.purge, day)
        self.purged_on = day
        LOG.info(
            "purge before %s: %d reflections, %d sessions",
            purged.cutoff,
            purged.reflections,
            purged.sessions,
        )
        return purged

    async def tick(self, bot: Bot) -> None:
        """One round: an owed checkpoint, reminders now, and the purge if it has not run today."""
        now = self.clock()
        # A WAL checkpoint owed since a reflection ended (the database was busy then).
        await asyncio.to_thread(self.retention.scrub_if_owed)
        await self.send_reminders(bot, now)
        await self.send_feedback(bot, now)
        if self.purged_on != now.date():
            await self.purge(now.date())

    async def run(self, bot: Bot, sleep: Callable[[float], Awaitable[None]] | None = None) -> None:
        """Tick every ``interval`` seconds until cancelled; a failed round is logged, not fatal."""
        pause = sleep or asyncio.sleep
        while True:
            try:
                await self.tick(bot)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database may be away for a moment: try next round
                LOG.error("housekeeping round failed: %s", type(exc).__name__)
            await pause(self.interval)


def install(application: TelegramApp, housekeeping: Housekeeping) -> None:
    """Start ``housekeeping`` with the application and stop it when the application stops."""
    previous_init, previous_stop = application.post_init, application.post_stop
    running: list[asyncio.Task[None]] = []

    async def begin(app: TelegramApp) -> None:
        if previous_init is not None:
            await previous_init(app)
        running.append(asyncio.create_task(housekeeping.run(app.bot)))

    async def end(app: TelegramApp) -> None:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        running.clear()
        if previous_stop is not None:
            await previous_stop(app)

    application.post_init = begin
    application.post_stop = end
