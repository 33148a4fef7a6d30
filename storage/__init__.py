"""Storage: SQLAlchemy models, repositories, database set-up and migrations."""

from storage.review_queries import ReviewQueries
from storage.database import current_revision, is_sqlite, make_engine, upgrade
from storage.repository import LeadRecord, NewReflection, ParticipantRecord, Store, StoredSession, UnitOfWork

__all__ = [
    "LeadRecord",
    "ReviewQueries",
    "NewReflection",
    "ParticipantRecord",
    "Store",
    "StoredSession",
    "UnitOfWork",
    "current_revision",
    "is_sqlite",
    "make_engine",
    "upgrade",
]
