"""One update PTB cannot read is skipped: everyone else is still served, nothing personal logged.

Two shapes from issue 14: a poll as an older self-hosted Bot API server sends it (without the
fields PTB 22.8 requires), and a message with a malformed entity.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from bot.channels.telegram import TelegramChannel, build_application
from bot.channels.telegram.updates import UNREADABLE
from bot.channels.telegram.webhook import SECRET_HEADER, webhook_app
from bot.services.conversation import Conversations
from tests.support.telegram import CONVERSATIONS, SECRET, TOKEN, OfflineBotApi, Phone, no_sleep

POISONER = {"id": 777001, "is_bot": False, "first_name": "Poisonfirst", "username": "poisonuser"}
CHAT = {"id": 777001, "type": "private", "first_name": "Poisonfirst", "username": "poisonuser"}
SECRET_WORDS = "marmalade quietly upstairs"


def old_poll(number: int) -> dict[str, Any]:
    """A poll in the shape of an older Bot API: no persistent ids, no newer required fields."""
    poll = {
        "id": "p9",
        "question": SECRET_WORDS,
        "options": [{"text": "yes", "voter_count": 0}, {"text": "no", "voter_count": 0}],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": False,
        "type": "regular",
        "allows_multiple_answers": False,
    }
    message = {"message_id": 5, "date": 1_700_000_000, "chat": CHAT, "from": POISONER}
    return {"update_id": number, "message": {**message, "poll": poll}}


def bad_entity(number: int) -> dict[str, Any]:
    """A message whose entity has no length."""
    message = {
        "message_id": 6,
        "date": 1_700_000_000,
        "chat": CHAT,
        "from": POISONER,
        "text": SECRET_WORDS,
        "entities": [{"type": "bold", "offset": 0}],
    }
    return {"update_id": number, "message": message}


SHAPES = {"old poll": old_poll, "malformed entity": bad_entity}


@dataclass
class PollingApi(OfflineBotApi):
    """getUpdates hands out queued batches, then nothing; the offsets asked for are kept."""

    batches: list[list[dict[str, Any]]] = field(default_factory=list)
    offsets: list[Any] = field(default_factory=list)

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getUpdates":
            self.offsets.append(params.get("offset"))
            return self.batches.pop(0) if self.batches else []
        return super()._result(name, params)


def assert_nothing_personal(records: list[logging.LogRecord]) -> None:
    """No log line holds the poisoner's id, names or words."""
    text = "\n".join(r.getMessage() + str(r.exc_info or "") for r in records)
    for secret in ("777001", "Poisonfirst", "poisonuser", "marmalade", SECRET_WORDS):
        assert secret not in text


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
async def test_polling_skips_the_update_and_serves_the_next_person(
    shape: str, telegram_conversations: Conversations, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api, updates = OfflineBotApi(), PollingApi()
    channel = TelegramChannel(telegram_conversations, SECRET, sleep=no_sleep)
    app = build_application(channel, TOKEN, request=api, updates_request=updates)
    app.bot_data[CONVERSATIONS] = telegram_conversations  # the phone has agreed already
    phone = Phone(app, api)
    updates.batches.append([SHAPES[shape](40), phone.text_update("/start staff", 41)])
    before = UNREADABLE.count
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0)
        for _ in range(200):
            if api.named("sendMessage"):
                break
            await asyncio.sleep(0.01)
        await app.updater.stop()
        await app.stop()
    [welcome] = [c for c in api.named("sendMessage") if c.params["chat_id"] == phone.chat_id]
    assert "are you hurt" in welcome.params["text"]
    assert 42 in updates.offsets  # the offset moved past both: the batch is not fetched again
    assert UNREADABLE.count == before + 1
    skipped = [r for r in caplog.records if "update 40 skipped" in r.getMessage()]
    assert len(skipped) == 1
    assert_nothing_personal(caplog.records)


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
async def test_the_webhook_answers_200_and_serves_the_next_person(
    shape: str, phone: Phone, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = webhook_app(phone.app, "hook-secret", "/telegram")
    headers = {SECRET_HEADER: "hook-secret"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        poisoned = await http.post("/telegram", json=SHAPES[shape](50), headers=headers)
        assert poisoned.status_code == 200  # acknowledged: Telegram will not send it again
        served = await http.post(
            "/telegram", json=phone.text_update("/start staff"), headers=headers
        )
        assert served.status_code == 200
        assert "unreadable updates skipped" in (await http.get("/healthz")).text
    assert "are you hurt" in phone.api.named("sendMessage")[-1].params["text"]
    assert_nothing_personal(caplog.records)


@pytest.mark.parametrize("body", [b"null", b"[1, 2]", b"42", b'"text"', b"{}"])
async def test_a_webhook_body_that_is_not_an_update_is_a_4xx(phone: Phone, body: bytes) -> None:
    app = webhook_app(phone.app, "hook-secret", "/telegram")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        response = await http.post(
            "/telegram", content=body, headers={SECRET_HEADER: "hook-secret"}
        )
    assert response.status_code == 400
