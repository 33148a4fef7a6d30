"""The two attacks on the team-lead review, tried through the real bot (docs/privacy-model.md).

Padding: a lead makes four accounts, files them under the ward through the public patient link
beside one real patient, and reads the report. Differencing: a lead asks for /themes and
/report before and after one more person reflects. Both must tell the lead nothing new.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from functools import cache

from sqlalchemy import update

from bot.channels.telegram import TelegramApp
from bot.services.leads import Leads
from dialogues import ScriptLibrary
from review.codebook import load_codebook
from review.tagger import Tagger
from storage import Store
from storage.models import DialogueSession, Reflection
from tests.support.telegram import Bots, OfflineBotApi, Phone, make_conversations, ward_link

WARD = "oak3"
REAL_WORDS = "nobody listened to me so i was the one who smashed the tv in the lounge"
FAKE_WORDS = "nobody listened to me and the ward was loud all night"
FILLER = [
    "one nurse stayed calm",
    "if they had explained things",
    "i was waiting for ages",
    "it was easier when they told me",
    "a bit of both",
    "talk to me first",
    "music and a walk",
]
QUOTE_ME = "Save, and leads may quote me"


@cache
def tagger() -> Tagger:
    """The built-in codebook's tagger, built once."""
    return Tagger(load_codebook())


def person(app: TelegramApp, api: OfflineBotApi, number: int, *, agreed: bool = True) -> Phone:
    """Another Telegram account, with its own update ids (as Telegram numbers them per bot)."""
    updates = itertools.count(number * 1000)
    return Phone(app, api, user_id=number, chat_id=number, updates=updates, agreed=agreed)


def today() -> date:
    """The real date (UTC), as the running bot sees it."""
    return datetime.now(UTC).date()


async def reflect(phone: Phone, first_answer: str, save: str, link: str) -> None:
    """A patient reflection through the ward's poster link, saved with ``save``."""
    await phone.send(f"/start {link}")
    await phone.tap("I'm OK to talk now")
    await phone.tap("It happened to me")
    await phone.tap("I was put in a room alone")
    for answer in [first_answer, *FILLER]:
        await phone.send(answer)
    replies = await phone.tap(save)
    assert replies[0].startswith("Saved.")


async def padded_report(bots: Bots, store: Store, library: ScriptLibrary, real_save: str) -> str:
    """One real patient saving with ``real_save`` and four accounts of the lead's, who agree
    to be quoted; the report the lead then reads."""
    conversations = make_conversations(store, library, tagger=tagger())
    app, api = await bots.start(conversations)
    # The lead has the poster too: the same genuine link serves the patient and the fakes.
    poster = ward_link(store, WARD, "patient")
    await reflect(person(app, api, 9000), REAL_WORDS, real_save, poster)
    for n in range(4):
        fake = person(app, api, 9100 + n)
        await reflect(fake, FAKE_WORDS, QUOTE_ME, poster)
    lead = person(app, api, 9900, agreed=False)
    await lead.send(f"/lead {Leads(store).invite([WARD])}")
    calls = await lead.deliver(lead.text_update("/report"))
    [document] = [c for c in calls if c.method == "sendDocument"]
    [page] = document.files.values()
    return page.decode()


# The store comes before the bots in each signature, so the bots stop (and confirm their last
# replies) before the database is closed.
async def test_padding_does_not_unlock_the_real_patients_words(
    store: Store, library: ScriptLibrary, bots: Bots
) -> None:
    page = await padded_report(bots, store, library, real_save="Save")
    assert "smashed the tv" not in page
    with store.engine.connect() as conn:
        kept = conn.execute(Reflection.__table__.select().where(Reflection.quotable.is_(False)))
        assert [row.text.text for row in kept if "smashed" in row.text.text] == [REAL_WORDS]


async def test_a_patient_who_agrees_can_be_quoted(
    store: Store, library: ScriptLibrary, bots: Bots
) -> None:
    # The same five people, but the real patient chose to be quoted: the words may appear
    # (the defence is the person's own choice, not a wall that hides every voice).
    page = await padded_report(bots, store, library, real_save=QUOTE_ME)
    assert "smashed the tv" in page


async def test_one_more_reflection_changes_nothing_a_lead_has_seen(
    store: Store, library: ScriptLibrary, bots: Bots
) -> None:
    conversations = make_conversations(store, library, tagger=tagger())
    app, api = await bots.start(conversations, today=today)
    poster = ward_link(store, WARD, "patient")
    for n in range(6):
        await reflect(person(app, api, 9200 + n), FAKE_WORDS, "Save", poster)
    # Those six were written last month (the database is moved back; Telegram cannot be).
    last_month = today().replace(day=1) - timedelta(days=1)
    with store.engine.begin() as conn:
        conn.execute(update(Reflection).values(answered_on=last_month))
        conn.execute(update(DialogueSession).values(started_on=last_month))
    lead = person(app, api, 9900, agreed=False)
    await lead.send(f"/lead {Leads(store).invite([WARD])}")

    async def seen() -> tuple[str, str]:
        [summary] = await lead.send("/themes")
        calls = await lead.deliver(lead.text_update("/report"))
        [document] = [c for c in calls if c.method == "sendDocument"]
        [page] = document.files.values()
        return summary, page.decode()

    before = await seen()
    assert "6 sessions" in before[0] or "6 " in before[0]  # last month is shown
    await reflect(person(app, api, 9300), REAL_WORDS, QUOTE_ME, poster)
    after = await seen()
    assert after == before
    assert "smashed the tv" not in after[1]
