"""a goal is continued in a later cycle once: a unique index on goal.carried_over_from_id

Revision ID: c8d2e4f6a1b3
Revises: b4e6f2a8c1d3
Create Date: 2026-12-02 14:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c8d2e4f6a1b3'
down_revision = 'b4e6f2a8c1d3'
branch_labels = None
depends_on = None


def upgrade():
    # Two requests at the same moment make one copy; the second is a write conflict.
    op.create_index('ix_goal_carried_over_from_id', 'goal', ['carried_over_from_id'], unique=True)


def downgrade():
    op.drop_index('ix_goal_carried_over_from_id', table_name='goal')
