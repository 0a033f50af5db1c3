"""An allegation's outcome and how long its record is kept; when an overdue clock was escalated

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
    with op.batch_alter_table("concerns") as batch:
        batch.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch.add_column(
            sa.Column("outcome_recorded_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("keep_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("concerns") as batch:
        for column in ("keep_until", "outcome_recorded_at", "outcome", "escalated_at"):
            batch.drop_column(column)
