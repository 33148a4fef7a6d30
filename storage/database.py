"""Engines for SQLite (embedded default) and PostgreSQL, and Alembic migrations."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from storage.driver import BEGIN, BEGIN_IMMEDIATE, Driver, json_text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_SYNC_MODES = ("NORMAL", "FULL")
# Execution option marking a connection whose transaction only reads (see Store.read).
READ_ONLY = "reflect_read_only"
WAL_CHECKPOINT_PAGES = 10_000  # SQLite's default is 1,000 pages of 4 KB
BUSY_WAIT_MS = 10_000  # how long a SQLite connection waits for another's lock
# Every table a row of a person's words or addresses is ever kept in: /forget and the purge
# erase from these, and on PostgreSQL they are vacuumed afterwards (Store.scrub).
PERSONAL_TABLES = (
    "reflections",
    "sessions",
    "participants",
    "reminders",
    "leads",
    "feedback_contacts",
    "feedback_sends",
)


def is_sqlite(url: str) -> bool:
    """Whether ``url`` names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, sqlite_sync: str = "NORMAL", **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and write-locking transactions.

    ``sqlite_sync`` is SQLite's ``synchronous`` setting: NORMAL or FULL (see the README).
    """
    if sqlite_sync not in SQLITE_SYNC_MODES:
        raise ValueError(f"sqlite_sync must be one of {', '.join(SQLITE_SYNC_MODES)}")
    # JSON columns written through the models read and write as the driver's statements do.
    kwargs.setdefault("json_serializer", json_text)
    kwargs.setdefault("json_deserializer", orjson.loads)
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, **kwargs)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below open transactions, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # Under WAL, NORMAL syncs at checkpoints rather than at every commit: a killed process
        # loses nothing committed, a power cut may lose the last commits. FULL waits every time.
        cursor.execute(f"PRAGMA synchronous={sqlite_sync}")
        # Checkpoint the WAL into the database file every ~40 MB rather than every ~4 MB: each
        # checkpoint ends in a sync, and turns rewrite the same few pages, so fewer checkpoints
        # copy fewer pages in all (measured: a turn's commit about 1.5x cheaper).
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted and overwritten content is zeroed, not left in free space or on free pages:
        # after /forget or a purge, no copy of the words stays in the file (with a checkpoint,
        # none in the WAL either: Store.scrub).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_WAIT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # On the driver connection: through SQLAlchemy's execute, BEGIN cost more than the
        # rest of an empty transaction.
        if connection.get_execution_options().get(READ_ONLY):
            # A transaction that only reads needs no write lock: readers never block under WAL.
            Driver.of(connection).run(BEGIN, {})
            return
        # Take the write lock at the start of a turn so two turns never interleave.
        Driver.of(connection).run(BEGIN_IMMEDIATE, {})

    return engine


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that runs this package's migrations on ``engine``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


_REVISION = re.compile(r'^(down_revision|revision) = (?:"([^"]*)"|None)$', re.MULTILINE)


@cache
def shipped_head() -> str:
    """The newest migration shipped, read from the migration files alone (no Alembic import:
    a database already at head then opens without loading Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for kind, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    if len(heads) != 1:
        return head_revision()  # not one line of migrations: let Alembic say which
    return heads.pop()


def stamped_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, read with one query (None: no migrations yet)."""
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except DBAPIError:
        return None  # no version table yet
    return str(row[0]) if row is not None else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (nothing is loaded when already at the head)."""
    if revision == "head" and stamped_revision(engine) == shipped_head():
        return
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def head_revision() -> str:
    """The newest migration this code knows."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None  # the package ships its migrations
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
