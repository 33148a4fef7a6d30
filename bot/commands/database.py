"""Database commands: migrations and retention."""

from __future__ import annotations

import argparse

from bot.app import build_store
from bot.services.retention import purge
from bot.settings import Settings
from storage import current_revision, make_engine, upgrade


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    """Apply database migrations (upgrade) or show the current revision (current)."""
    engine = make_engine(settings.database_url, sqlite_sync=settings.sqlite_sync)
    if args.action == "upgrade":
        upgrade(engine)
    print(f"database at revision {current_revision(engine) or '(none)'}")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    """Delete saved reflections older than the retention period."""
    days = args.days or settings.retention_days
    result = purge(build_store(settings), days, settings.abandoned_days)
    print(
        f"Deleted {result.reflections} reflection answer(s) from before "
        f"{result.cutoff.isoformat()} (retention {days} days) and {result.sessions} session(s): "
        f"finished, that old, or never finished and untouched for "
        f"{settings.abandoned_days} days."
    )
    return 0
