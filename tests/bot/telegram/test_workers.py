"""Two workers behind one webhook, sharing one database: nothing lost, doubled or reordered.

Two independent Applications, each with its own engine and connection pool, take updates for
the same chats. Each person waits for a reply before typing again, so a chat's updates come in
order, but each goes to either worker at random and many chats run at once; some updates are
delivered to both workers at the same moment, as a webhook retry would.
"""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from telegram import Update

from bot.channels.telegram import CHANNEL, TelegramApp
from bot.services.conversation import Conversations
from bot.services.identity import participant_key
from bot.settings import Secret
from dialogues import ScriptLibrary
from storage import Store, make_engine
from storage.models import DialogueSession, ProcessedUpdate, Reflection

if TYPE_CHECKING:
    from tests.support.telegram import Bots, OfflineBotApi

SECRET = Secret("synthetic-test-secret")  # the one the offline bots are built with
CHATS = 50
REFLECTIONS_PER_CHAT = 2
DOUBLED = 0.1  # share of updates delivered to both workers at once
DATE = 1_700_000_000


def answers_of(chat: int, round_: int) -> list[str]:
    """Eight typed answers, unique to the chat and the round."""
    return [f"chat {chat} round {round_} answer {n}" for n in range(1, 9)]


def texts_of(chat: int) -> list[str]:
    """What one person types, in order: whole reflections, one after another."""
    typed: list[str] = []
    for round_ in range(REFLECTIONS_PER_CHAT):
        typed += ["/start staff", "1", "1", "1", *answers_of(chat, round_), "Save"]
    return typed


def update(number: int, chat: int, text: str) -> dict[str, Any]:
    """A message update from the person in ``chat``."""
    message: dict[str, Any] = {
        "message_id": number,
        "date": DATE,
        "chat": {"id": chat, "type": "private", "first_name": "Synthetic"},
        "from": {"id": chat, "is_bot": False, "first_name": "Synthetic"},
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": 6}]
    return {"update_id": number, "message": message}


async def handle(app: TelegramApp, data: dict[str, Any]) -> None:
    """Hand one update to a worker as its webhook would, through its update processor."""
    parsed = Update.de_json(data, app.bot)
    await app.update_processor.process_update(parsed, app.process_update(parsed))


def sent_to(api: OfflineBotApi, chat: int) -> int:
    """Messages a worker has sent to ``chat``."""
    return sum(1 for c in api.calls if c.method == "sendMessage" and c.params["chat_id"] == chat)


async def test_two_workers_store_every_answer_once_and_in_order(
    bots: Bots,
    store: Store,
    database_url: str,
    library: ScriptLibrary,
    conversations_on: Callable[[Store, ScriptLibrary], Conversations],
) -> None:
    stores = [Store(make_engine(database_url)) for _ in range(2)]
    try:
        workers = [await bots.start(conversations_on(s, library)) for s in stores]
        agreeing = conversations_on(store, library)
        chats = [9000 + n for n in range(CHATS)]
        for chat in chats:
            agreeing.agree(participant_key(SECRET, CHANNEL, chat))
        rng = random.Random(2024)
        numbers = iter(range(1, 1_000_000))
        plans = {chat: [update(next(numbers), chat, t) for t in texts_of(chat)] for chat in chats}
        routes = {
            chat: ["both" if rng.random() < DOUBLED else rng.choice("ab") for _ in p]
            for chat, p in plans.items()
        }
        answered_twice: list[int] = []

        async def person(chat: int) -> None:
            for data, route in zip(plans[chat], routes[chat], strict=True):
                before = [sent_to(api, chat) for _, api in workers]
                apps = {"a": [workers[0][0]], "b": [workers[1][0]]}
                targets = apps["a"] + apps["b"] if route == "both" else apps[route]
                await asyncio.gather(*(handle(app, data) for app in targets))
                grew = [sent_to(api, chat) > b for (_, api), b in zip(workers, before, strict=True)]
                if all(grew):
                    answered_twice.append(data["update_id"])

        await asyncio.gather(*(person(chat) for chat in chats))
    finally:
        for s in stores:
            s.engine.dispose()

    delivered = sum(len(p) for p in plans.values())
    doubled = sum(r.count("both") for r in routes.values())
    assert delivered + doubled >= 1_000
    assert doubled > 0
    assert answered_twice == []
    with store.engine.connect() as conn:
        handled = conn.scalar(select(func.count()).select_from(ProcessedUpdate))
        sessions = conn.execute(select(DialogueSession.id, DialogueSession.is_open)).all()
        rows = conn.execute(
            select(Reflection.session_id, Reflection.text).order_by(Reflection.id)
        ).all()
    assert handled == delivered
    assert len(sessions) == CHATS * REFLECTIONS_PER_CHAT
    assert not any(is_open for _, is_open in sessions)
    by_session: dict[int, list[str]] = defaultdict(list)
    for session_id, text in rows:
        by_session[session_id].append(text.text)
    expected = [answers_of(chat, r) for chat in chats for r in range(REFLECTIONS_PER_CHAT)]
    assert sorted(by_session.values()) == sorted(expected)
