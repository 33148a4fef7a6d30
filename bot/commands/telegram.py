"""Running the bot on Telegram, long polling or a webhook server: the Telegram composition."""

from __future__ import annotations

import argparse
import asyncio
import gc

from bot.app import build_conversations, build_store
from bot.channels.telegram.application import TelegramApp, build_application
from bot.channels.telegram.channel import CHANNEL, TelegramChannel
from bot.channels.telegram.housekeeping import Housekeeping, install
from bot.channels.telegram.replybot import reply_bot
from bot.channels.telegram.texts import TelegramTexts
from bot.services.readiness import require_protections
from bot.services.reports import Reviews, build_review
from bot.settings import Settings, SettingsError
from dialogues import Output


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot with long polling until Ctrl-C (no public address needed)."""
    run_polling(settings)
    return 0


def cmd_webhook(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot as a webhook server until Ctrl-C."""
    run_webhook(settings)
    return 0


SECRET_WHY = (
    "to keep Telegram users pseudonymous; make one with: "
    'python -c "import secrets; print(secrets.token_hex(32))"'
)


def application_from_settings(settings: Settings) -> TelegramApp:
    """The Telegram application on the configured database; a clear error if a key is missing."""
    token = settings.telegram_bot_token
    texts = TelegramTexts(
        retention_days=settings.retention_days,
        abandoned_days=settings.abandoned_days,
        feedback_days=settings.feedback_days,
    )
    if not token:
        raise SettingsError(texts.plain("token_missing"))
    secret = settings.require_secret("REFLECT_SECRET_KEY", SECRET_WHY)
    require_protections(settings)
    store = build_store(settings, require_current=True)
    check_telegram(token.reveal(), settings.telegram_api_base_url or "")
    conversations = build_conversations(
        settings, store, CHANNEL, Output.TELEGRAM_HTML, texts.words()
    )
    channel = TelegramChannel(conversations, secret, texts)
    reviews = Reviews.beside(conversations, build_review(settings))
    application = build_application(
        channel,
        token.reveal(),
        api_base_url=settings.telegram_api_base_url or "",
        reviews=reviews,
    )
    # Reminders and the daily purge run beside the bot in every worker (rows are claimed once).
    housekeeping = Housekeeping(
        channel,
        settings.retention_days,
        abandoned_days=settings.abandoned_days,
        labels=reviews.setup.labels,
    )
    install(application, housekeeping)
    return application


def check_telegram(token: str, api_base_url: str) -> None:
    """Ask Telegram who the bot is, once, before anything starts.

    A rejected token or an unreachable server then ends in one line (bot/problems.py) instead
    of PTB's retries and tracebacks; the probe's own connection is closed again.
    """

    async def probe() -> None:
        async with reply_bot(token, api_base_url=api_base_url):
            pass  # initialising a bot calls getMe

    asyncio.run(probe())


def settle_memory() -> None:
    """Leave what start-up built (templates, models, scripts) out of every later collection.

    Those objects live as long as the process; while the collector still tracks them, each full
    collection walks all of them again, which showed in every turn (bench/bench_turns.py).
    """
    gc.collect()
    gc.freeze()


def run_polling(settings: Settings) -> None:
    """Long polling until Ctrl-C: the simplest way to run, no public address needed."""
    from telegram import Update

    application = application_from_settings(settings)
    settle_memory()
    application.run_polling(allowed_updates=Update.ALL_TYPES)


def run_webhook(settings: Settings) -> None:
    """Serve the webhook until Ctrl-C (needs a public HTTPS address in REFLECT_WEBHOOK_URL)."""
    from bot.channels.telegram.webhook import serve  # only webhook mode needs starlette

    url = settings.require_text("REFLECT_WEBHOOK_URL", "for webhook mode (or use 'reflect run')")
    secret = settings.require_secret(
        "REFLECT_WEBHOOK_SECRET", "so that only Telegram can post updates to the webhook"
    )
    application = application_from_settings(settings)
    settle_memory()
    serve(
        application,
        secret.reveal(),
        url,
        settings.webhook_listen,
        settings.webhook_port,
    )
