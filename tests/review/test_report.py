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
RecordMaker = Callable[..., ReflectionRecord]


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


def test_only_people_who_agreed_are_quoted(crowd_of: Crowd, sessions_of: Sessions) -> None:
    # Ten people raised the theme, enough for a quote; only the one who agreed may be quoted.
    kept = crowd_of("noise", 9, text="Kept to counts: the night corridor was loud.", quotable=False)
    agreed = crowd_of("noise", 1, start_session=90, text="Agreed to a quote: the alarms were loud.")
    recs = kept + agreed
    html = render_report(aggregate(recs, sessions_of(recs), labels={"noise": "Noise"}))
    assert "Agreed to a quote: the alarms were loud." in html
    assert "Kept to counts" not in html


def test_nobody_agreed_means_no_quotes_at_all(crowd_of: Crowd, sessions_of: Sessions) -> None:
    recs = crowd_of("noise", 12, text="Nobody agreed: the noise at night.", quotable=False)
    html = render_report(aggregate(recs, sessions_of(recs), labels={"noise": "Noise"}))
    assert "Noise" in html  # the theme is still counted and shown
    assert "Nobody agreed" not in html


def test_a_quote_appears_once_and_the_most_readable_is_chosen(
    crowd_of: Crowd, sessions_of: Sessions, make: RecordMaker
) -> None:
    # Twelve people raise two themes in the same answer; one is full of removed names.
    recs = [
        make(
            reflection_id=i,
            session_id=i,
            participant=f"p{i}",
            themes=("noise", "staffing"),
            quotable=True,
            text=(
                "[name 1] and [name 2] said [date 1] was loud on [place 1]"
                if i == 0
                else f"Answer {i}: it was loud and we were short of staff that night."
            ),
        )
        for i in range(12)
    ]
    html = render_report(
        aggregate(recs, sessions_of(recs), labels={"noise": "Noise", "staffing": "Staffing"})
    )
    quotes = [f"Answer {i}:" for i in range(1, 12) if f"Answer {i}:" in html]
    assert len(quotes) == 2  # one under each theme, never the same one twice
    assert "[name 1] and [name 2]" not in html


def test_ideas_list_only_answers_that_propose_something(
    crowd_of: Crowd, sessions_of: Sessions
) -> None:
    feelings = crowd_of(
        "talk", 6, phase="empathy", text="Frightening and confusing, nobody explained."
    )
    data = aggregate(feelings, sessions_of(feelings), labels={"talk": "Talking"})
    assert disclose(data, DisclosurePolicy()).ideas.rows == ()


def test_staff_and_patient_views_are_compared_as_shares(
    crowd_of: Crowd, sessions_of: Sessions
) -> None:
    # Twice as many staff sessions as patients'; the theme is raised by 10 of each.
    staff = crowd_of("noise", 10) + crowd_of("staffing", 10, start_session=100)
    patients = crowd_of("noise", 10, voice="patient", start_session=200)
    recs = staff + patients
    tables = disclose(aggregate(recs, sessions_of(recs), labels={}), DisclosurePolicy())
    shares = {row.label: [c.text for c in row.cells] for row in tables.voice_shares.rows}
    assert shares["noise"] == ["50%", "100%"]
    counts = {row.label: [c.text for c in row.cells] for row in tables.voices.rows}
    assert counts["noise"] == ["10", "10"]


def test_a_skipped_intervention_is_not_said_not_other(
    make: RecordMaker, sessions_of: Sessions
) -> None:
    recs = [
        make(reflection_id=i, session_id=i, participant=f"p{i}", intervention="not_said")
        for i in range(12)
    ]
    tables = disclose(aggregate(recs, sessions_of(recs), labels={}), DisclosurePolicy())
    assert tables.interventions.columns == ("Not said",)


def test_nhs_rule_hides_one_to_seven_and_rounds_the_rest(
    crowd_of: Crowd, sessions_of: Sessions
) -> None:
    recs = (
        crowd_of("noise", 13)
        + crowd_of("staffing", 7, start_session=100)
        + crowd_of("talk", 22, start_session=200)
    )
    data = aggregate(recs, sessions_of(recs), labels={})
    nhs = {r.label: r.cells[0] for r in disclose(data, DisclosurePolicy.nhs()).top_themes.rows}
    assert nhs["noise"].text == "15" and nhs["talk"].text == "20"
    assert nhs["staffing"].hidden
    exact = {r.label: r.cells[0] for r in disclose(data, DisclosurePolicy()).top_themes.rows}
    assert exact["noise"].text == "13" and exact["staffing"].text == "7"
    assert "rounded to the nearest 5" in render_report(data, DisclosurePolicy.nhs())
