"""What every Telegram handler shares: pseudonymous keys, the database off the event loop, and
showing a turn's replies."""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import ParamSpec, TypeVar

from telegram import Bot, CallbackQuery, Message, Update

from bot.channels.telegram.errors import DatabaseUnavailable
from bot.channels.telegram.keyboard import choice_keyboard, keyboard
from bot.channels.telegram.outbox import Outbox, Sleep
from bot.channels.telegram.screening import SafetyNet
from bot.channels.telegram.split import MESSAGE_LIMIT
from bot.channels.telegram.start_request import AGREE, DECLINE, StartRequest
from bot.channels.telegram.texts import TelegramTexts
from bot.services.availability import is_unavailable
from bot.services.conversation import Conversations
from bot.services.identity import ChatSeal, participant_key
from bot.services.leads import Leads
from bot.services.outcomes import (
    ButtonContext,
    Duplicate,
    NeedsConsent,
    NothingOpen,
    Replied,
    Stale,
    TurnOutcome,
)
from bot.services.wards import EntryLinks
from bot.settings import Secret
from dialogues import InputKind, UserInput

CHANNEL = "telegram"
LOG = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# Messages whose keyboard has been used, to answer a double tap quietly. Memory only (message
# ids, never stored), bounded; after a restart a double tap is treated as a stale button.
SETTLED_REMEMBERED = 10_000
# Update ids whose replies this process sent, so a redelivery here is known to be answered.
REPLIED_REMEMBERED = 10_000
# Participant keys of recent people, in memory only: an HMAC for every update showed up in turn
# profiles (bench/bench_turns.py). A person's key never changes, so remembering changes nothing.
# Chat addresses are sealed afresh for every write (a new nonce each time), never remembered.
PEOPLE_REMEMBERED = 10_000
# Sent replies are confirmed in the database in batches: with the next turn's transaction, or
# after this many seconds of quiet in a transaction of their own.
CONFIRM_AFTER = 0.2
# A redelivered update whose replies are unconfirmed, handled by another process: how long
# that process may still be sending them (rate-limit waits included), and how often to look.
REPLY_LEASE = 30.0
LEASE_POLL = 0.1


@dataclass
class TelegramChannel:
    """The Telegram side of :class:`~bot.services.conversation.Conversations`."""

    conversations: Conversations
    secret: Secret
    texts: TelegramTexts = field(default_factory=TelegramTexts)
    leads: Leads = field(default=None)  # type: ignore[assignment]  # set in __post_init__
    sleep: Sleep = asyncio.sleep
    clock: Callable[[], float] = time.monotonic  # seconds, for short in-memory windows
    reply_lease: float = REPLY_LEASE
    _settled: OrderedDict[tuple[int, int], None] = field(default_factory=OrderedDict)
    _replied: OrderedDict[int, None] = field(default_factory=OrderedDict)
    _confirming: asyncio.TimerHandle | None = None
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)
    _seal: ChatSeal = field(init=False, repr=False)
    links: EntryLinks = field(init=False, repr=False)
    """Ward entry links: the only way a Telegram reflection is filed under a ward."""
    safety: SafetyNet = field(init=False, repr=False)
    """The safety net's verdicts on updates in flight, and support sent first."""
    key_of: Callable[[int], str] = field(init=False, repr=False)
    """The participant key of a Telegram user id (an HMAC, remembered for recent people)."""

    def __post_init__(self) -> None:
        if self.leads is None:
            self.leads = Leads.beside(self.conversations)
        self.safety = SafetyNet(self)
        self._seal = ChatSeal(self.secret)
        self.links = EntryLinks.beside(self.conversations, self.secret)
        secret = self.secret
        remember = functools.lru_cache(maxsize=PEOPLE_REMEMBERED)
        self.key_of = remember(lambda user_id: participant_key(secret, CHANNEL, user_id))

    def key(self, update: Update) -> str:
        """The participant key of the update's sender (an HMAC; the id itself is never kept)."""
        user = update.effective_user
        if user is None:
            raise ValueError("update without a sender")
        return self.key_of(user.id)

    def chat_ref(self, chat_id: int) -> str:
        """The chat's address as stored: sealed, so the database never holds the chat id."""
        return self._seal.seal(chat_id)

    def chat_id(self, chat_ref: str) -> int | None:
        """The chat id of a stored address; ``None`` if it cannot be opened with this key."""
        if chat_ref.lstrip("-").isdigit():
            # Written in the clear before addresses were sealed; replaced at the next turn.
            return int(chat_ref)
        return self._seal.open(chat_ref)

    def outbox(self, bot: Bot) -> Outbox:
        """Where replies go, with this channel's retry policy."""
        return Outbox(bot, self.sleep)

    async def _run(self, call: Callable[[], T], off_loop: bool = False) -> T:
        # On SQLite in place: handing a sub-millisecond transaction to a thread and back cost
        # more than the transaction (bench/bench_turns.py), and SQLite takes one writer at a
        # time anyway. On PostgreSQL on a worker thread, so network round trips never hold up
        # other conversations. Slow work (models) always goes to a thread.
        if self.conversations.local and not off_loop:
            return call()
        return await asyncio.to_thread(call)

    async def db(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a (synchronous, one-transaction) conversation call for a person's update.

        A database that is away or busy raises :class:`DatabaseUnavailable` (the transaction
        has been rolled back); the error handler then asks the person to send it again.
        """
        return await self._guarded(functools.partial(call, *args, **kwargs), off_loop=False)

    async def slow(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """As :meth:`db`, but always on a worker thread: for calls that run a model or a report."""
        return await self._guarded(functools.partial(call, *args, **kwargs), off_loop=True)

    async def _guarded(self, call: Callable[[], T], *, off_loop: bool) -> T:
        try:
            return await self._run(call, off_loop)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            # The driver's message can quote the statement's parameters (what was typed), so
            # only the error's type is logged and the original is not chained.
            LOG.warning("database unavailable (%s): asked to send again", type(exc).__name__)
            raise DatabaseUnavailable from None

    async def turn(
        self,
        update: Update,
        key: str,
        given: UserInput,
        *,
        button: ButtonContext | None = None,
        require_consent: bool = False,
    ) -> TurnOutcome:
        """Take a turn in the update's chat; the update id makes a redelivery a no-op."""
        chat = update.effective_chat
        assert chat is not None
        ready = self.safety.prepared(update, given)
        if ready is not None:
            given = ready
        else:
            given = self.safety.screened(update, given)
            if given.kind is InputKind.TEXT:
                # The slow part (name model, tagger) on a worker, before the write.
                given = await self.slow(self.conversations.prepare, key, given)
        return await self.db(
            self.conversations.take_turn,
            key,
            given,
            chat_ref=self.chat_ref(chat.id),
            update_id=update.update_id,
            button=button,
            require_consent=require_consent,
            prepare=False,
        )

    async def deliver(
        self,
        bot: Bot,
        update: Update,
        key: str,
        outcome: TurnOutcome,
        *,
        query: CallbackQuery | None = None,
        nothing_open: str | None = "nothing_open",
        **context: object,
    ) -> None:
        """What the person sees for a turn's outcome: the one place every handler ends in.

        ``query`` is the pressed button's query, answered here exactly once; ``nothing_open``
        the message (with ``context``) for typed input when no reflection is open, or None.
        """
        chat = update.effective_chat
        assert chat is not None
        match outcome:
            case Duplicate():
                if query is not None:
                    await self.answer(bot, query, "already_noted")
                await self.redelivered(bot, update, key, outcome)
            case NeedsConsent(support=support):
                if query is not None:
                    await self.answer(bot, query)
                await self.safety.send(bot, chat.id, support)
                await self.ask_consent(bot, chat.id, StartRequest())
            case NothingOpen(support=support):
                if query is not None:
                    await self.answer(bot, query, "finished")
                await self.safety.send(bot, chat.id, support)
                if query is None and nothing_open is not None:
                    await self.say(bot, chat.id, nothing_open, **context)
            case Stale(other_session=other):
                if query is not None:
                    await self.answer(bot, query, "stale")
                await self.say(bot, chat.id, "stale", reason="session" if other else "question")
                await self.show(bot, chat.id, outcome)
            case Replied():
                if query is not None:
                    await self.answer(bot, query)
                    await self.settle(bot, query)
                await self.show(bot, chat.id, outcome)

    async def ask_consent(self, bot: Bot, chat_id: int, request: StartRequest) -> None:
        """Show the privacy notice with "I agree" (carrying ``request``) and "Not now"."""
        buttons = [
            ("agree", request.callback_data(AGREE)),
            ("not_now", StartRequest().callback_data(DECLINE)),
        ]
        await self.ask(bot, chat_id, "privacy", buttons, asking=True)

    async def show(self, bot: Bot, chat_id: int, result: Replied | Stale) -> None:
        """Send each reply of a turn, with its buttons, then note that they went out."""
        outbox = self.outbox(bot)
        for reply in result.replies:
            await outbox.send(
                chat_id, reply.text, keyboard(reply, result.session_id, result.script)
            )
            self.safety.noted(chat_id, reply)
        if isinstance(result, Replied) and result.pending is not None:
            self._replied[result.pending] = None
            while len(self._replied) > REPLIED_REMEMBERED:
                self._replied.popitem(last=False)
            self.conversations.delivery.replied(result.session_id, result.pending)
            if self._confirming is None:
                loop = asyncio.get_running_loop()
                self._confirming = loop.call_later(CONFIRM_AFTER, self._confirm_soon)

    def _confirm_soon(self) -> None:
        self._confirming = None
        task = asyncio.create_task(self.confirm_replies())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def confirm_replies(self) -> None:
        """Write the sent-reply confirmations still held in memory (also at shutdown)."""
        if self._confirming is not None:
            self._confirming.cancel()
            self._confirming = None
        try:
            await self._run(self.conversations.delivery.confirm_replies)
        except Exception as exc:
            # Kept in memory for the next turn's transaction; at worst a redelivered update
            # shows its question again. Only the type is logged (no personal data).
            LOG.warning("could not confirm sent replies yet: %s", type(exc).__name__)

    async def redelivered(self, bot: Bot, update: Update, key: str, result: Duplicate) -> bool:
        """After a duplicate update: show the current question again if its replies never went.

        A process killed after its commit but before replying leaves the session waiting on
        that update. Here (same process) the replies are known to have gone; elsewhere another
        worker may still be sending them, so wait for its confirmation up to the lease, then
        take the resend over (claimed in the database, so only one worker sends it).
        """
        chat, update_id = update.effective_chat, update.update_id
        assert chat is not None
        session_id = result.unconfirmed
        if session_id is None or update_id in self._replied:
            return False
        while True:
            found = await self.db(self.conversations.delivery.pending_reply, session_id)
            if found is None or found[0] != update_id:
                return False  # confirmed, or the conversation has moved on since
            waited = (datetime.now(UTC) - found[1]).total_seconds()
            if waited >= self.reply_lease:
                break
            await asyncio.sleep(min(LEASE_POLL, self.reply_lease - waited))
        again = await self.db(self.conversations.resend, key, session_id, update_id)
        if not isinstance(again, Replied):
            return False
        await self.show(bot, chat.id, again)
        return True

    async def say(self, bot: Bot, chat_id: int, template: str, **context: object) -> None:
        """Send one Telegram-only message template."""
        await self.outbox(bot).send(chat_id, self.texts.message(template, **context))

    async def ask(
        self,
        bot: Bot,
        chat_id: int,
        template: str,
        buttons: list[tuple[str, str]],
        **context: object,
    ) -> None:
        """Send one message template with a keyboard of ``(label name, callback data)`` pairs."""
        markup = choice_keyboard([(self.texts.label(name), data) for name, data in buttons])
        await self.outbox(bot).send(chat_id, self.texts.message(template, **context), markup)

    # ----- buttons ------------------------------------------------------------------------

    def settled(self, query: CallbackQuery) -> bool:
        """Whether a press on this message's keyboard has already been acted on."""
        return _message_key(query) in self._settled

    async def settle(self, bot: Bot, query: CallbackQuery) -> None:
        """Remember the press and show it on the message: keyboard removed, "✓ label" added."""
        where = _message_key(query)
        if where is None:
            return
        self._settled[where] = None
        while len(self._settled) > SETTLED_REMEMBERED:
            self._settled.popitem(last=False)
        message = query.message
        if not isinstance(message, Message) or message.text is None:
            return  # too old for Telegram to show us; nothing to edit
        chosen = self.texts.label("chosen", label=_pressed_label(message, query.data))
        text = f"{message.text_html}\n\n{html.escape(chosen, quote=False)}"
        outbox = self.outbox(bot)
        if len(text) <= MESSAGE_LIMIT:
            await outbox.call("editMessageText", lambda: message.edit_text(text, parse_mode="HTML"))
        else:
            await outbox.call("editMessageReplyMarkup", lambda: message.edit_reply_markup(None))

    async def answer(self, bot: Bot, query: CallbackQuery, toast: str | None = None) -> None:
        """Answer a callback query (always: otherwise the button keeps spinning)."""
        text = self.texts.toast(toast) if toast else None
        await self.outbox(bot).call("answerCallbackQuery", lambda: query.answer(text))


def _message_key(query: CallbackQuery) -> tuple[int, int] | None:
    message = query.message
    if message is None:
        return None
    return (message.chat.id, message.message_id)


def _pressed_label(message: Message, data: str | None) -> str:
    markup = message.reply_markup
    if markup is not None:
        for row in markup.inline_keyboard:
            for button in row:
                if button.callback_data == data:
                    return button.text
    return ""
