"""team and department goals: the shared goal and each member's offer

Revision ID: b8d4f2a6c1e9
Revises: e4f8a2c6b1d9
Create Date: 2026-12-02 14:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d4f2a6c1e9'
down_revision = 'e4f8a2c6b1d9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'shared_goal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('team_manager_id', sa.Integer(), nullable=True),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('measurable', sa.Text(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('distributed_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            '(team_manager_id IS NULL) <> (department_id IS NULL)',
            name=op.f('ck_shared_goal_one_audience'),
        ),
        sa.CheckConstraint('deadline >= starts_on', name=op.f('ck_shared_goal_dates')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_shared_goal_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_shared_goal_cycle_id_cycle')),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_shared_goal_department_id_department')),
        sa.ForeignKeyConstraint(['team_manager_id'], ['user_account.id'], name=op.f('fk_shared_goal_team_manager_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_goal')),
    )
    for column in ('cycle_id', 'team_manager_id', 'department_id'):
        op.create_index(op.f(f'ix_shared_goal_{column}'), 'shared_goal', [column])
    op.create_table(
        'shared_goal_offer',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('shared_goal_id', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('goal_id', sa.Integer(), nullable=True),
        sa.Column('decline_reason', sa.Text(), nullable=True),
        sa.Column('offered_at', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('aangeboden', 'overgenomen', 'aangepast', 'afgewezen')",
            name=op.f('ck_shared_goal_offer_status'),
        ),
        sa.CheckConstraint(
            "(status IN ('overgenomen', 'aangepast')) = (goal_id IS NOT NULL)",
            name=op.f('ck_shared_goal_offer_goal_link'),
        ),
        sa.ForeignKeyConstraint(['employee_id'], ['user_account.id'], name=op.f('fk_shared_goal_offer_employee_id_user_account')),
        sa.ForeignKeyConstraint(['goal_id'], ['goal.id'], name=op.f('fk_shared_goal_offer_goal_id_goal')),
        sa.ForeignKeyConstraint(['shared_goal_id'], ['shared_goal.id'], name=op.f('fk_shared_goal_offer_shared_goal_id_shared_goal')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_shared_goal_offer')),
        sa.UniqueConstraint('goal_id', name=op.f('uq_shared_goal_offer_goal_id')),
        sa.UniqueConstraint('shared_goal_id', 'employee_id', name='uq_shared_goal_offer_member'),
    )
    for column in ('shared_goal_id', 'employee_id'):
        op.create_index(op.f(f'ix_shared_goal_offer_{column}'), 'shared_goal_offer', [column])


def downgrade():
    op.drop_table('shared_goal_offer')
    op.drop_table('shared_goal')
