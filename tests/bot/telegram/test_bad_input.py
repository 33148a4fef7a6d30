"""Bad input of every kind through the real Application: a clear reply, nothing lost or mixed up.

Each case is sent while a staff reflection waits for a typed answer. Content the bot cannot
read leaves the session as it was and says what the bot accepts; odd but readable text is taken
as the answer, stored safely and shown back escaped; updates that are not for this bot get
nothing. Every message sent must be valid Telegram HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
from markupsafe import escape
from sqlalchemy import select

from storage import Store
from storage.models import DialogueSession, Reflection

if TYPE_CHECKING:
    from tests.support.telegram import Call, Phone

QUESTION = "what helped"  # words of the first typed question (went_well)
NEXT_QUESTION = "What was meant to happen"
ACCEPTS = "I can only read typed text"
DATE = 1_700_000_000
# Tags (and their attributes) that Telegram's HTML parse mode understands.
TELEGRAM_TAGS = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "tg-spoiler": set(),
    "span": {"class"},
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}


class TelegramHtml(HTMLParser):
    """Checks a message as Telegram would parse it: known tags, balanced, no stray markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Only Telegram's tags, with their own attributes."""
        if tag not in TELEGRAM_TAGS:
            self.problems.append(f"unknown tag <{tag}>")
        elif any(name not in TELEGRAM_TAGS[tag] for name, _ in attrs):
            self.problems.append(f"unknown attribute on <{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Every end tag closes the innermost open one."""
        if not self.open or self.open.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_entityref(self, name: str) -> None:
        """Telegram knows only four named entities."""
        if name not in ("lt", "gt", "amp", "quot"):
            self.problems.append(f"unknown entity &{name};")

    def handle_decl(self, decl: str) -> None:
        """No declarations in a chat message."""
        self.problems.append("declaration")

    def handle_comment(self, data: str) -> None:
        """No comments either."""
        self.problems.append("comment")


def html_problems(text: str) -> list[str]:
    """What Telegram would reject in ``text`` sent with ``parse_mode=HTML``."""
    parser = TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.rawdata:
        parser.problems.append("unfinished markup at the end")
    stray = text.replace("&lt;", "").replace("&gt;", "").replace("&amp;", "")
    if "&" in stray and not all(
        part.split(";")[0] in ("quot",) or part.startswith("#") for part in stray.split("&")[1:]
    ):
        parser.problems.append("bare &")
    return parser.problems + [f"<{tag}> left open" for tag in parser.open]


def sent_texts(calls: list[Call]) -> list[str]:
    """Every message text the bot sent or edited in ``calls``."""
    return [
        c.params["text"]
        for c in calls
        if c.method in ("sendMessage", "editMessageText") and "text" in c.params
    ]


def session_row(store: Store) -> tuple[str, dict[str, Any]] | None:
    """(step, state) of the only session, if there is one."""
    with store.engine.connect() as conn:
        row = conn.execute(select(DialogueSession.step, DialogueSession.state)).first()
    return None if row is None else (row[0], dict(row[1]))


def typed_answers(store: Store) -> list[str]:
    """Typed answers held by the session."""
    found = session_row(store)
    assert found is not None
    return [a["text"] for a in found[1]["answers"] if a["text"] is not None]


def file(kind: str, **extra: Any) -> dict[str, Any]:
    """A file-like object of Telegram's shape (ids are synthetic)."""
    return {"file_id": f"{kind}-file", "file_unique_id": f"{kind}-unique", **extra}


USER = {"id": 4242, "is_bot": False, "first_name": "Synthetic"}
CHAT = {"id": 4242, "type": "private", "first_name": "Synthetic"}
PHOTO = [file("photo", width=90, height=90)]
LOCATION = {"latitude": 51.5, "longitude": -0.12}


# What a message may carry instead of text: each must get "I can only read typed text".
NOT_TEXT: dict[str, dict[str, Any]] = {
    "sticker": {
        "sticker": file(
            "sticker", type="regular", width=512, height=512, is_animated=False, is_video=False
        )
    },
    "photo": {"photo": PHOTO},
    "photo with a caption": {"photo": PHOTO, "caption": "a caption is not an answer"},
    "voice": {"voice": file("voice", duration=3)},
    "audio": {"audio": file("audio", duration=30)},
    "video": {"video": file("video", width=1, height=1, duration=1)},
    "video note": {"video_note": file("note", length=1, duration=1)},
    "animation": {
        "animation": file("gif", width=1, height=1, duration=1),
        "document": file("gif"),
    },
    "document": {"document": file("doc", file_name="notes.txt")},
    "location": {"location": LOCATION},
    "live location": {"location": {**LOCATION, "live_period": 60}},
    "venue": {
        "venue": {"location": LOCATION, "title": "Synthetic place", "address": "1 Nowhere Road"},
        "location": LOCATION,
    },
    "contact": {"contact": {"phone_number": "+440000000000", "first_name": "Synthetic"}},
    "poll": {
        "poll": {
            "id": "1",
            "question": "Synthetic?",
            "options": [
                {"text": "a", "voter_count": 0, "persistent_id": "o1"},
                {"text": "b", "voter_count": 0, "persistent_id": "o2"},
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
    },
    "dice": {"dice": {"emoji": "🎲", "value": 6}},
    "game": {"game": {"title": "Synthetic", "description": "a game", "photo": PHOTO}},
    "story": {"story": {"chat": CHAT, "id": 7}},
    "empty text": {"text": ""},
}

# Text that is odd but readable: taken as the answer, kept as typed, shown back escaped.
ACCEPTED: dict[str, str] = {
    "SQL injection": "'; DROP TABLE reflections; --",
    "script tag": "<script>alert('x')</script>",
    "Jinja expression": "{{ 7*7 }} {% for x in range(9) %}{{ x }}{% endfor %}",
    "log4j lookup": "${jndi:ldap://example.invalid/a}",
    "HTML markup": '<b>bold</b> & <a href="javascript:x">link</a> &amp; &lt;',
    "emoji only": "😔😡🙏",
    "very long word": "a" * 1_999,
    "mixed scripts": "ما حدث كان صعبا — שלום — 発生した",
    "markdown": "*bold* _under_ `code` [link](http://example.invalid)",
}

# Text whose unreadable characters are removed before it is kept.
CLEANED: dict[str, tuple[str, str]] = {
    "NUL bytes": ("before\x00after\x00", "beforeafter"),
    "control characters": ("a\x01b\x07c\x1bd\x7fe", "abcde"),
    "bidi embedding around text": ("\u202bwe waited\u202c", "we waited"),
    "right-to-left override": (
        "staff \u202eemoc ton did\u202c were there",
        "staff emoc ton did were there",
    ),
    "carriage returns and tabs": ("first\r\nsecond\tthird", "first\nsecond\tthird"),
}

# Text with nothing to read: asked again, session unchanged.
EMPTY: dict[str, str] = {
    "spaces and newlines": "   \n\t  ",
    "zero-width characters only": "\u200b\u200c\u200d\ufeff\u2060",
    "NUL bytes only": "\x00\x00",
    "right-to-left marks only": "\u200f\u202e\u202c",
}


@dataclass(frozen=True)
class Case:
    """An update that is not a message from the person, and what the bot does with it."""

    build: Callable[[Phone, int], dict[str, Any]]
    reply: str | None  # a phrase the reply contains; None when the bot stays silent
    toast: str | None = None  # the callback query answer, for presses


def _edited(phone: Phone, number: int) -> dict[str, Any]:
    edited = phone.message(text="a changed answer", edit_date=DATE + 60)
    return {"update_id": number, "edited_message": edited}


def _channel_post(phone: Phone, number: int) -> dict[str, Any]:
    channel = {"id": -1001, "type": "channel", "title": "Synthetic channel"}
    post = {"message_id": 1, "date": DATE, "chat": channel, "sender_chat": channel, "text": "/x"}
    return {"update_id": number, "channel_post": post}


def _inline_query(phone: Phone, number: int) -> dict[str, Any]:
    query = {"id": "iq", "from": USER, "query": "reflect", "offset": ""}
    return {"update_id": number, "inline_query": query}


def _chosen_inline(phone: Phone, number: int) -> dict[str, Any]:
    chosen = {"result_id": "r", "from": USER, "query": "reflect"}
    return {"update_id": number, "chosen_inline_result": chosen}


def _member(status: str) -> dict[str, Any]:
    return {"user": USER, "status": status, "until_date": 0}


def _blocked(phone: Phone, number: int) -> dict[str, Any]:
    change = {
        "chat": CHAT,
        "from": USER,
        "date": DATE,
        "old_chat_member": _member("member"),
        "new_chat_member": _member("kicked"),
    }
    return {"update_id": number, "my_chat_member": change}


def _poll_answer(phone: Phone, number: int) -> dict[str, Any]:
    return {
        "update_id": number,
        "poll_answer": {
            "poll_id": "1",
            "option_ids": [0],
            "option_persistent_ids": ["o1"],
            "user": USER,
        },
    }


def _reaction(phone: Phone, number: int) -> dict[str, Any]:
    reaction = {
        "chat": CHAT,
        "message_id": 1000,
        "user": USER,
        "date": DATE,
        "old_reaction": [],
        "new_reaction": [{"type": "emoji", "emoji": "👍"}],
    }
    return {"update_id": number, "message_reaction": reaction}


def _press(data: str | None, **extra: Any) -> Callable[[Phone, int], dict[str, Any]]:
    def build(phone: Phone, number: int) -> dict[str, Any]:
        query: dict[str, Any] = {
            "id": f"q{number}",
            "from": USER,
            "chat_instance": "synthetic",
            "message": {"message_id": 1, "date": DATE, "chat": CHAT, "text": "old message"},
            **extra,
        }
        if data is not None:
            query["data"] = data
        return {"update_id": number, "callback_query": query}

    return build


def _forged_choice(phone: Phone, number: int) -> dict[str, Any]:
    # Our own format, for the current question, with a choice no button ever had.
    message = phone.message_with("I was involved")
    real = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    forged = "|".join([*real.split("|")[:4], "x" * 80])
    return {**phone.press(message, forged), "update_id": number}


OTHER_UPDATES: dict[str, Case] = {
    "edited message": Case(_edited, "Edits aren't picked up"),
    "channel post": Case(_channel_post, "only in a private chat"),
    "inline query": Case(_inline_query, None),
    "chosen inline result": Case(_chosen_inline, None),
    "bot blocked (my_chat_member)": Case(_blocked, None),
    "poll answer": Case(_poll_answer, None),
    "message reaction": Case(_reaction, None),
    "garbage callback data": Case(_press("\x00\ufffd💥 not ours"), None, "no longer works"),
    "oversized callback data": Case(_press("r1|" + "z" * 300), None, "no longer works"),
    "another bot's callback format": Case(_press('{"action":"vote","id":3}'), None, "no longer"),
    "malformed session token": Case(_press("r1|v|!!|0|yes"), None, "no longer works"),
    "callback without data (game)": Case(
        _press(None, game_short_name="synthetic"), None, "no longer works"
    ),
    "callback on an inline message": Case(
        lambda p, n: {
            "update_id": n,
            "callback_query": {
                "id": "qi",
                "from": USER,
                "chat_instance": "s",
                "inline_message_id": "im",
                "data": "r1|v|1|0|yes",
            },
        },
        None,
    ),
}

COMMANDS: dict[str, str] = {
    "/frobnicate": "don't know that command",
    "/start@SomeOtherBot": "don't know that command",
    "/": "",  # a lone slash is typed text, not a command
    "/help@reflect_test_bot": "/skip to skip this question",
    "/START": "staff, or a patient",  # commands are matched case-blind: the chooser
}


async def at_first_text_question(phone: Phone) -> tuple[str, dict[str, Any]]:
    """A staff reflection waiting for its first typed answer; its (step, state)."""
    for typed in ("/start staff", "1", "1", "1"):
        await phone.send(typed)
    assert QUESTION in phone.texts()[-1]
    return phone.texts()[-1], {}


def assert_valid_html(phone: Phone) -> None:
    """Every message the bot sent in this test is valid Telegram HTML."""
    for text in sent_texts(phone.api.calls):
        assert not html_problems(text), (html_problems(text), text[:200])


@pytest.mark.parametrize("kind", list(NOT_TEXT))
async def test_content_that_is_not_text_is_declined(phone: Phone, store: Store, kind: str) -> None:
    await at_first_text_question(phone)
    before = session_row(store)
    await phone.deliver({"update_id": 90_000, "message": phone.message(**NOT_TEXT[kind])})
    replies = phone.texts()
    assert ACCEPTS in replies[0]
    assert QUESTION in replies[-1]
    assert session_row(store) == before
    assert_valid_html(phone)


@pytest.mark.parametrize("name", list(ACCEPTED))
async def test_odd_text_is_kept_as_typed_and_shown_escaped(
    phone: Phone, store: Store, name: str
) -> None:
    typed = ACCEPTED[name]
    await at_first_text_question(phone)
    replies = await phone.send(typed)
    assert NEXT_QUESTION in replies[-1]
    assert typed_answers(store) == [typed]
    await phone.send("/back")  # the previous answer is shown back to the person
    shown = "\n".join(phone.texts())
    assert str(escape(typed)) in shown
    assert_valid_html(phone)


@pytest.mark.parametrize("name", list(CLEANED))
async def test_unreadable_characters_are_removed_before_keeping(
    phone: Phone, store: Store, name: str
) -> None:
    typed, kept = CLEANED[name]
    await at_first_text_question(phone)
    replies = await phone.send(typed)
    assert NEXT_QUESTION in replies[-1]
    assert typed_answers(store) == [kept]
    assert_valid_html(phone)


@pytest.mark.parametrize("name", list(EMPTY))
async def test_text_with_nothing_to_read_is_asked_again(
    phone: Phone, store: Store, name: str
) -> None:
    await at_first_text_question(phone)
    before = session_row(store)
    replies = await phone.send(EMPTY[name])
    assert "That message was empty" in replies[0]
    assert QUESTION in replies[-1]
    assert session_row(store) == before


async def test_text_over_telegrams_limit_is_declined(phone: Phone, store: Store) -> None:
    await at_first_text_question(phone)
    before = session_row(store)
    [reply] = await phone.send("x " * 3_000)
    assert "too long" in reply and "6000 characters" in reply
    assert session_row(store) == before


async def test_text_over_the_answer_limit_is_declined(phone: Phone, store: Store) -> None:
    await at_first_text_question(phone)
    before = session_row(store)
    replies = await phone.send("word " * 500)
    assert "limit is 2000" in replies[0]
    assert session_row(store) == before


@pytest.mark.parametrize("name", list(OTHER_UPDATES))
async def test_updates_that_are_not_answers(phone: Phone, store: Store, name: str) -> None:
    case = OTHER_UPDATES[name]
    await at_first_text_question(phone)
    before = session_row(store)
    await phone.deliver(case.build(phone, 91_000))
    replies = phone.texts()
    if case.reply is None:
        assert replies == []
    else:
        assert case.reply in replies[0]
    toasts = [c.params.get("text") for c in phone.answers()]
    if case.toast is not None:
        assert toasts and case.toast in str(toasts[0])
    assert session_row(store) == before
    assert_valid_html(phone)


async def test_a_forged_choice_in_our_format_is_refused(phone: Phone, store: Store) -> None:
    await phone.send("/start staff")
    await phone.send("1")
    before = session_row(store)
    await phone.deliver(_forged_choice(phone, 92_000))
    assert "Please choose one of the options" in phone.texts()[0]
    assert session_row(store) == before


@pytest.mark.parametrize("command", list(COMMANDS))
async def test_odd_commands(phone: Phone, store: Store, command: str) -> None:
    await at_first_text_question(phone)
    replies = await phone.send(command)
    assert COMMANDS[command] in replies[0]
    assert_valid_html(phone)


async def test_a_forwarded_message_is_taken_as_typed(phone: Phone, store: Store) -> None:
    await at_first_text_question(phone)
    origin = {"type": "hidden_user", "date": DATE, "sender_user_name": "Someone"}
    message = phone.message(text="forwarded words", forward_origin=origin)
    await phone.deliver({"update_id": 93_000, "message": message})
    assert NEXT_QUESTION in phone.texts()[-1]
    assert typed_answers(store) == ["forwarded words"]


async def test_a_whole_reflection_of_hostile_text_is_saved_intact(
    phone: Phone, store: Store
) -> None:
    hostile = [*ACCEPTED.values()][:8]
    await at_first_text_question(phone)
    for typed in hostile:
        await phone.send(typed)
    review = phone.texts()[-1]
    assert "everything that will be saved" in review
    for typed in hostile:
        assert str(escape(typed))[:500] in review
    await phone.send("Save")
    with store.engine.connect() as conn:
        saved = [t.text for t in conn.scalars(select(Reflection.text).order_by(Reflection.id))]
    assert saved == hostile
    assert_valid_html(phone)


async def test_a_private_message_with_no_sender_is_ignored(phone: Phone, store: Store) -> None:
    message = phone.message(text="who sent this?")
    del message["from"]
    calls = await phone.deliver({"update_id": 990_001, "message": message})
    assert calls == []
    with store.engine.connect() as connection:
        texts = connection.execute(select(Reflection.text)).scalars().all()
    assert texts == []
