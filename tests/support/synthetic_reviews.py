"""A deterministic synthetic corpus of reflections for tests and benchmarks.

Every sentence here is invented. Records stream from a seeded generator, so 100,000 of them
never sit in memory at once, and two passes with the same seed yield identical records.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from review.records import Phase, ReflectionRecord, SessionRecord, Voice

THEME_LABELS: dict[str, str] = {
    "early_signs": "Early signs noticed or missed",
    "communication": "Communication and being heard",
    "environment": "Noise, space and the ward environment",
    "staffing": "Staffing and familiar faces",
    "choice": "Choice and saying no",
    "safety": "Feeling safe",
    "medication": "Medication and side effects",
    "de_escalation": "Talking it down",
    "aftercare": "Care after the incident",
    "boredom": "Boredom and things to do",
    "family": "Family and visitors",
    "rules": "Ward rules and restrictions",
}

# weights give a realistic long tail: a few themes recur, most are occasional
_THEME_WEIGHTS = (30, 24, 18, 14, 10, 8, 6, 5, 4, 3, 2, 1)
_INTERVENTIONS = ("restraint", "seclusion", "rapid_tranquillisation", "other")
_INTERVENTION_WEIGHTS = (50, 20, 15, 15)
_WARDS = ("Ash", "Birch", "Cedar", "Rowan")
TINY_WARD = "Willow"
_PHASES: tuple[Phase, ...] = ("enquire", "explore", "empathy")

_OPENERS = (
    "It helped when",
    "Things got worse when",
    "Next time I would like",
    "I noticed that",
    "What might help is if",
    "Looking back,",
)
_MIDDLES = {
    "early_signs": "the first signs of upset were picked up sooner",
    "communication": "someone explained what was happening in plain words",
    "environment": "the corridor was quieter and there was space to step away",
    "staffing": "a familiar nurse was there at the start",
    "choice": "there was a real choice about what happened next",
    "safety": "everyone felt safe enough to slow down",
    "medication": "medication was offered as a choice before it was needed",
    "de_escalation": "we kept talking and nobody rushed",
    "aftercare": "someone came back later to check in",
    "boredom": "there was something to do in the afternoon",
    "family": "a phone call home was possible",
    "rules": "the rule was explained instead of just enforced",
}


@dataclass(frozen=True, slots=True)
class SyntheticCorpus:
    """N synthetic reflections over a span of days, reproducible from a seed."""

    n: int
    seed: int = 7
    start: date = date(2024, 1, 1)
    days: int = 540
    people: int = 400
    tiny_ward_sessions: int = 2

    def reflections(self) -> Iterator[ReflectionRecord]:
        """Yield exactly ``n`` reflection records."""
        for _, records in self._walk():
            yield from records

    def sessions(self) -> Iterator[SessionRecord]:
        """Yield the session records that the reflections belong to."""
        for session, _ in self._walk():
            yield session

    def _walk(self) -> Iterator[tuple[SessionRecord, list[ReflectionRecord]]]:
        rng = random.Random(self.seed)
        themes = list(THEME_LABELS)
        made = 0
        sid = 0
        while made < self.n:
            sid += 1
            person = rng.randrange(self.people)
            # a person keeps one voice: roughly a third of participants are patients
            voice: Voice = "patient" if person % 3 == 0 else "staff"
            tiny = sid <= self.tiny_ward_sessions
            ward = TINY_WARD if tiny else _WARDS[person % len(_WARDS)]
            intervention = rng.choices(_INTERVENTIONS, _INTERVENTION_WEIGHTS)[0]
            day = self.start + timedelta(days=rng.randrange(self.days))
            count = min(rng.randint(1, 5), self.n - made)
            records: list[ReflectionRecord] = []
            for k in range(count):
                phase = _PHASES[min(k, 2)] if k < 3 else rng.choice(_PHASES)
                picked = tuple(
                    sorted(set(rng.choices(themes, _THEME_WEIGHTS, k=rng.randint(0, 2))))
                )
                text = (
                    f"{rng.choice(_OPENERS)} {_MIDDLES[picked[0]]}."
                    if picked
                    else "Nothing more to add right now."
                )
                made += 1
                records.append(
                    ReflectionRecord(
                        reflection_id=made,
                        session_id=sid,
                        participant=f"p{person:05d}",
                        voice=voice,
                        role=rng.choice(("involved", "witness")),
                        intervention=intervention,
                        ward=ward,
                        day=day,
                        phase=phase,
                        prompt_id=f"{phase}.{k}",
                        text=text,
                        themes=picked,
                        codebook_version="synthetic-1",
                    )
                )
            session = SessionRecord(
                session_id=sid,
                participant=f"p{person:05d}",
                voice=voice,
                intervention=intervention,
                ward=ward,
                day=day,
                completed=rng.random() < 0.8,
                support_offered=rng.random() < 0.15,
            )
            yield session, records
