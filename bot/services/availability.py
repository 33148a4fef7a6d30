"""Whether an error means "the database is away for a moment" rather than a bug."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` means "the database is away for a moment" rather than a bug.

    Integrity and data errors are left out on purpose: sending the same thing again would fail
    the same way, so asking the person to retry would only loop.
    """
    if isinstance(error, OperationalError | InterfaceError | PoolTimeoutError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated
