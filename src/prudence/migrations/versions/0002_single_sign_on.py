"""Sign-in with the school's Microsoft 365 or Google Workspace, configured per school

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
    with op.batch_alter_table("schools") as batch:
        batch.add_column(sa.Column("sso_provider", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("sso_issuer", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("sso_client_id", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("sso_client_secret", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schools") as batch:
        for column in ("sso_client_secret", "sso_client_id", "sso_issuer", "sso_provider"):
            batch.drop_column(column)
