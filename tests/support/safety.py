"""The real safety net, loaded once for every test and benchmark that builds a service."""

from __future__ import annotations

import functools

from bot.services.safeguard import Safeguard
from safety import RiskDetector, load_support_resources


@functools.cache
def real_safeguard() -> Safeguard:
    """The packaged risk detector behind the safeguard, as `reflect run` builds it."""
    return Safeguard(RiskDetector())


@functools.cache
def real_support() -> dict[str, object]:
    """The packaged support resources, as the engine renders them."""
    return {"resources": load_support_resources("en").resources}


# A synthetic key for the placeholder books of test engines (32 bytes).
TEST_PLACEHOLDER_KEY = b"synthetic placeholder key 32 by!"


@functools.cache
def telegram_words() -> dict[str, str]:
    """Telegram's words for the dialogues' shared texts."""
    from bot.channels.telegram.texts import TelegramTexts

    return TelegramTexts().words()


@functools.cache
def terminal_words() -> dict[str, str]:
    """The terminal's words for the dialogues' shared texts."""
    from bot.channels.terminal.chat import terminal_words as words

    return words()
