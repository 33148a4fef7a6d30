"""Quote consent per reflection.

``reflections.quotable``: the person agreed, at the review, that leads may read this answer
word for word (anonymised); quotes come only from such answers. Existing rows are not
quotable: nobody was asked.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reflections") as batch:
        batch.add_column(
            sa.Column("quotable", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("reflections") as batch:
        batch.drop_column("quotable")
