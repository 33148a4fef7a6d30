"""Per-session bookkeeping that keeps a turn to one cheap transaction.

``reply_pending`` names the update whose replies are not yet confirmed sent; ``resume_at`` is
when the session's resume reminder is due, so a turn need not read the reminders table.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("reply_pending", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("resume_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("resume_at")
        batch.drop_column("reply_pending")
