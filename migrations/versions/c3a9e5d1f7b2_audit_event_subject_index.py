"""audit log: an index on the subject (object type and id) of each event

Revision ID: c3a9e5d1f7b2
Revises: b8d4f2a6c1e9
Create Date: 2026-12-02 14:15:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3a9e5d1f7b2'
down_revision = 'b8d4f2a6c1e9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_subject', ['object_type', 'object_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject')
