"""Actions a ward decides to try, from an idea or a theme, with an owner role and a status.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ward", sa.String(32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("idea_id", sa.String(8), nullable=True),
        sa.Column("theme", sa.String(64), nullable=True),
        sa.Column("owner_role", sa.String(24), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("updated_on", sa.Date(), nullable=False),
    )
    op.create_index("ix_actions_ward", "actions", ["ward"])


def downgrade() -> None:
    op.drop_index("ix_actions_ward", table_name="actions")
    op.drop_table("actions")
