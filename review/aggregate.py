"""One streaming pass over reflections and sessions into raw counts for a report.

Nothing here is safe to publish: the counts are exact. :mod:`review.disclosure` turns a
:class:`ReviewData` into suppressed tables before anything is shown or written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from review.ideas import is_idea
from review.records import ReflectionRecord, SessionRecord, Voice

ProgressCallback = Callable[[int, int | None], None]
"""Called as ``callback(done, total)``; ``total`` is None when the caller cannot know it."""

VOICES: tuple[Voice, Voice] = ("staff", "patient")
PROGRESS_EVERY = 5_000
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
QUARTERLY_AFTER_MONTHS = 12
# Ideas come from what could be better (Enquire) and what might be different (Empathy), and
# only from answers that propose something (review.ideas).
IDEA_PHASES = frozenset({"enquire", "empathy"})
QUOTE_POOL = 12  # candidates kept per cell, one per person, to choose a typical one from
QUOTE_MIN_CHARS = 12
QUOTE_MAX_CHARS = 280
QUOTE_TYPICAL_CHARS = 100


@dataclass(frozen=True, slots=True)
class ReviewFilter:
    """Which records a report covers: wards (None means all), and an inclusive date range."""

    wards: frozenset[str] | None = None
    since: date | None = None
    until: date | None = None

    def admits(self, ward: str | None, day: date) -> bool:
        """True when a record on this ward and day belongs in the report."""
        if self.wards is not None and ward not in self.wards:
            return False
        if self.since is not None and day < self.since:
            return False
        return self.until is None or day <= self.until


@dataclass(slots=True)
class QuoteCell:
    """Distinct contributors to one theme in one cell, and a few candidate quotes."""

    people: set[str] = field(default_factory=set)
    sessions: set[int] = field(default_factory=set)
    # (participant, text); bounded so memory does not grow with the corpus
    candidates: list[tuple[str, str]] = field(default_factory=list)

    def add(self, record: ReflectionRecord) -> None:
        """Count this record's author and maybe keep its text as a candidate quote."""
        self.people.add(record.participant)
        self.sessions.add(record.session_id)
        text = record.text.strip()
        if (
            record.quotable  # only from people who agreed to be quoted
            and len(self.candidates) < QUOTE_POOL
            and QUOTE_MIN_CHARS <= len(text) <= QUOTE_MAX_CHARS
            # one quote per person, so a page of quotes is never one voice
            and all(who != record.participant and t != text for who, t in self.candidates)
        ):
            self.candidates.append((record.participant, text))

    def typical(self, used: set[str], limit: int = 1) -> tuple[str, ...]:
        """Up to ``limit`` quotes not yet ``used`` elsewhere in the report, most readable first:
        the fewest removed names and dates, then a length nearest a typical answer's."""

        def rank(candidate: tuple[str, str]) -> tuple[int, int, str]:
            text = candidate[1]
            return (text.count("["), abs(len(text) - QUOTE_TYPICAL_CHARS), text)

        chosen = [t for _, t in sorted(self.candidates, key=rank) if t not in used][:limit]
        used.update(chosen)
        return tuple(chosen)


@dataclass(frozen=True, slots=True)
class IdeaAnswer:
    """One answer that proposes something, under one of its themes (review.idea_groups)."""

    reflection_id: int
    participant: str  # pseudonymous key; counts distinct people, never shown
    theme: str
    text: str
    quotable: bool


@dataclass(frozen=True, slots=True)
class WardCounts:
    """Raw size of one ward's share of the data."""

    reflections: int
    sessions: int
    people: int


@dataclass(frozen=True, slots=True)
class ReviewData:
    """Exact counts for one report; never publish these without :func:`disclose`."""

    filter: ReviewFilter
    labels: Mapping[str, str]
    first_day: date | None
    last_day: date | None
    reflections: int
    people: int
    sessions: int
    completed: int
    patient_sessions: int
    support_offered: int
    # theme -> session_id -> (month index of its first mention, intervention, voice)
    theme_sessions: Mapping[str, Mapping[int, tuple[int, str, Voice]]]
    theme_people: Mapping[str, int]
    voice_cells: Mapping[tuple[str, Voice], QuoteCell]
    idea_cells: Mapping[str, QuoteCell]
    wards: Mapping[str, WardCounts]
    idea_answers: tuple[IdeaAnswer, ...] = ()
    # (ward, month index) -> sessions begun that month; (theme, ward, month index) -> those of
    # them that raised the theme. For "Did it help?" (review.helped): a ward's share of sessions
    # raising an action's theme before and after it started.
    ward_months: Mapping[tuple[str, int], int] = field(default_factory=dict)
    theme_ward_months: Mapping[tuple[str, str, int], int] = field(default_factory=dict)

    def label(self, theme: str) -> str:
        """The human label for a theme id, falling back to the id itself."""
        return self.labels.get(theme, theme)


def month_index(day: date) -> int:
    """Months since year 0, so months sort and subtract as integers."""
    return day.year * 12 + day.month - 1


def aggregate(
    reflections: Iterable[ReflectionRecord],
    sessions: Iterable[SessionRecord],
    *,
    labels: Mapping[str, str],
    review_filter: ReviewFilter | None = None,
    progress: ProgressCallback | None = None,
    total: int | None = None,
) -> ReviewData:
    """Count themes, views, ideas and participation in one pass over each iterable."""
    flt = review_filter or ReviewFilter()
    if total is None and isinstance(reflections, list | tuple):
        total = len(reflections)
    theme_sessions: dict[str, dict[int, tuple[int, str, Voice]]] = {}
    theme_people: dict[str, set[str]] = {}
    voice_cells: dict[tuple[str, Voice], QuoteCell] = {}
    idea_cells: dict[str, QuoteCell] = {}
    idea_answers: list[IdeaAnswer] = []
    people: set[str] = set()
    ward_refl: dict[str, int] = {}
    ward_people: dict[str, set[str]] = {}
    session_themes: dict[int, set[str]] = {}
    first: date | None = None
    last: date | None = None
    count = 0
    done = 0
    for rec in reflections:
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        if not flt.admits(rec.ward, rec.day):
            continue
        count += 1
        people.add(rec.participant)
        ward = rec.ward or "(no ward)"
        ward_refl[ward] = ward_refl.get(ward, 0) + 1
        ward_people.setdefault(ward, set()).add(rec.participant)
        first = rec.day if first is None or rec.day < first else first
        last = rec.day if last is None or rec.day > last else last
        month = month_index(rec.day)
        if rec.themes:
            session_themes.setdefault(rec.session_id, set()).update(rec.themes)
        for theme in rec.themes:
            per_session = theme_sessions.setdefault(theme, {})
            seen = per_session.get(rec.session_id)
            # a session counts once per theme, in the month it first raised it, so the
            # period cells of a theme add up exactly to its total
            if seen is None or month < seen[0]:
                per_session[rec.session_id] = (month, rec.intervention, rec.voice)
            theme_people.setdefault(theme, set()).add(rec.participant)
            voice_cells.setdefault((theme, rec.voice), QuoteCell()).add(rec)
            if rec.phase in IDEA_PHASES and is_idea(rec.text):
                idea_cells.setdefault(theme, QuoteCell()).add(rec)
                idea_answers.append(
                    IdeaAnswer(rec.reflection_id, rec.participant, theme, rec.text, rec.quotable)
                )
    if progress is not None:
        progress(done, total if total is not None else done)

    n_sessions = completed = patient = support = 0
    ward_sessions: dict[str, int] = {}
    ward_months: dict[tuple[str, int], int] = {}
    theme_ward_months: dict[tuple[str, str, int], int] = {}
    for sess in sessions:
        if not flt.admits(sess.ward, sess.day):
            continue
        n_sessions += 1
        # by the month the session began, so a share never counts a session its whole misses
        slot = (sess.ward or "(no ward)", month_index(sess.day))
        ward_months[slot] = ward_months.get(slot, 0) + 1
        for theme in session_themes.get(sess.session_id, ()):
            key = (theme, *slot)
            theme_ward_months[key] = theme_ward_months.get(key, 0) + 1
        completed += sess.completed
        patient += sess.voice == "patient"
        support += sess.support_offered
        ward = sess.ward or "(no ward)"
        ward_sessions[ward] = ward_sessions.get(ward, 0) + 1

    wards = {
        w: WardCounts(ward_refl.get(w, 0), ward_sessions.get(w, 0), len(ward_people.get(w, ())))
        for w in sorted(set(ward_refl) | set(ward_sessions))
    }
    return ReviewData(
        filter=flt,
        labels=dict(labels),
        first_day=first,
        last_day=last,
        reflections=count,
        people=len(people),
        sessions=n_sessions,
        completed=completed,
        patient_sessions=patient,
        support_offered=support,
        theme_sessions=theme_sessions,
        theme_people={t: len(p) for t, p in theme_people.items()},
        voice_cells=voice_cells,
        idea_cells=idea_cells,
        wards=wards,
        idea_answers=tuple(idea_answers),
        ward_months=ward_months,
        theme_ward_months=theme_ward_months,
    )


def day_words(d: date) -> str:
    """A date as a person writes it: 3 Mar 2025."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def scope_words(data: ReviewData) -> str:
    """The wards a report covers, in words."""
    wards = data.filter.wards
    return "All wards" if wards is None else ", ".join(sorted(wards))


def covered_span(data: ReviewData) -> tuple[date | None, date | None]:
    """First and last day a report covers: the filter's dates, else the data's own."""
    return data.filter.since or data.first_day, data.filter.until or data.last_day


def period_words(data: ReviewData) -> str:
    """The dates a report covers, in words."""
    start, end = covered_span(data)
    if start is None or end is None:
        return "No reflections in this period"
    return f"{day_words(start)} to {day_words(end)}"


def periods(data: ReviewData) -> tuple[str, list[tuple[str, int, int]]]:
    """Period kind and (label, first month index, last month index) for each period."""
    start, end = covered_span(data)
    if start is None or end is None:
        return "month", []
    first, last = month_index(start), month_index(end)
    if last - first + 1 > QUARTERLY_AFTER_MONTHS:
        quarters = range(first // 3, last // 3 + 1)
        return "quarter", [(f"{q // 4} Q{q % 4 + 1}", q * 3, q * 3 + 2) for q in quarters]
    return "month", [(f"{MONTHS[m % 12]} {m // 12}", m, m) for m in range(first, last + 1)]
