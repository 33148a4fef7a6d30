"""Aggregation: filters, distinct counting, and periods that add up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from review.aggregate import ReviewFilter, aggregate, periods
from review.records import ReflectionRecord, SessionRecord
from tests.support.synthetic_reviews import THEME_LABELS, SyntheticCorpus

Maker = Callable[..., ReflectionRecord]
Sessions = Callable[[list[ReflectionRecord]], list[SessionRecord]]


def test_a_theme_counts_each_session_once(make: Maker, sessions_of: Sessions) -> None:
    recs = [make(reflection_id=i, prompt_id=f"q{i}") for i in range(4)]
    data = aggregate(recs, sessions_of(recs), labels={})
    assert len(data.theme_sessions["noise"]) == 1
    assert data.theme_people["noise"] == 1
    assert data.reflections == 4


def test_filters_by_ward_and_dates(make: Maker, sessions_of: Sessions) -> None:
    recs = [
        make(session_id=1, ward="Ash", day=date(2025, 1, 1)),
        make(session_id=2, ward="Birch", day=date(2025, 1, 2)),
        make(session_id=3, ward="Ash", day=date(2025, 3, 1)),
    ]
    flt = ReviewFilter(wards=frozenset({"Ash"}), since=date(2025, 2, 1), until=date(2025, 3, 31))
    data = aggregate(recs, sessions_of(recs), labels={}, review_filter=flt)
    assert data.reflections == 1
    assert data.sessions == 1
    assert set(data.wards) == {"Ash"}


def test_a_session_spanning_months_counts_in_its_first_month(make: Maker) -> None:
    recs = [make(day=date(2025, 1, 31)), make(reflection_id=2, day=date(2025, 2, 1))]
    data = aggregate(recs, [], labels={})
    assert [m for m, _, _ in data.theme_sessions["noise"].values()] == [2025 * 12]


def test_periods_switch_to_quarters_after_a_year(make: Maker) -> None:
    short = aggregate([make(day=date(2025, 1, 1)), make(day=date(2025, 12, 1))], [], labels={})
    long = aggregate([make(day=date(2024, 1, 1)), make(day=date(2025, 6, 1))], [], labels={})
    assert periods(short)[0] == "month" and len(periods(short)[1]) == 12
    kind, spans = periods(long)
    assert kind == "quarter" and spans[0][0] == "2024 Q1" and spans[-1][0] == "2025 Q2"


def test_progress_reports_done_and_total() -> None:
    corpus = SyntheticCorpus(12_000)
    calls: list[tuple[int, int | None]] = []
    aggregate(
        corpus.reflections(),
        corpus.sessions(),
        labels=THEME_LABELS,
        progress=lambda done, total: calls.append((done, total)),
        total=12_000,
    )
    assert calls[0] == (5_000, 12_000)
    assert calls[-1] == (12_000, 12_000)


def test_synthetic_corpus_is_deterministic_and_exact_in_size() -> None:
    a = list(SyntheticCorpus(500, seed=3).reflections())
    b = list(SyntheticCorpus(500, seed=3).reflections())
    assert a == b
    assert len(a) == 500
    sessions = {s.session_id for s in SyntheticCorpus(500, seed=3).sessions()}
    assert {r.session_id for r in a} == sessions
