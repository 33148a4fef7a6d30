"""The python-telegram-bot Application, used as transport only: handlers, no state."""

from __future__ import annotations

import logging
import os
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.errors import DatabaseUnavailable, log_error
from bot.channels.telegram.handlers.answers import Answers
from bot.channels.telegram.handlers.buttons import Buttons
from bot.channels.telegram.handlers.consent import PATTERN as CONSENT_BUTTONS
from bot.channels.telegram.handlers.consent import Consent, ConsentGate
from bot.channels.telegram.handlers.controls import COMMANDS, Controls
from bot.channels.telegram.handlers.edits import Edits
from bot.channels.telegram.handlers.feedback import PATTERN as FEEDBACK_BUTTONS
from bot.channels.telegram.handlers.feedback import FeedbackButton
from bot.channels.telegram.handlers.forget import PATTERN as FORGET_BUTTONS
from bot.channels.telegram.handlers.forget import Forget
from bot.channels.telegram.handlers.information import Information
from bot.channels.telegram.handlers.lead_actions import PATTERN as ACTION_BUTTONS
from bot.channels.telegram.handlers.lead_actions import LeadActions
from bot.channels.telegram.handlers.lead_commands import LeadCommands
from bot.channels.telegram.handlers.other_content import OtherContent
from bot.channels.telegram.handlers.private_only import PrivateOnly
from bot.channels.telegram.handlers.screen import SafetyScreen
from bot.channels.telegram.handlers.start import PATTERN as START_BUTTONS
from bot.channels.telegram.handlers.start import Start
from bot.channels.telegram.processor import PerChatProcessor
from bot.channels.telegram.replybot import ReplyBot, reply_bot
from bot.services.actions import Actions
from bot.services.reports import Reviews

# Opt in to PTB's next behaviour (time periods as timedelta): otherwise every RetryAfter that
# PTB builds emits a deprecation warning. retry_seconds() in outbox.py reads either type.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# The command menu, in the order Telegram shows it. Lead commands stay out of it: most people
# are not leads; /help lists them for those who are.
MENU = ("start", "help", "pause", "resume", "skip", "back", "stop", "privacy", "forget")
# Libraries whose debug and info logs quote message texts, chat ids, names, SQL parameters or
# the bot token in URLs: kept to warnings here too (bot/logs.py filters what `reflect` writes).
QUIET_LOGGERS = ("telegram", "httpx", "httpcore", "sqlalchemy")
TelegramApp = Application[
    ReplyBot,
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]


def build_application(
    channel: TelegramChannel,
    token: str,
    *,
    api_base_url: str = "",
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    reviews: Reviews | None = None,
) -> TelegramApp:
    """An Application wired to ``channel``; ``request`` swaps the network layer (tests)."""
    quiet_personal_logs()
    bot = reply_bot(
        token, api_base_url=api_base_url, request=request, updates_request=updates_request
    )
    processor = PerChatProcessor()
    builder = Application.builder().bot(bot).concurrent_updates(processor)

    async def set_menu(application: TelegramApp) -> None:
        commands = [BotCommand(name, channel.texts.command(name)) for name in MENU]
        await channel.outbox(application.bot).call(
            "setMyCommands", lambda: application.bot.set_my_commands(commands)
        )

    async def confirm_replies(_: TelegramApp) -> None:
        # Sent replies noted in memory are written before the process goes.
        await channel.confirm_replies()

    application = builder.post_init(set_menu).post_stop(confirm_replies).build()
    add_handlers(application, channel, reviews)

    async def finish(update: object) -> None:
        await channel.safety.finish(application.bot, update)

    processor.after = finish
    return application


def quiet_personal_logs() -> None:
    """Raise the level of libraries that would log personal data (see QUIET_LOGGERS)."""
    for name in QUIET_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(max(logging.WARNING, logger.level))


def add_handlers(
    application: TelegramApp, channel: TelegramChannel, reviews: Reviews | None = None
) -> None:
    """Register every handler; the safety screen, the private-chat guard, then the consent gate
    run first, in that order."""
    start, information = Start(channel), Information(channel)
    reviews = reviews or Reviews.beside(channel.conversations)
    forget, leads = Forget(channel), LeadCommands(channel, reviews)
    actions = LeadActions(channel, Actions.beside(channel.conversations, reviews))
    controls = frozenset(COMMANDS)
    application.add_handler(TypeHandler(Update, SafetyScreen(channel, controls)), group=-3)
    application.add_handler(TypeHandler(Update, PrivateOnly(channel)), group=-2)
    application.add_handler(TypeHandler(Update, ConsentGate(channel)), group=-1)
    # Edits first: command and text filters would otherwise match an edited message too.
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, Edits(channel)))
    application.add_handler(CommandHandler("start", start.command))
    application.add_handler(CommandHandler(list(COMMANDS), Controls(channel)))
    application.add_handler(CommandHandler("privacy", information.privacy))
    application.add_handler(CommandHandler("forget", forget.command))
    application.add_handler(CommandHandler("lead", leads.enrol))
    application.add_handler(CommandHandler("themes", leads.themes))
    application.add_handler(CommandHandler("ideas", leads.ideas))
    application.add_handler(CommandHandler("report", leads.report))
    application.add_handler(CommandHandler("action", actions.command))
    application.add_handler(CommandHandler("actions", actions.listing))
    application.add_handler(MessageHandler(filters.COMMAND, information.unknown_command))
    application.add_handler(CallbackQueryHandler(Consent(channel, start).button, CONSENT_BUTTONS))
    application.add_handler(CallbackQueryHandler(forget.button, pattern=FORGET_BUTTONS))
    application.add_handler(CallbackQueryHandler(start.button, pattern=START_BUTTONS))
    application.add_handler(CallbackQueryHandler(actions.button, pattern=ACTION_BUTTONS))
    application.add_handler(CallbackQueryHandler(FeedbackButton(channel), pattern=FEEDBACK_BUTTONS))
    application.add_handler(CallbackQueryHandler(Buttons(channel)))
    # A lead writing an action's words or due date: before the reflection's answers.
    drafting = filters.TEXT & ~filters.COMMAND & actions.drafting()
    application.add_handler(MessageHandler(drafting, actions.typed))
    application.add_handler(MessageHandler(filters.TEXT, Answers(channel)))
    application.add_handler(
        MessageHandler(~filters.StatusUpdate.ALL & ~filters.TEXT, OtherContent(channel))
    )

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # A turn that could not reach the database still puts support before "send it again".
        if isinstance(context.error, DatabaseUnavailable) and isinstance(update, Update):
            await channel.safety.support_first(context.bot, update)
        await log_error(update, context)

    application.add_error_handler(on_error)
