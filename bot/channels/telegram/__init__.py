"""The Telegram channel: the only package that imports ``telegram``."""

from bot.channels.telegram.application import TelegramApp, build_application
from bot.channels.telegram.channel import CHANNEL, TelegramChannel
from bot.channels.telegram.processor import PerChatProcessor
from bot.channels.telegram.replybot import api_urls
from bot.channels.telegram.texts import TelegramTexts

__all__ = [
    "CHANNEL",
    "PerChatProcessor",
    "TelegramApp",
    "TelegramChannel",
    "TelegramTexts",
    "api_urls",
    "build_application",
]
