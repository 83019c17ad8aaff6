"""a cycle is held with or without ratings

Revision ID: b8e2f4a6c1d3
Revises: a8c6e2f4b1d3
Create Date: 2026-12-03 05:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b8e2f4a6c1d3"
down_revision = "a8c6e2f4b1d3"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "cycle",
        sa.Column("with_ratings", sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade():
    with op.batch_alter_table("cycle") as batch_op:
        batch_op.drop_column("with_ratings")
