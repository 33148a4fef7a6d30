"""Webhook mode: Telegram posts updates to a small ASGI app; uvicorn serves it.

Every request must carry the secret given to Telegram in ``setWebhook`` in the
``X-Telegram-Bot-Api-Secret-Token`` header; anything else gets 403 and is not read.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update

from bot.channels.telegram.application import TelegramApp
from bot.channels.telegram.updates import UNREADABLE, read_update

LOG = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram"


def webhook_path(url: str) -> str:
    """The path part of the public webhook URL (where the app listens)."""
    return urlsplit(url).path or DEFAULT_PATH


def webhook_app(
    application: TelegramApp, secret: str, path: str, *, public_url: str | None = None
) -> Starlette:
    """The ASGI app; with ``public_url`` its lifespan starts the bot and registers the webhook."""

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=403)
        try:
            data = await request.json()
        except ClientDisconnect:
            # Gone before the body arrived: nobody to answer, nothing to log; Telegram retries.
            return Response(status_code=400)
        except (json.JSONDecodeError, UnicodeDecodeError):
            return Response(status_code=400)
        if not isinstance(data, dict) or "update_id" not in data:
            # null, a list, a number: not an update at all, and nothing to acknowledge.
            return Response(status_code=400)
        update = read_update(data, application.bot)
        if update is None:
            return Response(status_code=400)
        # Handled before answering, through the per-chat processor: Telegram gets its 200 only
        # once the turn is committed and replied to, so if this process dies mid-turn Telegram
        # delivers the update again (to this worker after a restart, or to another one).
        await application.update_processor.process_update(
            update, application.process_update(update)
        )
        return Response(status_code=200)

    async def health(_: Request) -> Response:
        skipped = UNREADABLE.count
        return PlainTextResponse(f"ok; {skipped} unreadable updates skipped" if skipped else "ok")

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        if public_url is None:
            yield
            return
        async with application:
            # run_polling would call post_init (the command menu); here it is ours to call.
            if application.post_init is not None:
                await application.post_init(application)
            await application.start()
            await application.bot.set_webhook(
                public_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            LOG.warning("webhook registered; listening for Telegram")
            yield
            await application.stop()
            # As run_polling does: post_stop ends background work (reminders, purge).
            if application.post_stop is not None:
                await application.post_stop(application)

    routes = [Route(path, receive, methods=["POST"]), Route("/healthz", health, methods=["GET"])]
    return Starlette(routes=routes, lifespan=lifespan)


def serve(application: TelegramApp, secret: str, public_url: str, host: str, port: int) -> None:
    """Run the webhook server until interrupted."""
    import uvicorn  # only webhook mode needs it

    app = webhook_app(application, secret, webhook_path(public_url), public_url=public_url)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
