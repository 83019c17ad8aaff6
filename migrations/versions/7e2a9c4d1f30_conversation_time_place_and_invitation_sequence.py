"""conversations get a time, a duration and a place, and a calendar-invitation sequence

Revision ID: 7e2a9c4d1f30
Revises: c5d1e7a9f3b2
Create Date: 2026-12-02 05:25:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e2a9c4d1f30'
down_revision = 'c5d1e7a9f3b2'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMNs: a batch copy of conversation would drop SQLite's text-length triggers
    # and fire PostgreSQL's signed-report triggers. The duration's range is the service's rule.
    op.add_column('conversation', sa.Column('planned_time', sa.Time(), nullable=True))
    op.add_column('conversation', sa.Column('duration_minutes', sa.Integer(), server_default='60', nullable=False))
    op.add_column('conversation', sa.Column('location', sa.String(length=200), server_default='', nullable=False))
    op.add_column('conversation', sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    for column in ('calendar_sequence', 'location', 'duration_minutes', 'planned_time'):
        op.drop_column('conversation', column)
