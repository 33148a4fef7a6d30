"""'You said, we did': sealed chat addresses of people who reflected on a ward, and each send.

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "participant_id",
            sa.Integer(),
            sa.ForeignKey(
                "participants.id",
                ondelete="CASCADE",
                name="fk_feedback_contacts_participant_id_participants",
            ),
            nullable=False,
        ),
        sa.Column("ward", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_ref", sa.String(64), nullable=False),
        sa.Column("reflected_on", sa.Date(), nullable=False),
        sa.UniqueConstraint("participant_id", "ward", name="uq_feedback_contacts_participant_id"),
    )
    op.create_index("ix_feedback_contacts_ward", "feedback_contacts", ["ward"])
    op.create_table(
        "feedback_sends",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "action_id",
            sa.Integer(),
            sa.ForeignKey(
                "actions.id", ondelete="CASCADE", name="fk_feedback_sends_action_id_actions"
            ),
            nullable=False,
        ),
        sa.Column(
            "participant_id",
            sa.Integer(),
            sa.ForeignKey(
                "participants.id",
                ondelete="CASCADE",
                name="fk_feedback_sends_participant_id_participants",
            ),
            nullable=False,
        ),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.UniqueConstraint(
            "action_id", "status", "participant_id", name="uq_feedback_sends_action_id"
        ),
    )
    op.create_index("ix_feedback_sends_due_on", "feedback_sends", ["due_on"])


def downgrade() -> None:
    op.drop_index("ix_feedback_sends_due_on", table_name="feedback_sends")
    op.drop_table("feedback_sends")
    op.drop_index("ix_feedback_contacts_ward", table_name="feedback_contacts")
    op.drop_table("feedback_contacts")
