"""Storage: SQLAlchemy models, repositories, database set-up and migrations."""

from storage.actions import ActionRecord, NewAction
from storage.database import current_revision, head_revision, is_sqlite, make_engine, upgrade
from storage.entry_links import EntryLinkRecord
from storage.feedback import DueFeedback
from storage.leads import LeadRecord, PendingInvite
from storage.reminders import DueReminder
from storage.repository import (
    NewReflection,
    ParticipantRecord,
    StoredSession,
    UnitOfWork,
)
from storage.review_queries import ReviewQueries
from storage.store import Store

__all__ = [
    "ActionRecord",
    "DueFeedback",
    "DueReminder",
    "EntryLinkRecord",
    "LeadRecord",
    "NewAction",
    "NewReflection",
    "ParticipantRecord",
    "PendingInvite",
    "ReviewQueries",
    "Store",
    "StoredSession",
    "UnitOfWork",
    "current_revision",
    "head_revision",
    "is_sqlite",
    "make_engine",
    "upgrade",
]
