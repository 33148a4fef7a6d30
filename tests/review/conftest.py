"""Shared builders for review tests: synthetic records only, no real text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import pytest

from review.aggregate import ReviewData, aggregate
from review.records import ReflectionRecord, SessionRecord
from tests.support.synthetic_reviews import THEME_LABELS, SyntheticCorpus

RecordMaker = Callable[..., ReflectionRecord]


def make_reflection(**overrides: Any) -> ReflectionRecord:
    """A reflection with harmless defaults; tests override what they care about."""
    fields: dict[str, Any] = {
        "reflection_id": 1,
        "session_id": 1,
        "participant": "p1",
        "voice": "staff",
        "role": "involved",
        "intervention": "restraint",
        "ward": "Ash",
        "day": date(2025, 1, 15),
        "phase": "enquire",
        "prompt_id": "enquire.0",
        "text": "A calm synthetic sentence about the ward.",
        "themes": ("noise",),
        "codebook_version": "test",
    }
    fields.update(overrides)
    return ReflectionRecord(**fields)


def sessions_for(records: Iterable[ReflectionRecord]) -> list[SessionRecord]:
    """One completed session record per distinct session in ``records``."""
    seen: dict[int, SessionRecord] = {}
    for r in records:
        seen.setdefault(
            r.session_id,
            SessionRecord(
                r.session_id,
                r.participant,
                r.voice,
                r.intervention,
                r.ward,
                r.day,
                completed=True,
                support_offered=False,
            ),
        )
    return list(seen.values())


def crowd(
    theme: str,
    people: int,
    *,
    voice: str = "staff",
    phase: str = "enquire",
    start_session: int = 1,
    ward: str = "Ash",
    text: str | None = None,
    quotable: bool = True,
) -> list[ReflectionRecord]:
    """One reflection each from ``people`` different people, all raising ``theme``.

    By default they all agreed to be quoted, so quote rules can be tested; pass
    ``quotable=False`` for people who kept to themes and counts (the product's default).
    """
    return [
        make_reflection(
            reflection_id=start_session + i,
            session_id=start_session + i,
            participant=f"{voice}-{theme}-{i}",
            voice=voice,
            phase=phase,
            ward=ward,
            themes=(theme,),
            text=text or f"Synthetic note number {i} about {theme}.",
            quotable=quotable,
        )
        for i in range(people)
    ]


@pytest.fixture(scope="session")
def corpus() -> SyntheticCorpus:
    """A mid-sized deterministic corpus."""
    return SyntheticCorpus(3000)


@pytest.fixture(scope="session")
def corpus_data(corpus: SyntheticCorpus) -> ReviewData:
    """Raw counts over the synthetic corpus."""
    return aggregate(corpus.reflections(), corpus.sessions(), labels=THEME_LABELS)


@pytest.fixture
def labels() -> dict[str, str]:
    """Theme labels for hand-built records."""
    return {"noise": "Noise on the ward", "staffing": "Staffing", "talk": "Talking it down"}


@pytest.fixture
def make() -> RecordMaker:
    """The reflection builder, as a fixture (importlib mode cannot import conftest)."""
    return make_reflection


@pytest.fixture
def crowd_of() -> Callable[..., list[ReflectionRecord]]:
    """The crowd builder, as a fixture."""
    return crowd


@pytest.fixture
def sessions_of() -> Callable[[Iterable[ReflectionRecord]], list[SessionRecord]]:
    """The session builder, as a fixture."""
    return sessions_for
