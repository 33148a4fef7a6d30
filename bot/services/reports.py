"""Team-lead reports: stored reflections -> review data -> disclosure-controlled output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

from bot.services.conversation import Conversations
from bot.settings import Settings, SettingsError
from review.aggregate import ReviewData, ReviewFilter, aggregate
from review.codebook import Codebook, CodebookError, load_codebook
from review.disclosure import DisclosurePolicy
from review.helped import ActionFacts
from review.idea_groups import IdeaGroup, idea_groups
from review.periods import Period, closed_span
from review.report import ideas_summary, render_report, themes_summary
from review.tagger import Tagger, Tagging
from storage import ReviewQueries, Store

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class ReviewSetup:
    """What reports need: the codebook (theme labels), the disclosure policy and the period
    reports are closed by (month or quarter). Reports read the themes stored with each answer,
    so they never load the tagger."""

    codebook: Codebook
    policy: DisclosurePolicy
    period: Period = "month"

    @property
    def labels(self) -> dict[str, str]:
        """Theme id -> label shown to leads."""
        return {theme.id: theme.label for theme in self.codebook.themes}


def _first(error: BaseException) -> str:
    # One line: a YAML error spans several (the problem, then where, then a caret).
    text = " ".join(str(error).split())
    return text[:240] if text else type(error).__name__


def read_codebook(path: Path | None, named: str) -> Codebook:
    """The codebook at ``path`` (the built-in one when None); a clear error naming ``named``."""
    where = f"{named}={path}"
    try:
        return load_codebook(path)
    except CodebookError as exc:
        problems = (" ".join(problem.split()) for problem in exc.problems)
        raise SettingsError(f"{where} has problems:\n" + "\n".join(problems)) from None
    except OSError as exc:
        raise SettingsError(f"{where} cannot be read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise SettingsError(f"{where} is not valid YAML: {_first(exc)}") from None


def build_review(settings: Settings) -> ReviewSetup:
    """The codebook named in settings (or the built-in one) and the disclosure policy."""
    chosen = settings.codebook
    codebook = read_codebook(chosen, "REFLECT_CODEBOOK")
    if settings.suppression == "nhs":
        policy = DisclosurePolicy.nhs(quote_min_people=settings.quote_min_people)
    else:
        policy = DisclosurePolicy(
            threshold=settings.suppression_threshold,
            quote_min_people=settings.quote_min_people,
        )
    return ReviewSetup(codebook, policy, settings.report_period)


class BackgroundTagger:
    """The codebook's tagger, built on a worker thread (the sentence model takes most of a
    second to load) while the person reads the first question; the first answer to be tagged
    waits for it, and a failure to build it is raised there."""

    def __init__(self, codebook: Codebook) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="tagger")
        self._future: Future[Tagger] = self._pool.submit(Tagger, codebook)
        self._pool.shutdown(wait=False)

    def tagging(self, text: str) -> Tagging:
        """Themes of ``text`` with the codebook version (waits for the tagger the first time)."""
        return self._future.result().tagging(text)


def review_data(
    store: Store,
    setup: ReviewSetup,
    *,
    wards: frozenset[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ReviewData:
    """Aggregate the stored reflections a report covers: whole closed periods only."""
    span = closed_span(today or datetime.now(UTC).date(), setup.period, since, until)
    since = span.since
    queries = ReviewQueries(store.engine)
    review_filter = ReviewFilter(wards, since, span.until)
    return aggregate(
        queries.reflections(wards, since),
        queries.sessions(wards, since),
        labels=setup.labels,
        review_filter=review_filter,
        progress=progress,
        total=queries.count_reflections(wards, since),
    )


def report_actions(store: Store, wards: frozenset[str] | None = None) -> list[ActionFacts]:
    """The actions a report on ``wards`` (None: all) lists, as the report reads them."""
    with store.unit() as unit:
        found = unit.actions(wards)
    return [
        ActionFacts(
            id=a.id,
            ward=a.ward,
            text=a.text,
            theme=a.theme,
            owner_role=a.owner_role,
            status=a.status,
            due_on=a.due_on,
            start_day=a.start_day,
            started=a.started_on is not None,
        )
        for a in found
    ]


def default_review() -> ReviewSetup:
    """The built-in codebook and default disclosure policy (when none is configured)."""
    codebook = load_codebook()
    return ReviewSetup(codebook, DisclosurePolicy())


class Reviews:
    """What leads read in a channel: the theme summary and the report, for their wards."""

    def __init__(
        self,
        store: Store,
        setup: ReviewSetup | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        self._store = store
        self._setup = setup
        self._today = today or (lambda: datetime.now(UTC).date())

    @classmethod
    def beside(cls, conversations: Conversations, setup: ReviewSetup | None = None) -> Reviews:
        """Reviews over the conversations' own database."""
        return cls(conversations.store, setup)

    @property
    def setup(self) -> ReviewSetup:
        """The codebook and disclosure policy, built on first use if none was given."""
        if self._setup is None:
            self._setup = default_review()
        return self._setup

    def summary(self, wards: Sequence[str]) -> str:
        """The short theme summary for ``wards`` (Telegram HTML), small numbers suppressed."""
        data = review_data(self._store, self.setup, wards=frozenset(wards), today=self._today())
        return themes_summary(data, self.setup.policy)

    def ideas(self, wards: Sequence[str]) -> str:
        """The grouped ideas for ``wards`` (Telegram HTML), with their ids, small counts hidden."""
        data = review_data(self._store, self.setup, wards=frozenset(wards), today=self._today())
        return ideas_summary(data, self.setup.policy)

    def idea_groups(self, wards: Sequence[str]) -> tuple[IdeaGroup, ...]:
        """The grouped ideas for ``wards`` themselves (for linking an action to one)."""
        data = review_data(self._store, self.setup, wards=frozenset(wards), today=self._today())
        return idea_groups(data, self.setup.policy)

    def report(self, wards: Sequence[str]) -> str:
        """The whole HTML report for ``wards``, with their actions and whether they helped."""
        chosen = frozenset(wards)
        data = review_data(self._store, self.setup, wards=chosen, today=self._today())
        return render_report(
            data,
            self.setup.policy,
            actions=report_actions(self._store, chosen),
            period=self.setup.period,
        )
