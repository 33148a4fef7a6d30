"""The day an action started: set when its status first becomes trying or done.

Revision ID: 0009
Revises: 0008

Actions recorded before this revision keep no start day (the report then dates them from the
day they were recorded): which day they moved to trying was never kept, and a guess would
move the line the report draws between before and after.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("started_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.drop_column("started_on")
