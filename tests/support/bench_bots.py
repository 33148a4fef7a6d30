"""What the benchmarks compare: this project's bot and a bare PTB ConversationHandler asking the
same questions with state in memory, both talking to an offline Bot API.

"The same questions" is meant literally: the anchor sends the very texts and inline keyboards
that this project's bot sent for one reflection, recorded by :func:`our_questions`, and builds
each keyboard as a handler would. What is left between the two is what this project adds: the
engine, durable storage, and deciding what to send.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.channels.telegram import CHANNEL, TelegramApp, TelegramChannel, build_application
from bot.commands.telegram import settle_memory
from bot.services.conversation import Conversations
from bot.services.identity import participant_key
from bot.settings import Secret
from dialogues import Engine, Output, ScriptLibrary, UiTexts, read_source, script_paths
from privacy import (
    AnonymisedText,
    Anonymiser,
    BasicAnonymiser,
    PlaceholderBook,
    TextAnonymiser,
)
from storage import Store, make_engine, upgrade
from tests.support.safety import TEST_PLACEHOLDER_KEY, real_safeguard, real_support, telegram_words
from tests.support.telegram import OfflineBotApi, Question

TOKEN = "123456:OFFLINE-BENCH-TOKEN"
SECRET = Secret("synthetic-bench-secret")
DATE = 1_700_000_000
# One staff reflection as typed: three choices by number, eight answers, then save.
CHOICES = ["1", "1", "1"]
ANSWERS = [f"synthetic answer {n} about the shift" for n in range(1, 9)]
REFLECTION = ["/start staff", *CHOICES, *ANSWERS, "Save"]


def update(
    number: int, chat: int, text: str, app: TelegramApp | Application[Any, Any, Any, Any, Any, Any]
) -> Update:
    """A parsed message update from the person in ``chat``."""
    message: dict[str, Any] = {
        "message_id": number,
        "date": DATE,
        "chat": {"id": chat, "type": "private", "first_name": "Synthetic"},
        "from": {"id": chat, "is_bot": False, "first_name": "Synthetic"},
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    parsed = Update.de_json({"update_id": number, "message": message}, app.bot)
    assert parsed is not None
    return parsed


class Unredacted:
    """An anonymiser that changes nothing: the benchmarks' way to leave the anonymiser out.

    The per-turn target is set without the anonymiser (``bench_anonymiser.py`` measures it
    on its own); synthetic benchmark answers hold no identifiers.
    """

    def anonymise(self, text: str, book: PlaceholderBook | None = None) -> AnonymisedText:
        """``text`` as it is."""
        return AnonymisedText(text)


ANONYMISERS: dict[str, type[TextAnonymiser]] = {
    "none": Unredacted,
    "patterns": BasicAnonymiser,
    "model": Anonymiser,  # every layer, the name model included, as `reflect run` has it
}


def ours(
    database: Path,
    latency: float = 0.0,
    sync: str = "NORMAL",
    anonymiser: str = "patterns",
    record: bool = False,
) -> tuple[TelegramApp, Conversations, OfflineBotApi]:
    """This project's bot on a SQLite file; ``anonymiser`` is ``model`` (every layer),
    ``patterns`` (no name model) or ``none``. With ``record``, the API keeps every question
    sent."""
    engine = make_engine(f"sqlite:///{database}", sqlite_sync=sync)
    upgrade(engine)
    library = ScriptLibrary(read_source(p) for p in script_paths())
    anonymise = ANONYMISERS[anonymiser]()
    dialogue = Engine(
        UiTexts(Output.TELEGRAM_HTML),
        anonymise,
        words=telegram_words(),
        support=real_support(),
        placeholder_key=TEST_PLACEHOLDER_KEY,
    )
    conversations = Conversations(
        Store(engine), library, dialogue, CHANNEL, safeguard=real_safeguard()
    )
    api = OfflineBotApi(latency=latency, keep=False, record_questions=record)
    channel = TelegramChannel(conversations, SECRET)
    app = build_application(channel, TOKEN, request=api, updates_request=OfflineBotApi(keep=False))
    settle_memory()  # as `reflect run` does once the bot is built
    return app, conversations, api


def agree(conversations: Conversations, chats: range) -> None:
    """Everyone benchmarked has agreed to the privacy notice already."""
    for chat in chats:
        conversations.agree(participant_key(SECRET, CHANNEL, chat))


async def our_questions(database: Path) -> list[Question]:
    """What this project's bot sends for one staff reflection, question by question."""
    app, conversations, api = ours(database, record=True)
    chat = 1
    agree(conversations, range(chat, chat + 1))
    await app.initialize()
    for number, text in enumerate(REFLECTION, 1):
        await app.process_update(update(number, chat, text, app))
    await app.shutdown()
    return api.questions


def _markup(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    # Built afresh for every message, as a handler builds its keyboard.
    if not rows:
        return None
    buttons = [[InlineKeyboardButton(t, callback_data=d) for t, d in row] for row in rows]
    return InlineKeyboardMarkup(buttons)


def bare(
    latency: float = 0.0, concurrent: bool = False, asked: list[Question] | None = None
) -> tuple[Application[Any, Any, Any, Any, Any, Any], OfflineBotApi]:
    """The anchor: a plain ConversationHandler asking the same questions, state in memory.

    ``asked``: the texts and keyboards to send, one per turn (see :func:`our_questions`);
    without it, plain numbered questions.
    """
    api = OfflineBotApi(latency=latency, keep=False)
    questions = ["choice"] * len(CHOICES) + ["answer"] * len(ANSWERS) + ["review"]
    plain: list[Question] = [(f"Question {n}", []) for n in range(1, len(questions) + 2)]
    sends = asked if asked is not None else plain

    async def ask(context: ContextTypes.DEFAULT_TYPE, chat_id: int, number: int) -> None:
        text, rows = sends[min(number, len(sends) - 1)]
        await context.bot.send_message(chat_id, text, parse_mode="HTML", reply_markup=_markup(rows))

    async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.effective_chat is not None and context.user_data is not None
        context.user_data["answers"] = []
        await ask(context, update.effective_chat.id, 0)
        return 0

    def step(number: int) -> Any:
        async def take(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
            assert update.effective_chat is not None and update.effective_message is not None
            assert context.user_data is not None
            # Kept with the question it answered, so a race shows as two answers to one.
            answer = (number, update.effective_message.text)
            context.user_data.setdefault("answers", []).append(answer)
            await ask(context, update.effective_chat.id, number + 1)
            return ConversationHandler.END if number + 1 == len(questions) else number + 1

        return take

    text = filters.TEXT & ~filters.COMMAND
    handler: ConversationHandler[Any] = ConversationHandler(
        entry_points=[CommandHandler("start", begin)],
        states={n: [MessageHandler(text, step(n))] for n in range(len(questions))},
        fallbacks=[],
    )
    builder = (
        Application.builder()
        .token(TOKEN)
        .request(api)
        .get_updates_request(OfflineBotApi(keep=False))
    )
    app = builder.concurrent_updates(concurrent).build()
    app.add_handler(handler)
    return app, api
