"""Fixtures for the Telegram channel's tests: offline applications and phones
(tests/support/telegram.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.services.conversation import Conversations
from dialogues import ScriptLibrary
from storage import Store
from tests.support.telegram import Bots, OfflineBotApi, Phone, make_conversations


@pytest.fixture
def telegram_conversations(store: Store, library: ScriptLibrary) -> Conversations:
    """The conversation service as the Telegram channel runs it (HTML output)."""
    return make_conversations(store, library)


@pytest.fixture
def conversations_on() -> Callable[[Store, ScriptLibrary], Conversations]:
    """A factory, for tests that restart on a fresh store."""
    return make_conversations


@pytest.fixture
async def bots() -> AsyncIterator[Bots]:
    """Offline applications; any handler error fails the test."""
    started = Bots()
    yield started
    for app in list(started.running):
        await started.stop(app)
    assert not started.errors, started.errors


@pytest.fixture
async def phone(bots: Bots, telegram_conversations: Conversations) -> Phone:
    """A private chat with a running offline bot."""
    app, api = await bots.start(telegram_conversations)
    return Phone(app, api)


@pytest.fixture
async def newcomer(bots: Bots, telegram_conversations: Conversations) -> Phone:
    """Someone writing to a fresh bot for the first time: not agreed, nothing stored."""
    app, api = await bots.start(telegram_conversations)
    return Phone(app, api, user_id=6161, chat_id=6161, agreed=False)


@pytest.fixture
def offline_api() -> type[OfflineBotApi]:
    """The offline Bot API class, for tests that build their own application."""
    return OfflineBotApi
