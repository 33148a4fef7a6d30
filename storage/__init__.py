"""Storage: SQLAlchemy models, repositories, database set-up and migrations."""

from storage.database import current_revision, is_sqlite, make_engine, upgrade
from storage.repository import NewReflection, ParticipantRecord, Store, StoredSession, UnitOfWork

__all__ = [
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
