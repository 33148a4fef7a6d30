"""The webhook endpoint: Telegram's secret header is required; a good call is handled first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from bot.channels.telegram.webhook import SECRET_HEADER, webhook_app, webhook_path

if TYPE_CHECKING:
    from tests.support.telegram import Phone

SECRET = "synthetic_webhook-secret"


def client(phone: Phone) -> httpx.AsyncClient:
    """An HTTP client talking to the ASGI app in memory (no socket, no network)."""
    app = webhook_app(phone.app, SECRET, "/telegram")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot.test")


async def test_missing_or_wrong_secret_is_refused(phone: Phone) -> None:
    body = phone.text_update("/start staff")
    async with client(phone) as http:
        assert (await http.post("/telegram", json=body)).status_code == 403
        wrong = {SECRET_HEADER: "not-the-secret"}
        assert (await http.post("/telegram", json=body, headers=wrong)).status_code == 403
    assert phone.app.update_queue.empty()


async def test_good_call_is_handled_before_telegram_gets_its_200(phone: Phone) -> None:
    body = phone.text_update("/start staff")
    async with client(phone) as http:
        response = await http.post("/telegram", json=body, headers={SECRET_HEADER: SECRET})
        assert response.status_code == 200
        # Already answered: had the process died before this, Telegram would deliver it again.
        assert any(c.method == "sendMessage" for c in phone.api.calls)
        bad = await http.post("/telegram", content=b"{", headers={SECRET_HEADER: SECRET})
        assert bad.status_code == 400
        assert (await http.get("/healthz")).text.startswith("ok")
    sent = [c for c in phone.api.calls if c.method == "sendMessage"]
    assert "are you hurt" in sent[0].params["text"]


def test_path_comes_from_the_public_url() -> None:
    assert webhook_path("https://example.org/hooks/reflect") == "/hooks/reflect"
    assert webhook_path("https://example.org") == "/telegram"
