"""conversations and self-assessments carry a version: parallel saves are detected, not lost

Revision ID: c5d1e7a9f3b2
Revises: 54510784d550
Create Date: 2026-12-02 05:35:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c5d1e7a9f3b2"
down_revision = "54510784d550"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs: a batch copy of conversation would fire the signed-report triggers.
    op.add_column(
        "conversation", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    op.add_column(
        "self_assessment", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade():
    op.drop_column("self_assessment", "version")
    op.drop_column("conversation", "version")
