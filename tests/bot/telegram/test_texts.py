"""Splitting long HTML, deep-link payloads, session tokens and every Telegram-only template."""

from __future__ import annotations

from datetime import date

import pytest

from bot.channels.telegram.keyboard import button_context, session_token
from bot.channels.telegram.payload import Payload
from bot.channels.telegram.split import MESSAGE_LIMIT, split_html
from bot.channels.telegram.start_request import CHOOSE, StartRequest, parse_callback, parse_start
from bot.channels.telegram.texts import TEMPLATES, TelegramTexts
from storage import ActionRecord


def test_short_text_is_one_piece() -> None:
    assert split_html("hello") == ["hello"]


def test_long_text_splits_at_paragraphs_within_the_limit() -> None:
    paragraphs = [f"paragraph {n} " + "word " * 150 for n in range(20)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    pieces = split_html(text)
    assert len(pieces) > 1
    assert all(len(p) <= MESSAGE_LIMIT for p in pieces)
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())


def test_one_huge_line_never_cuts_an_entity_or_tag() -> None:
    text = "<b>start</b> " + "fish &amp; chips " * 600
    pieces = split_html(text, limit=100)
    assert all(len(p) <= 100 for p in pieces)
    for piece in pieces:
        assert piece.count("&") == piece.count("&amp;")
        assert piece.count("<") == piece.count(">")


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("", StartRequest()),
        ("staff", StartRequest("staff")),
        # the old plain forms keep their voice but never file under a ward
        ("patient_ward3", StartRequest("patient")),
        ("staff_Ward_3-North", StartRequest("staff")),
        ("ward_ABC", StartRequest()),
        ("visitor_ward3", StartRequest()),
        # an entry link is carried as it is, to be checked when the reflection starts
        ("in_12_0123456789abcdef", StartRequest(None, "in_12_0123456789abcdef")),
        ("in_12_0123456789abcdeg", StartRequest()),
        ("in_12_0123456789abcdef0", StartRequest()),
    ],
)
def test_deep_link_payloads(payload: str, expected: StartRequest) -> None:
    assert parse_start(payload) == expected


def test_start_buttons_round_trip_within_64_bytes() -> None:
    request = StartRequest("patient", "in_999999999_0123456789abcdef")
    data = request.callback_data(CHOOSE)
    assert len(data.encode()) <= 64
    assert parse_callback(data) == (CHOOSE, request)
    assert parse_callback("r1|x|y|1|z") is None


def test_session_tokens_are_base36() -> None:
    assert [session_token(n) for n in (0, 35, 36, 2**63 - 1)] == ["0", "z", "10", "1y2p0ij32e8e7"]
    context = button_context(Payload("v", session_token(123456), 4, "c"))
    assert context is not None and context.session_id == 123456
    assert button_context(Payload("v", "not base 36!", 4, "c")) is None


ACTION = ActionRecord(
    1, "W1", "Offer a debrief", "abc123", "staffing", "matron", date(2026, 3, 31), "trying",
    "Calmer", date(2026, 1, 1), date(2026, 2, 1),
)  # fmt: skip


def test_every_template_renders() -> None:
    texts = TelegramTexts()
    for path in sorted(TEMPLATES.glob("*.j2")):
        name = path.stem
        if name in ("labels", "toasts", "commands", "action_line"):  # blocks and macros
            continue
        assert texts.message(
            name,
            kind="sticker",
            open=True,
            reason="question",
            ward="W1",
            answered=2,
            length=5000,
            limit=4096,
            asking=True,
            agreed=False,
            count=2,
            lead=True,
            wards=("W1", "W2"),
            pressed=False,
            action=ACTION,
            actions=[ACTION],
            labels={"staffing": "Staffing"},
            number=1,
            ideas=True,
            example="2026-03-31",
            theme_label="Staffing",
            text="Two staff on nights",
            status="trying",
        )
    assert texts.toast("already_noted") == "Already noted"
    assert texts.label("chosen", label="<x>") == "✓ <x>"
    assert "@BotFather" in texts.plain("token_missing")


def test_ward_names_are_escaped_in_html() -> None:
    assert "&lt;b&gt;" in TelegramTexts().message("lead_enrolled", wards=["<b>"])
