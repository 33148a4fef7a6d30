"""An offline Telegram: a request class standing in for the Bot API, and a phone to drive the
real PTB Application with synthetic updates. No test touches the network. Shared by the tests
and the benchmarks."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.exc import OperationalError
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes
from telegram.request import BaseRequest, RequestData

from bot.channels.telegram import CHANNEL, TelegramApp, TelegramChannel, build_application
from bot.services.conversation import Conversations, ThemeTagger
from bot.services.identity import participant_key
from bot.services.reminders import ReminderPolicy
from bot.services.reports import Reviews
from bot.services.wards import EntryLinks
from bot.settings import Secret
from dialogues import Engine, Output, ScriptLibrary, UiTexts
from privacy import BasicAnonymiser, TextAnonymiser
from storage import Store
from tests.support.safety import TEST_PLACEHOLDER_KEY, real_safeguard, real_support, telegram_words

TOKEN = "123456:OFFLINE-TEST-TOKEN"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Reflect",
    "username": "reflect_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
SECRET = Secret("synthetic-test-secret")
CONVERSATIONS = "conversations"
DATE = 1_700_000_000


# One question as sent: its text and its keyboard's rows of (label, callback data).
Question = tuple[str, list[list[tuple[str, str]]]]


def question_of(params: dict[str, Any]) -> Question:
    """A sent message's text and keyboard rows, as the benchmarks' anchor replays them."""
    markup = params.get("reply_markup")
    found = json.loads(markup) if isinstance(markup, str) else markup or {}
    rows = [
        [(b["text"], b["callback_data"]) for b in row] for row in found.get("inline_keyboard", [])
    ]
    return str(params.get("text", "")), rows


@dataclass(frozen=True)
class Call:
    """One Bot API call the application made."""

    method: str
    params: dict[str, Any]
    result: Any = None
    files: dict[str, bytes] = field(default_factory=dict)  # uploads (sendDocument), by name


@dataclass
class OfflineBotApi(BaseRequest):
    """Answers every Bot API method with plausible JSON and records the call.

    The one offline Bot API of the tests and the benchmarks: ``latency`` waits before each
    answer, as a far-away server would; ``keep=False`` keeps no call (benchmarks count only
    ``sent``); ``record_questions`` keeps each message sent as a (text, keyboard rows) pair.
    """

    latency: float = 0.0
    keep: bool = True
    record_questions: bool = False
    questions: list[Question] = field(default_factory=list)
    sent: int = 0
    calls: list[Call] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    # method -> failures to give before succeeding: a JSON error body, or an exception to raise.
    failures: dict[str, list[dict[str, Any] | TelegramError]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    @property
    def read_timeout(self) -> float | None:
        """No real reads happen."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def fail(self, method: str, *failures: dict[str, Any] | TelegramError) -> None:
        """Make the next calls of ``method`` fail, in order."""
        self.failures.setdefault(method, []).extend(failures)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Record the call, then answer as the Bot API would."""
        if self.latency:
            await asyncio.sleep(self.latency)
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        if not self.keep:
            return self._answer_only(name, params)
        self.urls.append(url)
        pending = self.failures.get(name)
        if pending:
            self.calls.append(Call(name, params))
            failure = pending.pop(0)
            if isinstance(failure, TelegramError):
                raise failure
            return failure.get("error_code", 400), json.dumps(failure).encode()
        result = self._result(name, params)
        self.calls.append(Call(name, params, result, _uploads(request_data)))
        self._note(name, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _answer_only(self, name: str, params: dict[str, Any]) -> tuple[int, bytes]:
        result = self._result(name, params)
        self._note(name, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _note(self, name: str, params: dict[str, Any]) -> None:
        if name in ("sendMessage", "editMessageText"):
            self.sent += 1
            if self.record_questions and name == "sendMessage":
                self.questions.append(question_of(params))
        self.answered(name)

    def answered(self, method: str) -> None:
        """Called after each answer is made; subclasses watch the traffic here."""

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT_USER
        if name in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            message: dict[str, Any] = {
                "message_id": params.get("message_id", next(self._ids)),
                "date": DATE,
                "chat": {"id": params["chat_id"], "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if name == "sendDocument":
            return {
                "message_id": next(self._ids),
                "date": DATE,
                "chat": {"id": params["chat_id"], "type": "private"},
                "from": BOT_USER,
                "document": {"file_id": "doc1", "file_unique_id": "doc1u"},
            }
        if name == "getUpdates":
            return []
        return True

    # ----- reading what was sent ----------------------------------------------------------

    def since(self, start: int) -> list[Call]:
        """Calls made after the first ``start`` calls."""
        return self.calls[start:]

    def named(self, method: str) -> list[Call]:
        """Every call of ``method``."""
        return [c for c in self.calls if c.method == method]


def _uploads(request_data: RequestData | None) -> dict[str, bytes]:
    if request_data is None or not request_data.contains_files:
        return {}
    uploads: dict[str, bytes] = {}
    for name, part in request_data.multipart_data.items():
        # A file part is (filename, content, mime type); keyed by the file's name when it has one.
        if isinstance(part, tuple):
            filename, content = part[0], part[1]
        else:
            filename, content = name, part
        key = filename if isinstance(filename, str) else name
        uploads[key] = content if isinstance(content, bytes) else str(content).encode()
    return uploads


@dataclass
class Phone:
    """One person's Telegram client: sends messages, taps buttons, reads the bot's replies.

    A private-chat phone has agreed to the privacy notice already (most tests are about what
    comes after); ``agreed=False`` is someone writing for the first time.
    """

    app: TelegramApp
    api: OfflineBotApi
    user_id: int = 4242
    chat_id: int = 4242
    chat_type: str = "private"
    updates: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    last: list[Call] = field(default_factory=list)
    agreed: bool = True
    first_name: str = "Synthetic"
    last_name: str | None = None
    username: str | None = None

    def __post_init__(self) -> None:
        conversations = self.app.bot_data.get(CONVERSATIONS)
        if self.agreed and self.chat_type == "private" and conversations is not None:
            # A database that is down (fault tests) cannot record it; the bot asks to retry anyway.
            with contextlib.suppress(OperationalError):
                conversations.agree(participant_key(SECRET, CHANNEL, self.user_id))

    def chat(self) -> dict[str, Any]:
        """The chat as Telegram describes it in updates."""
        chat: dict[str, Any] = {"id": self.chat_id, "type": self.chat_type}
        if self.chat_type == "private":
            chat.update(self._names())
        else:
            chat["title"] = "Synthetic ward group"
        return chat

    def _names(self) -> dict[str, Any]:
        names: dict[str, Any] = {"first_name": self.first_name}
        if self.last_name is not None:
            names["last_name"] = self.last_name
        if self.username is not None:
            names["username"] = self.username
        return names

    def _sender(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, **self._names()}

    def message(self, **fields: Any) -> dict[str, Any]:
        """A message dict from this person with ``fields`` (text, sticker, photo...)."""
        return {
            "message_id": next(self.updates) + 50_000,
            "date": DATE,
            "chat": self.chat(),
            "from": self._sender(),
            **fields,
        }

    def text_update(self, text: str, update_id: int | None = None) -> dict[str, Any]:
        """An update carrying typed ``text`` (a command when it starts with /)."""
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": update_id or next(self.updates), "message": self.message(**fields)}

    async def deliver(self, *updates: dict[str, Any]) -> list[Call]:
        """Queue updates as the fetcher would, wait until all are handled; new calls."""
        start = len(self.api.calls)
        for data in updates:
            await self.app.update_queue.put(Update.de_json(data, self.app.bot))
        await self.app.update_queue.join()
        self.last = self.api.since(start)
        return self.last

    async def send(self, text: str) -> list[str]:
        """Type ``text``; the texts the bot sent back."""
        await self.deliver(self.text_update(text))
        return self.texts()

    async def tap(self, label: str, *, times: int = 1) -> list[str]:
        """Press the button labelled ``label`` on the latest message that has it."""
        message = self.message_with(label)
        data = next(
            b["callback_data"]
            for row in message["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"] == label
        )
        updates = [self.press(message, data) for _ in range(times)]
        await self.deliver(*updates)
        return self.texts()

    def press(self, message: dict[str, Any], data: str) -> dict[str, Any]:
        """A callback-query update for pressing ``data`` on ``message``."""
        number = next(self.updates)
        return {
            "update_id": number,
            "callback_query": {
                "id": f"q{number}",
                "from": self._sender(),
                "chat_instance": "synthetic",
                "data": data,
                "message": message,
            },
        }

    def message_with(self, label: str) -> dict[str, Any]:
        """The latest message the bot sent with a button labelled ``label``."""
        for call in reversed(self.api.named("sendMessage")):
            if call.params["chat_id"] != self.chat_id:
                continue
            markup = call.params.get("reply_markup")
            if markup and any(b["text"] == label for row in markup["inline_keyboard"] for b in row):
                return self.sent_message(call)
        raise AssertionError(f"no message with a button {label!r}")

    def sent_message(self, call: Call) -> dict[str, Any]:
        """The message dict the offline API returned for ``call``, as the phone shows it."""
        assert isinstance(call.result, dict)
        return {**call.result, "chat": self.chat()}

    def texts(self, calls: list[Call] | None = None) -> list[str]:
        """Texts of messages sent in ``calls`` (default: in the last step)."""
        sent = [c for c in (calls or self.last) if c.method == "sendMessage" and c.result]
        return [c.params["text"] for c in sent]

    def buttons(self) -> list[str]:
        """Labels of the buttons on the last message sent with buttons."""
        for call in reversed(self.last):
            markup = call.params.get("reply_markup")
            if call.method == "sendMessage" and markup:
                return [b["text"] for row in markup["inline_keyboard"] for b in row]
        return []

    def answers(self) -> list[Call]:
        """answerCallbackQuery calls in the last step."""
        return [c for c in self.last if c.method == "answerCallbackQuery"]


def make_conversations(
    store: Store,
    library: ScriptLibrary,
    *,
    anonymiser: TextAnonymiser | None = None,
    tagger: ThemeTagger | None = None,
    reminders: ReminderPolicy | None = None,
) -> Conversations:
    """Conversations on ``store`` with Telegram HTML output (basic anonymiser by default)."""
    engine = Engine(
        UiTexts(Output.TELEGRAM_HTML),
        anonymiser or BasicAnonymiser(),
        words=telegram_words(),
        support=real_support(),
        placeholder_key=TEST_PLACEHOLDER_KEY,
    )
    return Conversations(
        store,
        library,
        engine,
        "telegram",
        safeguard=real_safeguard(),
        tagger=tagger,
        reminders=reminders,
    )


def ward_link(store: Store, ward: str, role: str) -> str:
    """A genuine entry link's ``/start`` payload, as ``reflect wards link`` issues it."""
    return EntryLinks(store, SECRET).issue(ward, role)


def next_month() -> date:
    """The first day of next month (UTC): this month's reflections are then in a closed one."""
    today = datetime.now(UTC).date()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


async def no_sleep(_: float) -> None:
    """Retries wait for nothing in tests (no test depends on time)."""


@dataclass
class Bots:
    """Starts offline applications and stops them at the end of the test."""

    running: list[TelegramApp] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)

    async def start(
        self,
        conversations: Conversations,
        *,
        reply_lease: float | None = None,
        today: Callable[[], date] = next_month,
    ) -> tuple[TelegramApp, OfflineBotApi]:
        """A started application on ``conversations`` and its offline API.

        Reports cover closed periods only, so by default leads read them as if it were next
        month (what is written today is then in a closed month); ``today`` changes the date.
        """
        api = OfflineBotApi()
        channel = TelegramChannel(conversations, SECRET, sleep=no_sleep)
        if reply_lease is not None:
            channel.reply_lease = reply_lease
        reviews = Reviews(conversations.store, today=today)
        app = build_application(
            channel, TOKEN, request=api, updates_request=OfflineBotApi(), reviews=reviews
        )

        async def record(_: object, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert context.error is not None
            self.errors.append(context.error)

        app.add_error_handler(record)
        # Test-only: lets a Phone agree to the privacy notice before its first message.
        app.bot_data[CONVERSATIONS] = conversations
        await app.initialize()
        await app.start()
        self.running.append(app)
        return app, api

    async def stop(self, app: TelegramApp) -> None:
        """Stop one application (as a crash or restart would)."""
        self.running.remove(app)
        await app.stop()
        if app.post_stop is not None:
            # As run_polling does: background work ends (sent replies are confirmed).
            await app.post_stop(app)
        await app.shutdown()
