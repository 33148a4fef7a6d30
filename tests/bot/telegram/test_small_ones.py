"""Small failures from issue 14, each through the real PTB Application or the webhook app."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.channels.telegram.webhook import SECRET_HEADER, webhook_app
from storage import Store
from storage.models import DialogueSession
from tests.bot.telegram.test_long_texts import at_first_text_question
from tests.support.telegram import Phone


async def test_a_lone_surrogate_still_gets_a_reply_and_is_stored_readably(
    phone: Phone, store: Store
) -> None:
    await at_first_text_question(phone)
    replies = await phone.send("the team \ud83d stayed calm")
    assert "What was meant to happen" in replies[-1]
    with store.engine.connect() as conn:
        state = conn.execute(select(DialogueSession.state)).scalar_one()
    [answer] = [a["text"] for a in state["answers"] if a["text"]]
    assert answer == "the team \ufffd stayed calm"


async def test_callback_data_with_a_superscript_digit_is_answered(phone: Phone) -> None:
    await phone.send("/start staff_ward3")
    message = phone.message_with("I'm OK, now is fine")
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    parts = data.split("|")
    parts[3] = "²"
    await phone.deliver(phone.press(message, "|".join(parts)))
    [answered] = phone.answers()  # the button stops spinning
    assert answered.params.get("text")


async def test_an_invalid_answer_at_the_first_question_is_asked_again_briefly(
    phone: Phone,
) -> None:
    await phone.send("/start staff_ward3")
    replies = await phone.send("banana")
    assert "choose one of the options" in replies[0]
    assert replies[1] == "Before anything else: are you hurt, and is now a good time?"


async def test_a_client_that_disconnects_logs_no_traceback(
    phone: Phone, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = webhook_app(phone.app, "hook-secret", "/telegram")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/telegram",
        "raw_path": b"/telegram",
        "query_string": b"",
        "headers": [(SECRET_HEADER.lower().encode(), b"hook-secret")],
        "client": ("127.0.0.1", 5000),
        "server": ("bot.test", 80),
    }
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    assert not any(r.exc_info for r in caplog.records)
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)
    assert phone.app.update_queue.empty()
