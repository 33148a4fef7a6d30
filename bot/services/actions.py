"""Actions: what a ward decides to try, from an idea or a theme, and how it went.

The owner is a role from a fixed list, never a name; the text and the outcome pass through the
anonymiser before they are stored, like every other text. A lead sees and changes only the
actions of their own wards (``allowed``); the server's administrator sees all.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.services.conversation import Conversations
from bot.services.reports import Reviews
from privacy import AnonymisedText
from review.aggregate import MONTHS
from storage import ActionRecord, NewAction, ReviewQueries, Store

OWNER_ROLES = (
    "nurse_in_charge",
    "ward_manager",
    "matron",
    "psychologist",
    "ot",
    "consultant",
    "peer_support",
    "hca",
    "team",
)
STATUSES = ("planned", "trying", "done", "dropped")
# A move to one of these tells the people who reflected on the ward ("you said, we did").
FEEDBACK_STATUSES = ("trying", "done")
MAX_TEXT = 500
_WARD = re.compile(r"[A-Za-z0-9_-]{1,32}")
_IDEA = re.compile(r"[0-9a-f]{6}")
EXPORT_FIELDS = (
    "action",
    "ward",
    "theme",
    "theme_label",
    "idea",
    "owner_role",
    "status",
    "created",
    "updated",
    "started",
    "due",
    "text",
    "outcome",
)


class ActionRefused(ValueError):
    """A request that cannot be carried out; the message is one line a person can act on."""


def parse_due(text: str, today: date) -> date:
    """A due date from ``YYYY-MM-DD``, not in the past."""
    try:
        due = date.fromisoformat(text.strip())
    except ValueError:
        raise ActionRefused(f"'{text}' is not a date like 2026-01-31.") from None
    if due < today:
        raise ActionRefused(f"The due date {due.isoformat()} has already passed.")
    return due


def period_of(day: date) -> str:
    """The month a day falls in, as reports name it ("Mar 2026"): exports carry no exact days."""
    return f"{MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True, slots=True)
class ActionLink:
    """What an action is linked to: an idea group's id, a theme, both, or neither."""

    idea: str | None = None
    theme: str | None = None


class Actions:
    """Record, list, update and export actions."""

    def __init__(
        self,
        store: Store,
        anonymise: Callable[[str], AnonymisedText],
        reviews: Reviews,
        today: Callable[[], date] | None = None,
        feedback_days: int = 90,
    ) -> None:
        self.store = store
        self.feedback_days = feedback_days  # REFLECT_FEEDBACK_DAYS
        self._anonymise = anonymise
        self.reviews = reviews
        self._today = today or (lambda: datetime.now(UTC).date())

    @classmethod
    def beside(cls, conversations: Conversations, reviews: Reviews) -> Actions:
        """Actions in the conversations' own database, anonymised by their own anonymiser."""
        return cls(
            conversations.store,
            conversations.engine.anonymiser.anonymise,
            reviews,
            feedback_days=conversations.feedback_days,
        )

    @property
    def labels(self) -> dict[str, str]:
        """Theme id -> the label leads read."""
        return self.reviews.setup.labels

    def known_wards(self) -> set[str]:
        """Wards anything was filed under, that a lead reviews, or that have an entry link."""
        known = ReviewQueries(self.store.engine).wards()
        with self.store.unit() as unit:
            for lead in unit.leads():
                known.update(lead.wards)
            known.update(link.ward for link in unit.entry_links())
            known.update(action.ward for action in unit.actions())
        return known

    def today(self) -> date:
        """Today, as this service dates things."""
        return self._today()

    def add(
        self,
        ward: str,
        text: str,
        *,
        link: ActionLink = ActionLink(),  # frozen, so one shared default is safe
        owner_role: str = "team",
        due: date | None = None,
        allowed: Collection[str] | None = None,
    ) -> ActionRecord:
        """Record an action on ``ward`` (one of ``allowed`` when given); its text anonymised."""
        _check_ward(ward, allowed)
        if allowed is None:
            known = self.known_wards()
            if ward not in known:
                listed = ", ".join(sorted(known)) or "none yet"
                raise ActionRefused(f"No ward {ward} is known here. Known wards: {listed}.")
        if owner_role not in OWNER_ROLES:
            raise ActionRefused(
                f"'{owner_role}' is not an owner role: use one of {', '.join(OWNER_ROLES)}."
            )
        if due is not None and due < self.today():
            raise ActionRefused(f"The due date {due.isoformat()} has already passed.")
        theme = self._linked_theme(ward, link)
        clean = self._clean(text, "The action")
        with self.store.unit() as unit:
            return unit.add_action(
                NewAction(ward, clean, owner_role, link.idea, theme, due, STATUSES[0])
            )

    def _linked_theme(self, ward: str, link: ActionLink) -> str | None:
        if link.theme is not None and link.theme not in self.labels:
            known = ", ".join(sorted(self.labels))
            raise ActionRefused(f"'{link.theme}' is not a theme: use one of {known}.")
        if link.idea is None:
            return link.theme
        if not _IDEA.fullmatch(link.idea):
            raise ActionRefused(f"'{link.idea}' is not an idea id (six letters a-f and digits).")
        found = {g.id: g for g in self.reviews.idea_groups([ward])}
        group = found.get(link.idea)
        if group is None:
            raise ActionRefused(
                f"No idea {link.idea} on ward {ward}: see reflect ideas --ward {ward}."
            )
        if link.theme is not None and link.theme != group.theme:
            raise ActionRefused(
                f"Idea {link.idea} is about {group.theme}, not {link.theme}: give one or the other."
            )
        return group.theme

    def _clean(self, text: str, what: str) -> AnonymisedText:
        stripped = " ".join(text.split())
        if not stripped:
            raise ActionRefused(f"{what} needs some words: what will the ward do?")
        if len(stripped) > MAX_TEXT:
            raise ActionRefused(f"{what} is {len(stripped)} characters; keep it under {MAX_TEXT}.")
        return self._anonymise(stripped)

    def all(self, wards: Collection[str] | None = None) -> list[ActionRecord]:
        """Every action on ``wards`` (all wards when None), oldest first."""
        with self.store.unit() as unit:
            return unit.actions(wards)

    def update(
        self,
        action_id: int,
        status: str,
        outcome: str | None = None,
        *,
        allowed: Collection[str] | None = None,
    ) -> ActionRecord:
        """Move an action to ``status`` (with an anonymised ``outcome``); only on ``allowed``.

        A move to trying or to done queues one "you said, we did" message for each person who
        reflected on the ward in the last ``feedback_days`` (sent by the bot's housekeeping).
        """
        if status not in STATUSES:
            raise ActionRefused(f"'{status}' is not a status: use one of {', '.join(STATUSES)}.")
        clean = self._clean(outcome, "The outcome") if outcome is not None else None
        with self.store.unit() as unit:
            found = unit.action(action_id)
            if found is None or (allowed is not None and found.ward not in allowed):
                raise ActionRefused(f"No action number {action_id}.")
            updated = unit.update_action(action_id, status, clean)
            if updated is not None and status in FEEDBACK_STATUSES and found.status != status:
                day = self.today()
                since = day - timedelta(days=self.feedback_days)
                unit.queue_feedback(action_id, found.ward, status, since, day)
        assert updated is not None
        return updated

    def waiting(self, action_id: int) -> int:
        """How many "you said, we did" messages about this action wait to be sent."""
        with self.store.unit() as unit:
            return unit.feedback_waiting(action_id)

    def export(self, kind: str, wards: Collection[str] | None = None) -> str:
        """The actions as CSV or JSON: themes, periods, status, and only the anonymised text and
        outcome as free text (no exact days, nobody's name)."""
        rows = [self._exported(a) for a in self.all(wards)]
        if kind == "json":
            return json.dumps({"actions": rows}, indent=2, ensure_ascii=False) + "\n"
        if kind != "csv":
            raise ActionRefused(f"'{kind}' is not an export format: use csv or json.")
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()

    def _exported(self, action: ActionRecord) -> dict[str, object]:
        return {
            "action": action.id,
            "ward": action.ward,
            "theme": action.theme or "",
            "theme_label": self.labels.get(action.theme, action.theme) if action.theme else "",
            "idea": action.idea_id or "",
            "owner_role": action.owner_role,
            "status": action.status,
            "created": period_of(action.created_on),
            "updated": period_of(action.updated_on),
            "started": period_of(action.started_on) if action.started_on else "",
            "due": period_of(action.due_on) if action.due_on else "",
            "text": action.text,
            "outcome": action.outcome or "",
        }


def _check_ward(ward: str, allowed: Collection[str] | None) -> None:
    if not _WARD.fullmatch(ward):
        raise ActionRefused(f"'{ward}' is not a ward code (1 to 32 letters, digits, - or _).")
    if allowed is not None and ward not in allowed:
        raise ActionRefused(f"Ward {ward} is not one of your wards.")
