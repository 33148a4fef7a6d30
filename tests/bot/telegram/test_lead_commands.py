"""Team leads in Telegram: enrol with a code, /themes and /report for their wards only."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from bot.services.conversation import Conversations
from bot.services.leads import Leads
from dialogues import Command, ScriptLibrary, UserInput
from privacy import BasicAnonymiser
from review.codebook import load_codebook
from review.tagger import Tagger
from storage import NewAction, Store
from storage.models import Lead, LeadInvite, Participant
from tests.bot.telegram.test_consent import count

if TYPE_CHECKING:
    from tests.support.telegram import Phone

LEAD_ONLY = "This is for team leads"


@cache
def tagger() -> Tagger:
    """The built-in codebook's tagger, built once."""
    return Tagger(load_codebook())


STAFFING_ANSWERS = ("we were short staffed and it was noisy", "more staff on the night shift")


def seed(
    store: Store,
    library: ScriptLibrary,
    ward: str,
    people: int,
    *,
    first: int = 0,
    answers: tuple[str, str] = STAFFING_ANSWERS,
) -> None:
    """``people`` staff reflections on ``ward``, two tagged answers each (people numbered from
    ``first``, so a later call adds new people)."""
    from tests.support.telegram import make_conversations

    conversations: Conversations = make_conversations(store, library, tagger=tagger())
    for n in range(first, first + people):
        key = f"{ward}-{n}".ljust(64, "x")
        conversations.agree(key)
        conversations.start(key, "staff", ward=ward)
        for tapped in ("ok_now", "involved", "restraint"):
            conversations.take_turn(key, UserInput.tapped(tapped))
        for answer in answers:
            conversations.take_turn(key, UserInput.typed(answer))
        conversations.take_turn(key, UserInput.control(Command.STOP))
        conversations.take_turn(key, UserInput.tapped("_save"))


async def test_enrol_with_a_code(newcomer: Phone, store: Store) -> None:
    code = Leads(store).invite(["ward_a"])
    replies = await newcomer.send(f"/lead {code}")
    assert "team lead for: <b>ward_a</b>" in replies[0]
    assert count(store, Lead) == 1
    assert count(store, Participant) == 0  # a lead need not agree to the reflection notice
    assert "did not work" in (await newcomer.send(f"/lead {code}"))[0]  # used once only


async def test_wrong_code_is_refused_and_nothing_stored(newcomer: Phone, store: Store) -> None:
    Leads(store).invite(["ward_a"])
    assert "did not work" in (await newcomer.send("/lead WRONG-CODE1"))[0]
    assert "/lead followed by the code" in (await newcomer.send("/lead"))[0]
    assert count(store, Lead) == 0 and count(store, Participant) == 0
    assert count(store, LeadInvite) == 1


async def test_guessing_codes_is_stopped_after_five_tries(newcomer: Phone, store: Store) -> None:
    code = Leads(store).invite(["ward_a"])
    for n in range(5):
        assert "did not work" in (await newcomer.send(f"/lead WRONG-COD{n}"))[0]
    # Even the right code is not tried now: the sixth attempt in the hour is refused unread.
    assert "too many codes" in (await newcomer.send(f"/lead {code}"))[0]
    assert count(store, Lead) == 0


async def test_non_leads_are_refused(newcomer: Phone, phone: Phone, store: Store) -> None:
    for who in (newcomer, phone):
        for command in ("/themes", "/report"):
            [reply] = await who.send(command)
            assert LEAD_ONLY in reply and "administrator" in reply
    assert not newcomer.api.named("sendDocument")
    assert count(store, Lead) == 0


async def test_a_lead_sees_only_their_wards(
    newcomer: Phone, store: Store, library: ScriptLibrary
) -> None:
    seed(store, library, "ward_a", 6)
    seed(store, library, "ward_b", 3)
    seed(store, library, "ward_c", 2)
    await newcomer.send(f"/lead {Leads(store).invite(['ward_a'])}")
    [summary] = await newcomer.send("/themes")
    assert "ward_a" in summary and "ward_b" not in summary
    assert "Staffing levels and skill mix: 6 sessions" in summary  # ward_b is not counted
    other = type(newcomer)(newcomer.app, newcomer.api, user_id=7272, chat_id=7272)
    await other.send(f"/lead {Leads(store).invite(['ward_c'])}")
    [small] = await other.send("/themes")
    assert "too few reflections to show" in small
    assert "Staffing" not in small
    help_text = (await other.send("/help"))[0]
    assert "/themes" in help_text


async def test_the_report_arrives_as_a_self_contained_file(
    newcomer: Phone, store: Store, library: ScriptLibrary
) -> None:
    seed(store, library, "ward_a", 6)
    await newcomer.send(f"/lead {Leads(store).invite(['ward_a'])}")
    calls = await newcomer.deliver(newcomer.text_update("/report"))
    actions = [c.params["action"] for c in calls if c.method == "sendChatAction"]
    assert actions == ["upload_document"]
    [sent] = [c for c in calls if c.method == "sendDocument"]
    assert sent.params["chat_id"] == newcomer.chat_id
    assert "ward_a" in sent.params["caption"]
    [(name, content)] = sent.files.items()
    assert name == "report.html"
    page = content.decode()
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "<svg" in page and "Staffing" in page
    assert "Did it help?" in page and "No actions recorded yet" in page
    # Nothing fetched from elsewhere (the SVG namespace is a name, not a fetch).
    for external in ("<script src", "<link ", 'src="http', "url(http", "@import"):
        assert external not in page


async def test_the_report_lists_the_wards_actions_and_whether_they_helped(
    newcomer: Phone, store: Store, library: ScriptLibrary
) -> None:
    seed(store, library, "ward_a", 6)
    clean = BasicAnonymiser().anonymise
    with store.unit() as unit:
        unit.add_action(
            NewAction("ward_a", clean("A second nurse on nights"), "matron", None, "staffing")
        )
        unit.add_action(NewAction("ward_b", clean("Hold a team huddle"), "team"))
    await newcomer.send(f"/lead {Leads(store).invite(['ward_a'])}")
    calls = await newcomer.deliver(newcomer.text_update("/report"))
    [sent] = [c for c in calls if c.method == "sendDocument"]
    [page] = [content.decode() for content in sent.files.values()]
    listed = page.split('id="actions"', 1)[1].split("</section>", 1)[0]
    assert "1: A second nurse on nights" in listed and "Matron" in listed
    assert "team huddle" not in page  # not one of this lead's wards
    helped = page.split('id="helped"', 1)[1].split("</section>", 1)[0]
    assert "Did it help?" in helped and "1: A second nurse on nights" in helped
