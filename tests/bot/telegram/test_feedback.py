"""The "you said, we did" messages through the real PTB Application offline: an action moved
to trying or done reaches everyone who reflected on its ward once (never those who sent /stop
or /forget), at most one such message a day, never again after a restart; its button starts
the follow-up."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest
from telegram.error import NetworkError, RetryAfter

from bot.channels.telegram import TelegramApp, TelegramChannel
from bot.channels.telegram.housekeeping import Housekeeping
from bot.services.actions import ActionLink, Actions
from bot.services.conversation import Conversations
from bot.services.leads import Leads
from bot.services.reports import Reviews
from privacy import BasicAnonymiser
from storage import Store
from storage.models import FeedbackContact, Reflection
from tests.bot.telegram.test_consent import count
from tests.bot.telegram.test_reflections import STAFF_ANSWERS
from tests.support.telegram import SECRET, Bots, OfflineBotApi, Phone, no_sleep, ward_link

PHONE_NUMBER = "07700 900456"


async def reflect_on(phone: Phone, link: str) -> None:
    """A whole staff reflection on the link's ward, saved."""
    await phone.send(f"/start {link}")
    for label in ("I'm OK, now is fine", "I was involved", "Restraint"):
        await phone.tap(label)
    for answer in STAFF_ANSWERS:
        await phone.send(answer)
    await phone.tap("Save")


def person(app: TelegramApp, api: OfflineBotApi, number: int) -> Phone:
    """Someone on their own phone (update ids of their own, as Telegram numbers them)."""
    return Phone(app, api, user_id=number, chat_id=number, updates=itertools.count(number * 100))


def received(phone: Phone, start: int) -> list[str]:
    """Texts that reached this phone's chat since call number ``start`` (failed tries left out)."""
    return [
        str(c.params["text"])
        for c in phone.api.since(start)
        if c.method == "sendMessage" and c.params.get("chat_id") == phone.chat_id and c.result
    ]


async def test_you_said_we_did_reaches_each_person_once(
    bots: Bots, telegram_conversations: Conversations, store: Store
) -> None:
    app, api = await bots.start(telegram_conversations)
    people = [person(app, api, n) for n in (5001, 5002, 5003, 5004)]
    link = ward_link(store, "ward_a", "staff")
    for one in people:
        await reflect_on(one, link)
    assert count(store, FeedbackContact) == 4
    stopped, forgot = people[2], people[3]
    await stopped.send("/stop")
    await forgot.send("/forget")
    await forgot.tap("Yes, delete everything")
    assert count(store, FeedbackContact) == 2  # /stop and /forget erase the sealed addresses

    actions = Actions(store, BasicAnonymiser().anonymise, Reviews(store))
    first = actions.add(
        "ward_a", "Debrief within a day of every restraint", link=ActionLink(theme="staffing")
    )
    second = actions.add("ward_a", "A quiet room open every evening")
    lead = person(app, api, 6001)
    await lead.send(f"/lead {Leads(store).invite(['ward_a'])}")
    await lead.send("/actions")
    await lead.tap(f"Change {first.id}: Debrief within a day of every restraint")
    [moved] = await lead.tap("Trying it now")
    assert "is now trying" in moved

    channel = TelegramChannel(telegram_conversations, SECRET, sleep=no_sleep)
    labels = Reviews(store).setup.labels
    housekeeping = Housekeeping(channel, 730, labels=labels, sleep=no_sleep)
    now = datetime.now(UTC)
    start = len(api.calls)
    assert await housekeeping.send_feedback(app.bot, now) == 2
    for one in people[:2]:
        [message] = received(one, start)
        assert "<b>You said, we did</b>" in message
        assert f"People on your ward raised {labels['staffing'].lower()}." in message
        assert "The ward is trying this now: Debrief within a day of every restraint" in message
        buttons = one.message_with("Tell us if it helps")["reply_markup"]["inline_keyboard"]
        assert [b["text"] for row in buttons for b in row] == ["Tell us if it helps"]
    assert received(stopped, start) == [] and received(forgot, start) == []

    # A second action the same day waits for the next day; a restart sends nothing again.
    actions.update(second.id, "done")
    assert await housekeeping.send_feedback(app.bot, now) == 0
    restarted = Housekeeping(channel, 730, labels=labels, sleep=no_sleep)
    assert await restarted.send_feedback(app.bot, now) == 0
    start = len(api.calls)
    assert await restarted.send_feedback(app.bot, now + timedelta(days=1)) == 2
    for one in people[:2]:
        [message] = received(one, start)
        assert "The ward did this: A quiet room open every evening" in message
        assert "People on your ward shared their reflections." in message  # no theme linked
    assert await restarted.send_feedback(app.bot, now + timedelta(days=2)) == 0
    # Moving the first action on to done is news again; moving it back and forth is not.
    actions.update(first.id, "planned")
    actions.update(first.id, "trying")
    assert await restarted.send_feedback(app.bot, now + timedelta(days=3)) == 0


async def test_the_button_starts_a_follow_up_saved_anonymised(
    bots: Bots, telegram_conversations: Conversations, store: Store
) -> None:
    app, api = await bots.start(telegram_conversations)
    someone = person(app, api, 5101)
    await reflect_on(someone, ward_link(store, "ward_b", "staff"))
    actions = Actions(store, BasicAnonymiser().anonymise, Reviews(store))
    action = actions.add("ward_b", "Two staff on every night shift")
    actions.update(action.id, "done")
    channel = TelegramChannel(telegram_conversations, SECRET, sleep=no_sleep)
    housekeeping = Housekeeping(channel, 730, sleep=no_sleep)
    assert await housekeeping.send_feedback(app.bot) == 1
    before = count(store, Reflection)
    # A reflection in progress is never thrown away for the follow-up: finish it first.
    await someone.send("/start staff")
    await someone.tap("I'm OK, now is fine")
    await someone.send("/pause")
    assert await someone.tap("Tell us if it helps") == []
    assert someone.answers()[0].params.get("text", "").startswith("Finish or /stop")
    [stopped] = await someone.send("/stop")
    assert "Nothing has been saved" in stopped

    [noticed] = await someone.tap("Tell us if it helps")
    assert "Did you notice the change on the ward?" in noticed
    assert someone.buttons()[:3] == ["Yes", "No", "Not sure"]
    [better] = await someone.tap("Yes")
    assert "What would make it better?" in better
    [review] = await someone.send(f"Ask Alice Smith on {PHONE_NUMBER} to cover the late shift")
    assert PHONE_NUMBER not in review
    [done] = await someone.tap("Save")
    assert "Saved. Thank you: it helps the ward see whether the change works." in done
    # A second press on the old button is already noted: no second follow-up.
    await someone.tap("Tell us if it helps")
    assert someone.answers()[0].params.get("text") == "Already noted"

    with store.unit() as unit:
        rows = unit.orm.query(Reflection).order_by(Reflection.id).all()[before:]
        saved = {r.prompt_id: (r.text.text, r.ward, r.voice, r.script_id) for r in rows}
    assert saved["noticed"] == ("yes_noticed", "ward_b", "staff", "followup_staff")
    text, ward, voice, script = saved["better"]
    assert PHONE_NUMBER not in text and "[" in text
    assert (ward, voice, script) == ("ward_b", "staff", "followup_staff")


async def test_sends_are_paced_and_retried_after_a_rate_limit(
    bots: Bots, telegram_conversations: Conversations, store: Store
) -> None:
    app, api = await bots.start(telegram_conversations)
    people = [person(app, api, n) for n in (5201, 5202, 5203)]
    link = ward_link(store, "ward_c", "staff")
    for one in people:
        await reflect_on(one, link)
    actions = Actions(store, BasicAnonymiser().anonymise, Reviews(store))
    actions.update(actions.add("ward_c", "Quiet room open every evening").id, "trying")
    retried: list[float] = []
    paced: list[float] = []

    async def note_retry(seconds: float) -> None:
        retried.append(seconds)

    async def note_pace(seconds: float) -> None:
        paced.append(seconds)
        await asyncio.sleep(seconds)

    channel = TelegramChannel(telegram_conversations, SECRET, sleep=note_retry)
    housekeeping = Housekeeping(channel, 730, sleep=note_pace, per_second=25)
    api.fail("sendMessage", RetryAfter(3), NetworkError("synthetic outage"))
    start, began = len(api.calls), asyncio.get_running_loop().time()
    assert await housekeeping.send_feedback(app.bot) == 3
    assert retried[0] == 3.0 and len(retried) == 2  # Telegram's wait, then a network backoff
    # Never faster than 25 a second: three messages take at least two gaps.
    assert paced and asyncio.get_running_loop().time() - began >= 2 / 25
    for one in people:
        assert len(received(one, start)) == 1


async def test_a_restart_in_the_middle_of_a_broadcast_sends_nobody_twice(
    bots: Bots, telegram_conversations: Conversations, store: Store
) -> None:
    app, api = await bots.start(telegram_conversations)
    channel = TelegramChannel(telegram_conversations, SECRET, sleep=no_sleep)
    chats = list(range(7001, 7071))  # more than one claimed batch of 50
    with store.unit() as unit:
        for chat in chats:
            participant = unit.participant(str(chat).ljust(64, "x"))
            unit.note_reflector(
                participant.id,
                "ward_d",
                "telegram",
                channel.chat_ref(chat),
                datetime.now(UTC).date(),
            )
    actions = Actions(store, BasicAnonymiser().anonymise, Reviews(store))
    actions.update(
        actions.add("ward_d", "Quiet room open every evening", allowed={"ward_d"}).id, "done"
    )
    paced = 0

    async def crash_after_ten(_: float) -> None:
        nonlocal paced
        paced += 1
        if paced == 10:
            raise RuntimeError("synthetic crash mid-broadcast")

    crashing = Housekeeping(channel, 730, sleep=crash_after_ten)
    with pytest.raises(RuntimeError):
        await crashing.send_feedback(app.bot)
    first = [c.params["chat_id"] for c in api.named("sendMessage") if c.result]
    assert 0 < len(first) < len(chats)
    restarted = Housekeeping(channel, 730, sleep=no_sleep)
    await restarted.send_feedback(app.bot)
    await restarted.send_feedback(app.bot)
    sent = [c.params["chat_id"] for c in api.named("sendMessage") if c.result]
    assert len(sent) == len(set(sent))  # nobody twice
    # The rest of the crashed batch was claimed, so it is not sent again (at most once);
    # everyone after it is.
    assert set(chats[50:]) <= set(sent)
