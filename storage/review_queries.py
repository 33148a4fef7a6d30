"""Read-only queries that feed the team-lead review, streamed as plain records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TypeVar

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from review.records import Phase, ReflectionRecord, SessionRecord, Voice
from storage.models import DialogueSession, Reflection

_BATCH = 2_000
_Row = TypeVar("_Row")
_VOICES: dict[str, Voice] = {"staff": "staff", "patient": "patient"}
_PHASES: dict[str, Phase] = {"enquire": "enquire", "explore": "explore", "empathy": "empathy"}


class ReviewQueries:
    """Streams reflections and sessions for reports without loading them all at once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def wards(self) -> set[str]:
        """Every ward anything has been filed under."""
        with Session(self.engine) as session:
            found = set(session.scalars(select(DialogueSession.ward).distinct()))
            found |= set(session.scalars(select(Reflection.ward).distinct()))
        return {w for w in found if w}

    def count_reflections(
        self, wards: frozenset[str] | None = None, since: date | None = None
    ) -> int:
        """How many reflections a report over ``wards`` (None: all) from ``since`` will read."""
        query = _scoped(select(func.count(Reflection.id)), Reflection, wards, since)
        with Session(self.engine) as session:
            return int(session.scalar(query) or 0)

    def reflections(
        self, wards: frozenset[str] | None = None, since: date | None = None
    ) -> Iterator[ReflectionRecord]:
        """Every reflection (optionally only some wards, from a day on), oldest first."""
        query = _scoped(select(Reflection).order_by(Reflection.id), Reflection, wards, since)
        with Session(self.engine) as session:
            for row in session.scalars(query.execution_options(yield_per=_BATCH)):
                yield ReflectionRecord(
                    reflection_id=row.id,
                    session_id=row.session_id,
                    participant=str(row.participant_id),
                    voice=_VOICES.get(row.voice, "staff"),
                    role=row.role or "involved",
                    # a skipped question is "not said", never counted as "other"
                    intervention=row.intervention or NOT_SAID,
                    ward=row.ward,
                    day=row.answered_on,
                    phase=_PHASES.get(row.phase, "enquire"),
                    prompt_id=row.prompt_id,
                    text=row.text.text,
                    themes=tuple(row.themes or ()),
                    codebook_version=row.codebook_version or "",
                    quotable=bool(row.quotable),
                )

    def sessions(
        self, wards: frozenset[str] | None = None, since: date | None = None
    ) -> Iterator[SessionRecord]:
        """Every session that got past its start, for participation counts."""
        order = select(DialogueSession).order_by(DialogueSession.id)
        query = _scoped(order, DialogueSession, wards, since)
        with Session(self.engine) as session:
            for row in session.scalars(query.execution_options(yield_per=_BATCH)):
                variables = dict(row.state).get("variables", {})
                intervention = (
                    variables.get("intervention") if isinstance(variables, dict) else None
                )
                yield SessionRecord(
                    session_id=row.id,
                    participant=str(row.participant_id),
                    # A follow-up ("followup_patient") speaks in its script's voice.
                    voice=_VOICES.get(row.script_id.removeprefix("followup_"), "staff"),
                    intervention=str(intervention) if intervention else None,
                    ward=row.ward,
                    day=row.started_on,
                    completed=row.status == "completed",
                    support_offered=row.support_offered,
                )


NOT_SAID = "not_said"


def _scoped(
    query: Select[_Row],
    table: type[Reflection] | type[DialogueSession],
    wards: frozenset[str] | None,
    since: date | None,
) -> Select[_Row]:
    """``query`` limited to ``wards`` (None: all) and to rows dated ``since`` on."""
    if wards is not None:
        query = query.where(table.ward.in_(sorted(wards)))
    if since is not None:
        day = Reflection.answered_on if table is Reflection else DialogueSession.started_on
        query = query.where(day >= since)
    return query
