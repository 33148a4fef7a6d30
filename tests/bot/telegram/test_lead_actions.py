"""/action and /actions for team leads, through the real PTB Application offline."""

from __future__ import annotations

import asyncio
import html
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.channels.telegram import CHANNEL
from bot.services.conversation import Conversations
from bot.services.identity import participant_key
from bot.services.leads import Leads
from dialogues import ScriptLibrary
from storage import Store
from storage.models import Action
from tests.bot.telegram.test_consent import count
from tests.bot.telegram.test_lead_commands import LEAD_ONLY, seed
from tests.support.telegram import SECRET, Bots, Phone
from tests.support.telegram_transcript import parse, replay

PHONE_NUMBER = "07700 900123"


def _label_starting(phone: Phone, start: str) -> str:
    [label] = [b for b in phone.buttons() if b.startswith(start)]
    return label


def _forged(phone: Phone, data: str) -> dict[str, object]:
    """A press with made-up callback data on the last message sent."""
    call = [c for c in phone.api.named("sendMessage") if c.result][-1]
    return phone.press(phone.sent_message(call), data)


async def test_a_lead_records_an_action_from_an_idea_and_marks_it_done(
    newcomer: Phone, store: Store, library: ScriptLibrary
) -> None:
    seed(store, library, "ward_a", 6)
    await newcomer.send(f"/lead {Leads(store).invite(['ward_a', 'ward_b'])}")
    [ask] = await newcomer.send("/action")
    assert ask == "Which ward is this action for?"
    assert newcomer.buttons() == ["ward_a", "ward_b"]
    [what] = await newcomer.tap("ward_a")
    assert "<b>New action for ward_a</b>" in what and "leave out names" in what
    [link] = await newcomer.send(f"Offer a debrief within a day, ring {PHONE_NUMBER} to book")
    assert "Which idea does it answer?" in link
    idea = _label_starting(newcomer, "Idea ")
    assert idea.endswith(": Staffing levels and skill mix (night, shift, staff)")
    assert newcomer.buttons()[-2:] == ["A theme instead", "Neither"]
    [owner] = await newcomer.tap(idea)
    assert owner == "Who will lead it? Choose a role, never a name."
    assert "Ward manager" in newcomer.buttons() and "The whole team" in newcomer.buttons()
    [due] = await newcomer.tap("Ward manager")
    assert "When will you look at how it is going?" in due
    assert newcomer.buttons() == ["In 2 weeks", "In a month", "In three months", "No date"]
    [saved] = await newcomer.tap("In a month")
    in_a_month = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    assert "<b>Action 1 recorded</b>" in saved
    assert "<b>ward_a</b>, planned: Offer a debrief within a day" in saved
    assert f"Owner: ward manager; due {in_a_month}; theme: Staffing levels and skill mix" in saved
    assert PHONE_NUMBER not in saved  # anonymised before it was kept
    assert f"idea {idea.split()[1].rstrip(':')}" in saved
    assert count(store, Action) == 1

    [listed] = await newcomer.send("/actions")
    assert "<b>Actions</b>: ward_a, ward_b" in listed and "1. <b>ward_a</b>, planned" in listed
    [status] = await newcomer.tap(_label_starting(newcomer, "Change 1: "))
    assert status == "What is the status of action 1 now?"
    assert newcomer.buttons() == ["Planned", "Trying it now", "Done", "Dropped"]
    [done] = await newcomer.tap("Done")
    assert "<b>Action 1 is now done</b>" in done
    # A second tap on the same keyboard changes nothing more.
    await newcomer.tap("Dropped")
    assert newcomer.answers()[0].params.get("text") == "Already noted"
    assert "1. <b>ward_a</b>, done" in (await newcomer.send("/actions"))[0]


async def test_a_theme_and_a_typed_date(newcomer: Phone, store: Store) -> None:
    await newcomer.send(f"/lead {Leads(store).invite(['ward_c'])}")
    [what] = await newcomer.send("/action")  # one ward: no question which
    assert "New action for ward_c" in what
    [link] = await newcomer.send("Quiet room open every evening")
    assert "No ideas have been grouped for this ward yet" in link
    assert newcomer.buttons() == ["A theme instead", "Neither"]
    [themes] = await newcomer.tap("A theme instead")
    assert themes == "Which theme does it answer?" and "Ward environment" in newcomer.buttons()
    await newcomer.tap("Ward environment")
    await newcomer.tap("Occupational therapist")
    [refused] = await newcomer.send("31/12/2030")
    assert html.unescape(refused) == "'31/12/2030' is not a date like 2026-01-31."
    [saved] = await newcomer.send("2030-12-31")
    assert "Owner: ot; due 2030-12-31; theme: Ward environment" in saved
    assert "idea" not in saved


async def test_leads_see_and_change_only_their_own_wards(
    newcomer: Phone, phone: Phone, store: Store
) -> None:
    await newcomer.send(f"/lead {Leads(store).invite(['ward_a'])}")
    await newcomer.send("/action")
    await newcomer.send("Debrief after every restraint")
    await newcomer.tap("Neither")
    await newcomer.tap("Matron")
    await newcomer.tap("No date")
    assert count(store, Action) == 1
    other = type(newcomer)(newcomer.app, newcomer.api, user_id=7373, chat_id=7373)
    await other.send(f"/lead {Leads(store).invite(['ward_z'])}")
    [listed] = await other.send("/actions")
    assert "No actions yet" in listed and "Debrief" not in listed
    # A forged press on another ward's action is refused and changes nothing.
    await other.deliver(_forged(other, "a1|u|1|dropped"))
    assert other.texts() == ["No action number 1."]
    assert "1. <b>ward_a</b>, planned" in (await newcomer.send("/actions"))[0]
    # Not a lead at all: refused, nothing stored.
    for command in ("/action", "/actions"):
        [reply] = await phone.send(command)
        assert LEAD_ONLY in reply
    # A stale press on a dialogue keyboard with no draft open: a toast, nothing else.
    await newcomer.deliver(_forged(newcomer, "a1|o|matron"))
    assert newcomer.answers()[0].params.get("text") == "That button is out of date"
    assert newcomer.texts() == []
    assert count(store, Action) == 1


async def test_typed_text_goes_to_the_draft_only_while_it_waits_for_words(
    newcomer: Phone, store: Store
) -> None:
    await newcomer.send(f"/lead {Leads(store).invite(['ward_a'])}")
    await newcomer.send("/action")
    await newcomer.send("More activities at weekends")
    # Now the draft waits for a button: typing is not taken as the action.
    replies = await newcomer.send("something else")
    assert not any("recorded" in r for r in replies)
    assert count(store, Action) == 0


_SPAN = re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4} to \d{1,2} [A-Z][a-z]{2} \d{4}")
_EXAMPLE = re.compile(r"type a date like \d{4}-\d{2}-\d{2}")


def undated(text: str) -> str:
    """A transcript with the days that depend on today named instead (the months a report
    covers, and the due-date example a month from today)."""
    text = _SPAN.sub("<the closed months covered>", text)
    return _EXAMPLE.sub("type a date like <a month from today>", text)


LEAD_TRANSCRIPTS = Path(__file__).resolve().parents[2] / "transcripts" / "telegram_leads"
LEAD_FILES = sorted(LEAD_TRANSCRIPTS.glob("*.txt"))
LEAD_EXPECTED = {path.stem: path.read_text(encoding="utf-8") for path in LEAD_FILES}


@pytest.mark.parametrize("path", LEAD_FILES, ids=[f.stem for f in LEAD_FILES])
async def test_lead_transcript_replays_exactly(
    path: Path, bots: Bots, telegram_conversations: Conversations, store: Store,
    library: ScriptLibrary,
) -> None:  # fmt: skip
    """Golden lead transcripts: six people reflected on ward_a; the lead leads ward_a and b."""
    expected = LEAD_EXPECTED[path.stem]
    transcript = parse(expected)
    seed(store, library, "ward_a", 6)
    app, api = await bots.start(telegram_conversations)
    lead = Phone(app, api, user_id=5252, chat_id=5252, agreed=transcript.who == "agreed")
    leads = Leads(store)
    assert leads.enrol(participant_key(SECRET, CHANNEL, 5252), leads.invite(["ward_a", "ward_b"]))
    actual = undated(await replay(transcript, lead, store))
    with store.unit() as unit:
        kept = unit.actions()
    actual += "ACTIONS: " + "; ".join(f"{a.id} {a.ward} {a.status}: {a.text}" for a in kept) + "\n"
    if os.environ.get("REFLECT_UPDATE_GOLDEN") == "1":
        await asyncio.to_thread(path.write_text, actual, encoding="utf-8")
    assert actual == expected
