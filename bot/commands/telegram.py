"""Running the bot on Telegram: long polling or a webhook server."""

from __future__ import annotations

import argparse

from bot.settings import Settings


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot with long polling until Ctrl-C (no public address needed)."""
    from bot.channels.telegram.launch import run_polling

    run_polling(settings)
    return 0


def cmd_webhook(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot as a webhook server until Ctrl-C."""
    from bot.channels.telegram.launch import run_webhook

    run_webhook(settings)
    return 0
