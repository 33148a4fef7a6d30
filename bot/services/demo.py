"""``reflect demo``: a year of clearly marked synthetic reflections, to try a report at once.

Every answer starts with "(demo)", the wards are named ``demo-...`` and every participant key
starts with ``demo``, so demo rows can never be taken for real ones. The answers are invented
sentences, one small bank per theme of the built-in codebook, and each still passes through
the anonymiser, as every stored text must. A database that already holds real reflections is
refused, so a trust cannot mix the two by mistake.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from privacy import AnonymisedText
from storage import Store
from storage.models import DialogueSession, Participant, Reflection

MARK = "(demo) "
KEY_PREFIX = "demo"
WARDS = ("demo-oak", "demo-ash", "demo-elm")
DAYS = 365
SEED = 2026
CODEBOOK_VERSION = "demo"

# theme id (built-in codebook) -> invented answers that raise it
BANK: dict[str, tuple[str, ...]] = {
    "staffing": (
        "we were two staff short and the bank nurse did not know him",
        "too few of us on the floor when it started",
        "agency staff who had never met her were asked to hold",
    ),
    "communication": (
        "nobody explained what was going to happen",
        "it helped when someone told me in plain words why",
        "the handover did not mention the leave being cancelled",
    ),
    "de_escalation": (
        "we kept talking calmly and offered the quiet room",
        "slowing down and giving space worked for a while",
        "a nurse sat with me and talked me down",
    ),
    "environment": (
        "the lounge was loud and crowded all afternoon",
        "the corridor was too narrow to give him room",
        "the alarms kept going off and it was chaos",
    ),
    "waiting": (
        "i had been waiting hours for the doctor and nobody said why",
        "the tribunal news came late in the day with no one to talk to",
        "she was told her leave was off just before the incident",
    ),
    "medication": (
        "the injection was given before anything else was tried",
        "offering oral medication first might have avoided it",
        "i felt drowsy and sick for hours after the injection",
    ),
    "support_after": (
        "no debrief happened and we went straight back on the floor",
        "someone came back later to check i was ok and that helped",
        "a proper team debrief the next morning would help",
    ),
    "respect_dignity": (
        "i was held in front of everyone and felt humiliated",
        "they covered me with a blanket which kept some dignity",
        "staff spoke about me as if i was not there",
    ),
}
IDEAS: dict[str, tuple[str, ...]] = {
    "staffing": ("next time make sure a familiar nurse is on each shift",),
    "communication": ("explain leave changes early and give a time",),
    "de_escalation": ("offer the quiet room first and talk before holding",),
    "support_after": ("hold a short debrief after every restraint",),
    "waiting": ("tell people how long the wait will be",),
}
INTERVENTIONS = ("restraint", "seclusion", "rapid_tranquillisation", "other")
STAFF_STEPS = (("enquire", "what_happened"), ("explore", "care_control"))
PATIENT_STEPS = (("enquire", "own_words"), ("explore", "listened"))


class DemoRefused(Exception):
    """The database holds real reflections: demo data is not mixed in (one line)."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``fill`` wrote."""

    sessions: int
    reflections: int
    first_day: date
    last_day: date


def real_reflections(store: Store) -> int:
    """How many stored reflections are not demo ones."""
    with Session(store.engine) as session:
        real = or_(Reflection.ward.is_(None), ~Reflection.ward.like("demo-%"))
        query = select(func.count(Reflection.id)).where(real)
        return int(session.scalar(query) or 0)


def refuse_unless_empty(store: Store) -> None:
    """Raise ``DemoRefused`` when the database holds real reflections or the demo already."""
    with Session(store.engine) as session:
        demo_people = session.scalar(
            select(func.count(Participant.id)).where(Participant.key.like(f"{KEY_PREFIX}%"))
        )
    if demo_people:
        raise DemoRefused(
            "This database already holds the demo reflections: run reflect report now."
        )
    if real_reflections(store):
        raise DemoRefused(
            "This database already holds real reflections: run reflect demo on an empty one "
            "(for example DATABASE_URL=sqlite:///demo.db reflect demo)."
        )


def fill(
    store: Store,
    anonymise: Callable[[str], AnonymisedText],
    *,
    today: date | None = None,
    sessions_per_week: int = 9,
) -> DemoSummary:
    """Write a year of demo sessions (ending last month) on three demo wards."""
    refuse_unless_empty(store)
    end = (today or datetime.now(UTC).date()).replace(day=1) - timedelta(days=1)
    start = end - timedelta(days=DAYS - 1)
    rng = random.Random(SEED)
    cache: dict[str, AnonymisedText] = {}

    def stored_text(text: str) -> AnonymisedText:
        if text not in cache:
            cache[text] = anonymise(MARK + text)
        return cache[text]

    themes = list(BANK)
    weights = [len(themes) - i for i in range(len(themes))]  # a few themes recur most
    people = 160
    n_sessions = n_reflections = 0
    with Session(store.engine) as session, session.begin():
        participants = [
            Participant(key=f"{KEY_PREFIX}{n:060d}", created_on=start, consented_on=start)
            for n in range(people)
        ]
        session.add_all(participants)
        session.flush()
        total = sessions_per_week * DAYS // 7
        for _ in range(total):
            day = start + timedelta(days=rng.randrange(DAYS))
            who = rng.choice(participants)
            voice = "patient" if who.id % 3 == 0 else "staff"
            ward = WARDS[who.id % len(WARDS)]
            intervention = rng.choices(INTERVENTIONS, weights=(50, 20, 15, 15))[0]
            quotable = rng.random() < 0.5
            moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
            sess = DialogueSession(
                participant_id=who.id,
                channel="demo",
                script_id=voice,
                script_version="demo",
                step="done",
                status="completed",
                is_open=False,
                state={"variables": {"intervention": intervention}},
                ward=ward,
                support_offered=False,
                started_on=day,
                updated_at=moment,
            )
            session.add(sess)
            session.flush()
            n_sessions += 1
            steps = STAFF_STEPS if voice == "staff" else PATIENT_STEPS
            answers = [
                (phase, step, theme, rng.choice(BANK[theme]))
                for (phase, step), theme in zip(
                    steps, rng.choices(themes, weights=weights, k=len(steps)), strict=True
                )
            ]
            idea_theme = rng.choice(list(IDEAS))
            answers.append(("empathy", "next_time", idea_theme, rng.choice(IDEAS[idea_theme])))
            for phase, step, theme, text in answers:
                session.add(
                    Reflection(
                        session_id=sess.id,
                        participant_id=who.id,
                        voice=voice,
                        phase=phase,
                        prompt_id=step,
                        text=stored_text(text),
                        role="involved",
                        intervention=intervention,
                        ward=ward,
                        answered_on=day,
                        script_id=voice,
                        script_version="demo",
                        themes=[theme],
                        codebook_version=CODEBOOK_VERSION,
                        quotable=quotable,
                    )
                )
                n_reflections += 1
    return DemoSummary(n_sessions, n_reflections, start, end)
