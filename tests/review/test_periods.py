"""Closed periods: a report covers whole months or quarters that have ended, nothing else."""

from __future__ import annotations

from datetime import date

from review.periods import closed_span


def test_the_open_month_is_never_shown() -> None:
    span = closed_span(date(2026, 12, 3), "month")
    assert span.until == date(2026, 11, 30) and span.since is None


def test_until_one_day_apart_gives_the_same_span() -> None:
    today = date(2026, 12, 3)
    a = closed_span(today, "month", until=date(2026, 10, 14))
    b = closed_span(today, "month", until=date(2026, 10, 15))
    assert a == b and a.until == date(2026, 9, 30)


def test_a_whole_month_asked_for_is_kept() -> None:
    span = closed_span(date(2026, 12, 3), "month", date(2026, 10, 9), date(2026, 10, 31))
    assert (span.since, span.until) == (date(2026, 10, 1), date(2026, 10, 31))


def test_quarters_close_on_their_last_day() -> None:
    assert closed_span(date(2026, 12, 3), "quarter").until == date(2026, 9, 30)
    assert closed_span(date(2027, 1, 1), "quarter").until == date(2026, 12, 31)
    span = closed_span(date(2027, 1, 1), "quarter", since=date(2026, 8, 20))
    assert span.since == date(2026, 7, 1)


def test_asking_past_today_stops_at_the_last_closed_period() -> None:
    span = closed_span(date(2026, 12, 3), "month", until=date(2027, 6, 30))
    assert span.until == date(2026, 11, 30)
