"""organisation-wide HR is an explicit grant

Revision ID: 54510784d550
Revises: a3c4e8f1b2d7
Create Date: 2026-12-01 20:47:21.044874

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '54510784d550'
down_revision = 'a3c4e8f1b2d7'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: a batch copy of user_account would break the foreign keys to it.
    op.add_column('user_account', sa.Column('hr_organisation_wide', sa.Boolean(), server_default=sa.false(), nullable=False))
    # Until now HR without departments saw the whole organisation: give exactly those accounts
    # the explicit grant, so that nobody loses access.
    op.execute(
        """
        UPDATE user_account SET hr_organisation_wide = TRUE
        WHERE id IN (SELECT user_id FROM user_role WHERE role = 'hr')
          AND id NOT IN (SELECT user_id FROM hr_scope)
        """
    )


def downgrade():
    op.drop_column('user_account', 'hr_organisation_wide')
