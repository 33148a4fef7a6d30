"""Team leads and their one-time enrolment codes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("wards", sa.JSON(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leads")),
        sa.UniqueConstraint("key", name=op.f("uq_leads_key")),
    )
    op.create_table(
        "lead_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("wards", sa.JSON(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_lead_invites_code_hash")),
    )


def downgrade() -> None:
    op.drop_table("lead_invites")
    op.drop_table("leads")
