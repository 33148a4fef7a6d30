"""Ideas grouped by theme and shared words, with stable ids, under disclosure control."""

from __future__ import annotations

from review.aggregate import aggregate
from review.disclosure import DisclosurePolicy
from review.idea_groups import group_id, idea_groups, key_words
from review.report import ideas_summary, render_report
from tests.review.conftest import crowd, sessions_for

NIGHT = "more staff on the night shift please"
QUIET = "a quiet room to calm down in would help"


def _data(night: int = 6, quiet: int = 2, *, quotable: bool = True):  # type: ignore[no-untyped-def]
    records = crowd("staffing", night, text=NIGHT, quotable=quotable)
    records += crowd("environment", quiet, text=QUIET, start_session=100, quotable=quotable)
    # padding: enough people for a report, no ideas
    records += crowd("noise", 6, text="it was loud and busy", start_session=200)
    return aggregate(records, sessions_for(records), labels={"staffing": "Staffing levels"})


def test_similar_ideas_form_one_group_with_a_stable_id() -> None:
    data = _data()
    groups = idea_groups(data, DisclosurePolicy())
    assert [g.theme for g in groups] == ["staffing", "environment"]
    night = groups[0]
    assert night.people.text == "6" and night.label == "Staffing levels"
    assert night.id == group_id("staffing", key_words(NIGHT)) and len(night.id) == 6
    assert set(night.words) <= {"staff", "night", "shift"} and night.words
    # the same data gives the same ids; more answers joining keep them
    again = idea_groups(_data(night=9), DisclosurePolicy())
    assert again[0].id == night.id and again[0].people.text == "9"


def test_small_groups_are_hidden_and_never_named_or_quoted() -> None:
    groups = idea_groups(_data(), DisclosurePolicy())
    quiet = groups[1]
    assert quiet.people.hidden and quiet.people.text == "*"
    assert quiet.words == () and quiet.quotes == ()
    assert groups[0].quotes == (NIGHT,)  # enough people, all agreed to be quoted


def test_only_quotable_answers_are_quoted() -> None:
    groups = idea_groups(_data(quotable=False), DisclosurePolicy())
    assert groups[0].quotes == () and groups[0].people.text == "6"


def test_too_few_reflections_show_no_groups() -> None:
    records = crowd("staffing", 3, text=NIGHT)
    data = aggregate(records, sessions_for(records), labels={})
    assert idea_groups(data, DisclosurePolicy()) == ()
    assert "too few reflections" in ideas_summary(data)


def test_report_and_telegram_show_the_groups() -> None:
    data = _data()
    night = idea_groups(data, DisclosurePolicy())[0]
    html = render_report(data)
    assert "Ideas, grouped" in html and f"<code>{night.id}</code>" in html
    summary = ideas_summary(data)
    assert f"<code>{night.id}</code> Staffing levels" in summary
    assert ": 6 people" in summary and ": * people" in summary
    assert "* = fewer than 5" in summary


def test_different_words_make_different_groups() -> None:
    assert key_words("Explaining things sooner [name 1]") == frozenset({"explain", "sooner"})
    records = crowd("staffing", 6, text=NIGHT)
    records += crowd("staffing", 6, text="agency nurses should know the patients", start_session=50)
    data = aggregate(records, sessions_for(records), labels={})
    groups = idea_groups(data, DisclosurePolicy())
    assert len(groups) == 2 and groups[0].id != groups[1].id
