"""The Telegram channel: the only package that imports ``telegram``."""

from bot.telegram.application import TelegramApp, build_application
from bot.telegram.channel import CHANNEL, TelegramChannel
from bot.telegram.processor import PerChatProcessor
from bot.telegram.replybot import api_urls
from bot.telegram.texts import TelegramTexts

__all__ = [
    "CHANNEL",
    "PerChatProcessor",
    "TelegramApp",
    "TelegramChannel",
    "TelegramTexts",
    "api_urls",
    "build_application",
]
