"""Golden phone transcripts replayed through the real PTB Application offline.

Set REFLECT_UPDATE_GOLDEN=1 to rewrite them after a deliberate wording change; read the diff.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.services.conversation import Conversations
from storage import Store
from tests.support.telegram import Bots, Phone
from tests.support.telegram_transcript import parse, replay

FOLDER = Path(__file__).resolve().parents[2] / "transcripts" / "telegram"
FILES = sorted(FOLDER.glob("*.txt"))
EXPECTED = {path.stem: path.read_text(encoding="utf-8") for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
async def test_phone_transcript_replays_exactly(
    path: Path, bots: Bots, telegram_conversations: Conversations, store: Store
) -> None:
    expected = EXPECTED[path.stem]
    transcript = parse(expected)
    app, api = await bots.start(telegram_conversations)
    phone = Phone(app, api, user_id=5151, chat_id=5151, agreed=transcript.who == "agreed")
    actual = await replay(transcript, phone, store)
    if os.environ.get("REFLECT_UPDATE_GOLDEN") == "1":
        await asyncio.to_thread(path.write_text, actual, encoding="utf-8")
    assert actual == expected
