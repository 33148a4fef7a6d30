"""Nothing personal reaches the log at any level: whole reflections at DEBUG, every library
turned up to DEBUG too, a poison update and the bot token; the log is scanned afterwards."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import httpx
import pytest

from bot.channels.telegram.webhook import SECRET_HEADER, webhook_app
from bot.logs import PrivacyFilter
from tests.bot.telegram.test_unreadable_updates import old_poll
from tests.support.telegram import TOKEN, Phone

NAMES = {"first_name": "Quenby", "last_name": "Ashworth-Vale", "username": "quenby_av"}
TYPED = "the zephyrine garden walk helped and dr Okonkwo-Baines stayed"
LIBRARIES = ("telegram", "httpx", "httpcore", "uvicorn", "sqlalchemy", "asyncio")


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Everything logged during the test, at DEBUG, through the bot's privacy filter."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PrivacyFilter([TOKEN]))
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in (*LIBRARIES, "")}
    root.addHandler(handler)
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def test_reflections_at_debug_log_nothing_personal(
    phone: Phone, debug_log: io.StringIO
) -> None:
    phone = Phone(phone.app, phone.api, user_id=987654321, chat_id=987654321, **NAMES)
    await phone.send("/start staff_ward3")
    for label in ("I'm OK, now is fine", "I was involved", "Restraint"):
        await phone.tap(label)
    await phone.send(TYPED)
    await phone.send("I want to kill myself tonight")
    await phone.send("/stop")
    await phone.tap("Save")
    app = webhook_app(phone.app, "hook-secret", "/telegram")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as http:
        poison = old_poll(77)
        poison["message"]["from"] = {"id": 987654321, "is_bot": False, **NAMES}
        await http.post("/telegram", json=poison, headers={SECRET_HEADER: "hook-secret"})
    written = debug_log.getvalue()
    assert "update 77 skipped" in written  # the log is on, and says what happened
    for secret in (
        "987654321",
        *NAMES.values(),
        "zephyrine",
        "Okonkwo",
        "kill myself",
        TOKEN,
        TOKEN.split(":")[1],
    ):
        assert secret not in written, secret


def test_library_records_keep_their_template_but_hide_every_argument() -> None:
    privacy = PrivacyFilter([TOKEN])
    record = logging.LogRecord(
        "telegram.ext.Application",
        logging.CRITICAL,
        __file__,
        1,
        "Error while building CallbackContext for update %s. Update will not be processed.",
        ({"from": {"first_name": "Quenby"}},),
        None,
    )
    assert privacy.filter(record)
    assert record.getMessage() == (
        "Error while building CallbackContext for update [hidden]. Update will not be processed."
    )
    debug = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "POST %s", (f"/bot{TOKEN}",), None
    )
    assert not privacy.filter(debug)


def test_the_token_is_masked_even_in_our_own_messages() -> None:
    privacy = PrivacyFilter([TOKEN])
    record = logging.LogRecord("bot.cli", logging.ERROR, __file__, 1, "url %s", (TOKEN,), None)
    privacy.filter(record)
    assert TOKEN not in record.getMessage() and "**********" in record.getMessage()
