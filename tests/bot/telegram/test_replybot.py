"""The bot's lighter sendMessage: the same request PTB's own send_message makes, the same errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, RetryAfter
from telegram.ext import ExtBot

from bot.channels.telegram.outbox import Outbox
from bot.channels.telegram.replybot import Keyboard, ReplyBot, reply_bot

if TYPE_CHECKING:
    from tests.support.telegram import OfflineBotApi

TOKEN = "1:synthetic"
ROWS: Keyboard = [[("Yes, <that> & this", "pr1|abc|1|3|yes")], [("Back", "b"), ("Pause", "p")]]


async def started(api: OfflineBotApi, api_type: type[OfflineBotApi]) -> ReplyBot:
    bot = reply_bot(TOKEN, request=api, updates_request=api_type())
    await bot.initialize()
    return bot


async def test_a_reply_is_the_request_send_message_makes(
    offline_api: type[OfflineBotApi],
) -> None:
    api = offline_api()
    bot = await started(api, offline_api)
    await bot.send_html(77, "<b>Question</b> one", ROWS)
    buttons = [[InlineKeyboardButton(t, callback_data=d) for t, d in row] for row in ROWS]
    await bot.send_message(
        77, "<b>Question</b> one", parse_mode="HTML", reply_markup=InlineKeyboardMarkup(buttons)
    )
    await bot.send_html(78, "No buttons")
    await bot.send_message(78, "No buttons", parse_mode="HTML")
    await bot.shutdown()
    ours_with, ptbs_with, ours_without, ptbs_without = api.calls[-4:]
    assert ours_with.method == ptbs_with.method == "sendMessage"
    assert ours_with.params == ptbs_with.params
    assert ours_with.params["reply_markup"]["inline_keyboard"][0][0]["text"] == ROWS[0][0][0]
    assert ours_without.params == ptbs_without.params
    assert "reply_markup" not in ours_without.params


async def test_telegram_errors_arrive_as_ptb_raises_them(
    offline_api: type[OfflineBotApi],
) -> None:
    api = offline_api()
    bot = await started(api, offline_api)
    api.fail(
        "sendMessage",
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
        {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
    )
    with pytest.raises(RetryAfter):
        await bot.send_html(77, "once", ROWS)
    with pytest.raises(Forbidden):
        await bot.send_html(77, "twice")
    await bot.shutdown()


async def test_the_outbox_counts_a_blocked_chat_as_not_sent(
    offline_api: type[OfflineBotApi],
) -> None:
    api = offline_api()
    bot = await started(api, offline_api)
    outbox = Outbox(bot)
    assert await outbox.send(77, "delivered", ROWS)
    api.fail("sendMessage", {"ok": False, "error_code": 403, "description": "Forbidden: blocked"})
    assert not await outbox.send(77, "not delivered")
    await bot.shutdown()


async def test_a_self_hosted_server_takes_the_replies(offline_api: type[OfflineBotApi]) -> None:
    api = offline_api()
    bot = reply_bot(
        TOKEN, api_base_url="http://127.0.0.1:8081/", request=api, updates_request=offline_api()
    )
    await bot.initialize()
    await bot.send_html(77, "hello")
    await bot.shutdown()
    assert api.urls[-1] == "http://127.0.0.1:8081/bot1:synthetic/sendMessage"
    assert bot.base_file_url == "http://127.0.0.1:8081/file/bot1:synthetic"


def test_the_outbox_refuses_a_bot_that_cannot_send_replies() -> None:
    with pytest.raises(TypeError, match="ReplyBot"):
        Outbox(ExtBot(TOKEN))
