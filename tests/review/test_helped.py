"""Did it help? Shares before and after an action started, under disclosure control."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

from review.aggregate import ReviewData, ReviewFilter, aggregate
from review.helped import NONE_BEFORE, ActionFacts, Side, helped
from review.records import ReflectionRecord, SessionRecord
from review.suppression import DisclosurePolicy

Crowd = Callable[..., list[ReflectionRecord]]
Sessions = Callable[[list[ReflectionRecord]], list[SessionRecord]]


def on(day: date, records: list[ReflectionRecord]) -> list[ReflectionRecord]:
    return [dataclasses.replace(r, day=day) for r in records]


def action(number: int, start: date, theme: str | None = "noise") -> ActionFacts:
    return ActionFacts(number, "Ash", f"Try {number}", theme, "team", "trying", None, start, True)


def data_of(records: list[ReflectionRecord], sessions_of: Sessions) -> ReviewData:
    span = ReviewFilter(since=date(2026, 1, 1), until=date(2026, 6, 30))
    return aggregate(records, sessions_of(records), labels={}, review_filter=span)


def texts(side: Side | None) -> tuple[str, str, str]:
    assert side is not None
    return side.sessions.text, side.raising.text, side.share.text


def test_shares_before_and_after_leave_out_the_start_month(
    crowd_of: Crowd, sessions_of: Sessions
) -> None:
    records = (
        on(date(2026, 1, 10), crowd_of("noise", 8) + crowd_of("talk", 5, start_session=100))
        + on(date(2026, 3, 10), crowd_of("noise", 6, start_session=200))  # the start month
        + on(date(2026, 5, 10), crowd_of("noise", 5, start_session=300))
        + on(date(2026, 5, 11), crowd_of("talk", 10, start_session=400))
    )
    [row] = helped(
        data_of(records, sessions_of), [action(1, date(2026, 3, 2))], DisclosurePolicy()
    ).rows
    assert row.before is not None and row.before.periods == "Jan 2026 to Feb 2026"
    assert texts(row.before) == ("13", "8", "62%")
    assert row.after is not None and row.after.periods == "Apr 2026 to Jun 2026"
    assert texts(row.after) == ("15", "5", "33%")


def test_a_small_remainder_hides_the_count(crowd_of: Crowd, sessions_of: Sessions) -> None:
    # 12 of 14 sessions raised it: the 2 that did not would be worked out from the two counts
    records = on(date(2026, 1, 10), crowd_of("noise", 12) + crowd_of("talk", 2, start_session=50))
    [row] = helped(
        data_of(records, sessions_of), [action(1, date(2026, 3, 2))], DisclosurePolicy()
    ).rows
    assert texts(row.before) == ("14", "*", "*")


def test_a_share_needs_enough_sessions(crowd_of: Crowd, sessions_of: Sessions) -> None:
    records = on(date(2026, 1, 10), crowd_of("noise", 12)) + on(
        date(2026, 5, 10), crowd_of("noise", 6, start_session=100)
    )
    [row] = helped(
        data_of(records, sessions_of), [action(1, date(2026, 3, 2))], DisclosurePolicy()
    ).rows
    # six sessions after: the counts may be shown, a share of so few may not
    assert texts(row.after) == ("6", "6", "*")
    assert texts(row.before) == ("12", "12", "100%")


def test_a_small_start_month_cannot_be_worked_out(crowd_of: Crowd, sessions_of: Sessions) -> None:
    # 2 sessions in the start month: the ward's total less both sides would give them away.
    records = (
        on(date(2026, 1, 10), crowd_of("noise", 12))
        + on(date(2026, 3, 10), crowd_of("noise", 2, start_session=100))
        + on(date(2026, 5, 10), crowd_of("noise", 20, start_session=200))
    )
    [row] = helped(
        data_of(records, sessions_of), [action(1, date(2026, 3, 2))], DisclosurePolicy()
    ).rows
    assert row.before is not None and row.after is not None
    shown = [c for c in (row.before.sessions, row.after.sessions) if not c.hidden]
    assert len(shown) < 2


def test_two_actions_a_month_apart_do_not_give_that_month_away(
    crowd_of: Crowd, sessions_of: Sessions
) -> None:
    records = (
        on(date(2026, 1, 10), crowd_of("noise", 12))
        + on(date(2026, 2, 10), crowd_of("noise", 3, start_session=100))
        + on(date(2026, 4, 10), crowd_of("noise", 12, start_session=200))
    )
    actions = [action(1, date(2026, 2, 2)), action(2, date(2026, 3, 2))]
    first, second = helped(data_of(records, sessions_of), actions, DisclosurePolicy()).rows
    assert first.before is not None and second.before is not None
    # before the second less before the first is February's 3 sessions
    assert first.before.sessions.hidden or second.before.sessions.hidden


def test_no_theme_no_period_before_and_too_few(crowd_of: Crowd, sessions_of: Sessions) -> None:
    records = on(date(2026, 2, 10), crowd_of("noise", 12))
    data = data_of(records, sessions_of)
    early = action(2, date(2025, 11, 1))
    elsewhere = dataclasses.replace(action(3, date(2026, 3, 1)), ward="Elm")
    tables = helped(data, [action(1, date(2026, 3, 1), None), early, elsewhere], DisclosurePolicy())
    blank, first, small = tables.rows
    assert blank.note == "no theme linked"
    assert first.before is None and first.after is not None
    assert tables.helped.rows[1].cells[2].text == NONE_BEFORE
    assert small.note == "too few reflections to show"
    assert [r.label for r in tables.actions.rows] == ["1: Try 1", "2: Try 2", "3: Try 3"]


def test_quarters_split_on_the_quarter_it_started(crowd_of: Crowd, sessions_of: Sessions) -> None:
    records = on(date(2026, 1, 10), crowd_of("noise", 12)) + on(
        date(2026, 5, 10), crowd_of("noise", 4, start_session=100)
    )
    data = data_of(records, sessions_of)
    [row] = helped(data, [action(1, date(2026, 2, 20))], DisclosurePolicy(), "quarter").rows
    assert row.started == "2026 Q1" and row.before is None
    assert row.after is not None and row.after.periods == "2026 Q2"
    assert texts(row.after) == ("*", "*", "*")
