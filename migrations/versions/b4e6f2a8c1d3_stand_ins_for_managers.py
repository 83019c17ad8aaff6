"""stand-ins: someone who acts as a manager for that manager's team for a period

Revision ID: b4e6f2a8c1d3
Revises: 8b4d2f6a1c93
Create Date: 2026-12-02 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4e6f2a8c1d3'
down_revision = '8b4d2f6a1c93'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stand_in',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('manager_id', sa.Integer(), nullable=False),
        sa.Column('stand_in_id', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint('starts_on < ends_on', name=op.f('ck_stand_in_period')),
        sa.CheckConstraint('manager_id <> stand_in_id', name=op.f('ck_stand_in_not_self')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_stand_in_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['manager_id'], ['user_account.id'], name=op.f('fk_stand_in_manager_id_user_account')),
        sa.ForeignKeyConstraint(['stand_in_id'], ['user_account.id'], name=op.f('fk_stand_in_stand_in_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stand_in')),
    )
    with op.batch_alter_table('stand_in', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stand_in_manager_id'), ['manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stand_in_stand_in_id'), ['stand_in_id'], unique=False)
    # A plain ADD COLUMN, without a foreign key: SQLite would need a batch copy of audit_event.
    op.add_column('audit_event', sa.Column('on_behalf_of_id', sa.Integer(), nullable=True))


def downgrade():
    op.drop_column('audit_event', 'on_behalf_of_id')
    with op.batch_alter_table('stand_in', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stand_in_stand_in_id'))
        batch_op.drop_index(batch_op.f('ix_stand_in_manager_id'))
    op.drop_table('stand_in')
