"""Ward entry links the organisation issues: signed, per ward and role, revocable.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ward", sa.String(32), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("revoked_on", sa.Date(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("entry_links")
