"""Risk typed anywhere gets support first, through the real PTB Application offline.

Every place a security review found no support (issue 12): text at a button step, an answer
over the length limit, a message Telegram splits into parts, a caption, an edit, the very first
message before consent, text with no reflection open, and the words after a command.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pytest

from storage import Store
from tests.bot.telegram.test_bad_input import PHOTO, file
from tests.bot.telegram.test_consent import stored_rows
from tests.bot.telegram.test_long_texts import at_first_text_question, with_clock

if TYPE_CHECKING:
    from tests.support.telegram import Phone

RISK = "I want to kill myself tonight"
SUPPORT_BUTTONS = ["Carry on", "Pause", "Stop"]


def is_support(text: str) -> bool:
    """Whether a message is the support message (it always names Samaritans' number)."""
    return "Samaritans" in text and "116 123" in text


@pytest.fixture(autouse=True)
def no_late_support(caplog: pytest.LogCaptureFixture) -> Any:
    """The safety net's last check must never be the one that gives support."""
    caplog.set_level(logging.ERROR, logger="bot.channels.telegram.channel")
    yield
    late = [r for r in caplog.records if "support was not offered first" in r.getMessage()]
    assert not late, "a handler sent something before support"


async def test_text_at_a_button_step_gets_support_not_choose_an_option(phone: Phone) -> None:
    await phone.send("/start staff_ward3")
    replies = await phone.send(RISK)
    assert is_support(replies[0])
    assert not any("choose one of the options" in r for r in replies)
    assert phone.buttons() == SUPPORT_BUTTONS
    # Carrying on brings the welfare question back, unanswered.
    replies = await phone.tap("Carry on")
    assert "are you hurt" in replies[-1]


async def test_an_answer_over_the_length_limit_gets_support_then_the_limit(phone: Phone) -> None:
    await at_first_text_question(phone)
    long_answer = "we tried to keep things calm on the ward " * 45 + RISK + " and more " * 30
    assert 2000 < len(long_answer) < 3896
    replies = await phone.send(long_answer)
    assert is_support(replies[0])
    assert "the limit is 2000" in replies[-1]


async def test_a_message_too_long_for_one_part_gets_support_first(phone: Phone) -> None:
    await at_first_text_question(phone)
    replies = await phone.send("x " * 2100 + RISK)  # over 4,096: a server that does not split
    assert is_support(replies[0]) and "too long" in replies[1]


async def test_a_split_message_gets_support_once_whichever_part_holds_the_risk(
    phone: Phone,
) -> None:
    with_clock(phone)
    await at_first_text_question(phone)
    first = ("word " * 400 + RISK + " ") + "word " * 410
    first = first[:4096]
    await phone.deliver(phone.text_update(first), phone.text_update("and " + RISK))
    texts = phone.texts()
    assert is_support(texts[0]) and "cut it into parts" in texts[1]
    assert sum(is_support(t) for t in texts) == 1


async def test_risk_only_in_a_later_part_of_a_split_message_gets_support(phone: Phone) -> None:
    with_clock(phone)
    await at_first_text_question(phone)
    await phone.deliver(phone.text_update("word " * 819 + "w"))
    assert await phone.send("the end of it: " + RISK) and is_support(phone.texts()[0])


@pytest.mark.parametrize(
    "content",
    [
        {"photo": PHOTO, "caption": RISK},
        {"document": file("document", file_name="notes.txt"), "caption": RISK},
    ],
    ids=["photo caption", "document caption"],
)
async def test_a_caption_gets_support_first(phone: Phone, content: dict[str, Any]) -> None:
    await at_first_text_question(phone)
    await phone.deliver({"update_id": 900, "message": phone.message(**content)})
    texts = phone.texts()
    assert is_support(texts[0])
    assert "I can only read typed text" in texts[1]


async def test_an_edited_message_gets_support_first(phone: Phone) -> None:
    await at_first_text_question(phone)
    edited = phone.message(text=RISK, edit_date=1_700_000_060)
    await phone.deliver({"update_id": 901, "edited_message": edited})
    texts = phone.texts()
    assert is_support(texts[0]) and "Edits aren't picked up" in texts[1]


async def test_the_first_message_before_consent_gets_support_and_stores_nothing(
    newcomer: Phone, store: Store
) -> None:
    texts = await newcomer.send(RISK)
    assert is_support(texts[0])
    assert "Telegram keeps this chat" in texts[1]  # then the privacy notice
    assert stored_rows(store) == 0


@pytest.mark.parametrize("first", ["/start " + RISK, "/skip " + RISK, "/privacy " + RISK])
async def test_a_command_before_consent_with_risk_gets_support_first(
    newcomer: Phone, store: Store, first: str
) -> None:
    texts = await newcomer.send(first)
    assert is_support(texts[0]) and len(texts) == 2
    assert stored_rows(store) == 0


async def test_with_nothing_open_after_stop_risk_gets_support(phone: Phone) -> None:
    await phone.send("/start staff_ward3")
    await phone.send("/stop")
    texts = await phone.send(RISK)
    assert is_support(texts[0]) and "no reflection in progress" in texts[1]


async def test_after_a_saved_reflection_risk_gets_support(phone: Phone) -> None:
    await at_first_text_question(phone)
    await phone.send("the team stayed calm")
    await phone.send("/stop")
    await phone.tap("Save")
    texts = await phone.send(RISK)
    assert is_support(texts[0]) and "no reflection in progress" in texts[1]


@pytest.mark.parametrize("command", ["/skip", "/help", "/pause", "/back"])
async def test_words_after_a_control_command_get_support_first(phone: Phone, command: str) -> None:
    await at_first_text_question(phone)
    texts = await phone.send(f"{command} {RISK}")
    assert is_support(texts[0]) and len(texts) >= 2


@pytest.mark.parametrize("command", ["/start", "/privacy", "/forget", "/lead", "/nonsense"])
async def test_words_after_any_other_command_get_support_first(phone: Phone, command: str) -> None:
    await phone.send("/start staff_ward3")
    texts = await phone.send(f"{command} {RISK}")
    assert is_support(texts[0])


async def test_a_poll_the_person_writes_is_screened(phone: Phone) -> None:
    poll = {
        "id": "p1",
        "question": RISK,
        "options": [
            {"text": "yes", "voter_count": 0, "persistent_id": "o1"},
            {"text": "no", "voter_count": 0, "persistent_id": "o2"},
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
        "members_only": False,
    }
    await phone.deliver({"update_id": 902, "message": phone.message(poll=poll)})
    assert is_support(phone.texts()[0])


async def test_support_in_the_turn_names_staff_resources_for_staff(phone: Phone) -> None:
    await at_first_text_question(phone)
    replies = await phone.send("i cant go on like this, i want to end my life")
    assert is_support(replies[0]) and "Occupational health" in replies[0]
    assert phone.buttons() == SUPPORT_BUTTONS


async def test_ordinary_text_gets_no_support(phone: Phone) -> None:
    await at_first_text_question(phone)
    replies = await phone.send("we kept talking to him in a low voice and it helped")
    assert not any(is_support(r) for r in replies)
