"""Handled update ids in a SQLite table keyed by its primary key alone (``WITHOUT ROWID``).

A rowid table with a two-column primary key keeps two B-trees, the rows and the key's index, so
every claimed update id wrote two pages per turn; keyed by the primary key it writes one
(measured in bench/bench_turns.py). PostgreSQL has no rowid: nothing changes there.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_CREATE = (
    "CREATE TABLE processed_updates_new (channel VARCHAR(16) NOT NULL, "
    "update_id BIGINT NOT NULL, handled_on DATE NOT NULL, "
    "CONSTRAINT pk_processed_updates PRIMARY KEY (channel, update_id)){rowid}"
)


def _rebuild(rowid: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(_CREATE.format(rowid=rowid))
    op.execute(
        "INSERT INTO processed_updates_new (channel, update_id, handled_on) "
        "SELECT channel, update_id, handled_on FROM processed_updates"
    )
    op.execute("DROP TABLE processed_updates")
    op.execute("ALTER TABLE processed_updates_new RENAME TO processed_updates")


def upgrade() -> None:
    _rebuild(" WITHOUT ROWID")


def downgrade() -> None:
    _rebuild("")
