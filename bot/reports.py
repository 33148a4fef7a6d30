"""Team-lead reports: stored reflections -> review data -> disclosure-controlled output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.settings import Settings, SettingsError
from review.aggregate import ReviewData, ReviewFilter, aggregate
from review.codebook import Codebook, CodebookError, load_codebook
from review.disclosure import DisclosurePolicy
from review.tagger import Tagger
from storage import ReviewQueries, Store

Progress = Callable[[int, int | None], None]


@dataclass(frozen=True, slots=True)
class ReviewSetup:
    """What reports need: the codebook (theme labels), the tagger and the disclosure policy."""

    codebook: Codebook
    tagger: Tagger
    policy: DisclosurePolicy

    @property
    def labels(self) -> dict[str, str]:
        """Theme id -> label shown to leads."""
        return {theme.id: theme.label for theme in self.codebook.themes}


def build_review(settings: Settings) -> ReviewSetup:
    """The codebook named in settings (or the built-in one) and the disclosure policy."""
    chosen = settings["REFLECT_CODEBOOK"]
    try:
        codebook = load_codebook(Path(chosen) if str(chosen) else None)
    except CodebookError as exc:
        raise SettingsError("REFLECT_CODEBOOK has problems:\n" + "\n".join(exc.problems)) from exc
    except OSError as exc:
        raise SettingsError(f"REFLECT_CODEBOOK={chosen} cannot be read: {exc}") from exc
    policy = DisclosurePolicy(
        threshold=settings["REFLECT_SUPPRESSION_THRESHOLD"],
        quote_min_people=settings["REFLECT_QUOTE_MIN_PEOPLE"],
    )
    return ReviewSetup(codebook, Tagger(codebook), policy)


def review_data(
    store: Store,
    setup: ReviewSetup,
    *,
    wards: frozenset[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    progress: Progress | None = None,
) -> ReviewData:
    """Aggregate the stored reflections a report covers."""
    queries = ReviewQueries(store.engine)
    review_filter = ReviewFilter(wards, since, until)
    return aggregate(
        queries.reflections(wards, since),
        queries.sessions(wards, since),
        labels=setup.labels,
        review_filter=review_filter,
        progress=progress,
        total=queries.count_reflections(wards, since),
    )
