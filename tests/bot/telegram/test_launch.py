"""Starting the bot: clear errors for missing settings, and a self-hosted Bot API server."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.channels.telegram import TelegramChannel, api_urls, build_application
from bot.commands.telegram import application_from_settings
from bot.services.conversation import Conversations
from bot.settings import Secret, SettingsError, load_settings

if TYPE_CHECKING:
    from tests.support.telegram import OfflineBotApi


def test_missing_token_says_how_to_get_one(tmp_path: Path) -> None:
    settings = load_settings({"REFLECT_DATA_DIR": str(tmp_path)}, env_file=None)
    with pytest.raises(SettingsError) as caught:
        application_from_settings(settings)
    assert "@BotFather" in str(caught.value) and "reflect chat" in str(caught.value)


def test_missing_secret_key_is_named(tmp_path: Path) -> None:
    environ = {"REFLECT_DATA_DIR": str(tmp_path), "TELEGRAM_BOT_TOKEN": "1:synthetic"}
    with pytest.raises(SettingsError, match="REFLECT_SECRET_KEY"):
        application_from_settings(load_settings(environ, env_file=None))


def test_api_urls_of_a_self_hosted_server() -> None:
    assert api_urls("http://127.0.0.1:8081/") == (
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/file/bot",
    )


async def test_self_hosted_server_is_used(
    telegram_conversations: Conversations, offline_api: type[OfflineBotApi]
) -> None:
    api = offline_api()
    channel = TelegramChannel(telegram_conversations, Secret("synthetic"))
    app = build_application(
        channel,
        "1:synthetic",
        api_base_url="http://127.0.0.1:8081",
        request=api,
        updates_request=offline_api(),
    )
    await app.initialize()
    await app.shutdown()
    assert api.urls and all(u.startswith("http://127.0.0.1:8081/bot1:synthetic/") for u in api.urls)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("REFLECT_WEBHOOK_SECRET", "synthetic secret with spaces!"),
        ("REFLECT_WEBHOOK_SECRET", "x" * 300),
    ],
)
def test_a_malformed_secret_is_named_but_never_shown(key: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({key: value}, env_file=None)
    assert key in str(caught.value) and "hidden" in str(caught.value)
    assert value not in str(caught.value)
    # Not chained either: a traceback would print the original error, which may quote it.
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
