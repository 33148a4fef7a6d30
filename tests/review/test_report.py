"""The report page, CSV export and Telegram summary, all under disclosure control."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

from review.aggregate import ReviewData, ReviewFilter, aggregate
from review.csv_export import write_csv
from review.disclosure import TOO_FEW, DisclosurePolicy, disclose
from review.records import ReflectionRecord, SessionRecord
from review.report import ReportContext, render_report, themes_summary
from tests.support.synthetic_reviews import THEME_LABELS, TINY_WARD, SyntheticCorpus

Crowd = Callable[..., list[ReflectionRecord]]
Sessions = Callable[[list[ReflectionRecord]], list[SessionRecord]]


def test_report_has_charts_tables_and_no_external_assets(corpus_data: ReviewData) -> None:
    html = render_report(corpus_data, generated=date(2025, 7, 1))
    assert html.count('<svg class="chart"') == 4
    assert html.count("<table") >= 6
    assert "<script" not in html
    for external in ("http://", "https://", "<link", "@import", "src="):
        assert external not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "Themes that keep coming back" in html


def test_every_context_field_is_documented() -> None:
    doc = ReportContext.__doc__ or ""
    for field in dataclasses.fields(ReportContext):
        assert f"{field.name}:" in doc, field.name


def test_labels_are_escaped(crowd_of: Crowd, sessions_of: Sessions) -> None:
    recs = crowd_of("noise", 12)
    data = aggregate(recs, sessions_of(recs), labels={"noise": "<b>loud</b> & busy"})
    html = render_report(data)
    assert "&lt;b&gt;loud&lt;/b&gt; &amp; busy" in html
    assert "<b>loud</b>" not in html
    summary = themes_summary(data)
    assert "&lt;b&gt;loud&lt;/b&gt; &amp; busy" in summary


def test_too_few_reflections_shows_the_state_and_no_numbers(
    crowd_of: Crowd, sessions_of: Sessions
) -> None:
    recs = crowd_of("noise", 3)
    data = aggregate(recs, sessions_of(recs), labels={})
    html = render_report(data)
    assert "too few reflections to show" in html
    assert '<svg class="chart"' not in html
    assert "too few reflections" in themes_summary(data)


def test_a_tiny_ward_is_marked_too_few_and_cannot_be_worked_out() -> None:
    corpus = SyntheticCorpus(2000)
    data = aggregate(corpus.reflections(), corpus.sessions(), labels=THEME_LABELS)
    wards = {row.label: row for row in disclose(data, DisclosurePolicy()).wards.rows}
    assert wards[TINY_WARD].note == TOO_FEW
    # the total is published, so at least one other ward must be hidden as well
    others_hidden = [w for w, row in wards.items() if w != TINY_WARD and row.cells[0].hidden]
    assert others_hidden
    shown_sum = sum(r.cells[0].value or 0 for r in wards.values())
    assert data.reflections - shown_sum != data.wards[TINY_WARD].reflections


def test_quotes_need_enough_distinct_people(crowd_of: Crowd, sessions_of: Sessions) -> None:
    four = crowd_of("noise", 4, text="Four people said the corridor was loud.")
    # plenty of sessions from the same four people must not unlock a quote
    repeat = [
        dataclasses.replace(r, session_id=r.session_id + 100 * k, reflection_id=k * 100 + i)
        for k in range(1, 4)
        for i, r in enumerate(four)
    ]
    five = crowd_of("staffing", 5, start_session=500, text="Five people asked for familiar staff.")
    recs = four + repeat + five
    data = aggregate(recs, sessions_of(recs), labels={"noise": "Noise", "staffing": "Staffing"})
    html = render_report(data)
    assert "Five people asked for familiar staff." in html
    assert "Four people said the corridor was loud." not in html


def test_quote_threshold_is_configurable(crowd_of: Crowd, sessions_of: Sessions) -> None:
    recs = crowd_of("noise", 12, text="Twelve people mentioned the noise at night.")
    data = aggregate(recs, sessions_of(recs), labels={})
    assert "Twelve people" in render_report(data)
    assert "Twelve people" not in render_report(data, DisclosurePolicy(quote_min_people=13))


def test_ideas_come_from_empathy_answers(crowd_of: Crowd, sessions_of: Sessions) -> None:
    ideas = crowd_of("talk", 6, phase="empathy", text="Next time, sit down and talk first.")
    other = crowd_of("noise", 6, start_session=50)
    data = aggregate(ideas + other, sessions_of(ideas + other), labels={"talk": "Talking"})
    tables = disclose(data, DisclosurePolicy())
    assert [r.label for r in tables.ideas.rows] == ["Talking"]
    assert tables.idea_quotes == (("Next time, sit down and talk first.",),)


def test_csv_matches_the_suppressed_tables(corpus_data: ReviewData, tmp_path: Path) -> None:
    files = write_csv(corpus_data, DisclosurePolicy(), tmp_path / "out")
    assert {f.stem for f in files} >= {"top_themes", "trends", "voices", "wards"}
    single = write_csv(corpus_data, DisclosurePolicy(), tmp_path / "all.csv")[0]
    with single.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    tables = disclose(corpus_data, DisclosurePolicy())
    hidden = {
        (t.key, r.label, col)
        for t in tables.tables()
        for r in t.rows
        for col, c in zip(t.columns, r.cells, strict=True)
        if c.hidden and not r.note
    }
    assert hidden
    for row in rows:
        if (row["table"], row["row"], row["column"]) in hidden:
            assert row["value"] == "*"


def test_summary_lists_top_themes_for_the_leads_wards(corpus: SyntheticCorpus) -> None:
    flt = ReviewFilter(wards=frozenset({"Ash"}))
    data = aggregate(
        corpus.reflections(), corpus.sessions(), labels=THEME_LABELS, review_filter=flt
    )
    text = themes_summary(data)
    assert "Ash" in text and "1. " in text and "3. " in text and "4. " not in text
    assert "<script" not in text
