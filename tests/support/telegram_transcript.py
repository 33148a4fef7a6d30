"""Golden transcripts through the real PTB Application offline: what a person did on their
phone and every message the bot sent back.

A transcript file::

    # a newcomer's first message carries risk
    who: newcomer

    YOU: I want to kill myself tonight
    BOT: ...
    STORED: participants 0, sessions 0, reflections 0

``who:`` is ``agreed`` (has agreed to the privacy notice) or ``newcomer``. ``YOU:`` lines:
``[n]`` taps button n of the latest message with buttons; ``photo: words`` and
``document: words`` send a file with that caption; ``edit: words`` edits an earlier message;
``parts: A || B`` sends one text Telegram cut into parts (``<N characters>`` stands for N
letters inside it, as on its own); anything else is typed as written. ``BOT:`` blocks are the
messages sent, ``BOT (marks):`` the line added to a message whose button was pressed, and
``BOT (toast):`` a button's pop-up; the ``STORED:`` line counts what the database holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from storage import Store
from storage.models import DialogueSession, Participant, Reflection
from tests.support.telegram import Call, Phone

_LENGTH = re.compile(r"<(\d+) characters>")
_TAP = re.compile(r"^\[(\d+)\]$")
PHOTO = [{"file_id": "photo-file", "file_unique_id": "photo-unique", "width": 90, "height": 90}]
DOCUMENT = {"file_id": "doc-file", "file_unique_id": "doc-unique", "file_name": "notes.txt"}


@dataclass(frozen=True, slots=True)
class PhoneTranscript:
    """A parsed transcript: its comment, who is writing, and what they did."""

    comment: str
    who: str
    inputs: list[str]


def parse(text: str) -> PhoneTranscript:
    """Read the header and the ``YOU:`` lines."""
    comment: list[str] = []
    who = ""
    inputs: list[str] = []
    for line in text.splitlines():
        if line.startswith("#"):
            comment.append(line[1:].strip())
        elif line.startswith("who:"):
            who = line.partition(":")[2].strip()
        elif line.startswith("YOU:"):
            inputs.append(line[4:].removeprefix(" "))
    if who not in ("agreed", "newcomer"):
        raise ValueError("a phone transcript needs 'who: agreed' or 'who: newcomer'")
    return PhoneTranscript("\n".join(comment), who, inputs)


def _expand(text: str) -> str:
    return _LENGTH.sub(lambda m: "a" * int(m.group(1)), text)


def _updates(phone: Phone, spec: str, sent: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tap = _TAP.match(spec)
    if tap:
        message = _latest_with_buttons(phone)
        rows = message["reply_markup"]["inline_keyboard"]
        data = [b["callback_data"] for row in rows for b in row][int(tap.group(1)) - 1]
        return [phone.press(message, data)]
    kind, _, words = spec.partition(": ")
    if kind == "photo":
        return [_message(phone, photo=PHOTO, caption=words)]
    if kind == "document":
        return [_message(phone, document=DOCUMENT, caption=words)]
    if kind == "edit":
        original = sent[-1] if sent else phone.message(text="an earlier answer")
        edited = {**original, "text": words, "edit_date": original["date"] + 60}
        return [{"update_id": next(phone.updates), "edited_message": edited}]
    if kind == "parts":
        return [phone.text_update(_expand(part.strip())) for part in words.split("||")]
    update = phone.text_update(_expand(spec))
    sent.append(update["message"])
    return [update]


def _message(phone: Phone, **fields: Any) -> dict[str, Any]:
    return {"update_id": next(phone.updates), "message": phone.message(**fields)}


def _latest_with_buttons(phone: Phone) -> dict[str, Any]:
    for call in reversed(phone.api.named("sendMessage")):
        if call.params.get("reply_markup"):
            return phone.sent_message(call)
    raise ValueError("no message with buttons to tap")


def _render(calls: list[Call]) -> list[str]:
    lines: list[str] = []
    for call in calls:
        if call.method == "sendMessage":
            body = str(call.params["text"]).splitlines() or [""]
            lines.append(f"BOT: {body[0]}".rstrip())
            lines.extend(f"     {line}".rstrip() for line in body[1:])
            markup = call.params.get("reply_markup")
            if markup:
                labels = [b["text"] for row in markup["inline_keyboard"] for b in row]
                numbered = " | ".join(f"[{i}] {label}" for i, label in enumerate(labels, 1))
                lines.append(f"     buttons: {numbered}")
        elif call.method == "editMessageText":
            lines.append(f"BOT (marks): {str(call.params['text']).splitlines()[-1]}")
        elif call.method == "answerCallbackQuery" and call.params.get("text"):
            lines.append(f"BOT (toast): {call.params['text']}")
    return lines


def stored(store: Store) -> str:
    """What the database holds, counted."""
    with store.engine.connect() as conn:

        def rows(model: Any) -> int:
            return int(conn.scalar(select(func.count()).select_from(model)) or 0)

        return (
            f"STORED: participants {rows(Participant)}, sessions {rows(DialogueSession)}, "
            f"reflections {rows(Reflection)}"
        )


async def replay(transcript: PhoneTranscript, phone: Phone, store: Store) -> str:
    """Send the inputs from ``phone`` and write the transcript the bot produces."""
    header = [f"# {line}" if line else "#" for line in transcript.comment.splitlines()]
    out = [*header, f"who: {transcript.who}", ""]
    sent: list[dict[str, Any]] = []
    for spec in transcript.inputs:
        out.append(f"YOU: {spec}".rstrip())
        calls = await phone.deliver(*_updates(phone, spec, sent))
        out.extend(_render(calls))
    out.append(stored(store))
    return "\n".join(out) + "\n"
