"""members are told when a team or department goal is offered to them

Revision ID: c7e1a3f5d9b2
Revises: c3a9e5d1f7b2
Create Date: 2026-12-02 14:15:00

"""

from alembic import op

revision = "c7e1a3f5d9b2"
down_revision = "c3a9e5d1f7b2"
branch_labels = None
depends_on = None

_KINDS_BEFORE = (
    "'goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', "
    "'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', "
    "'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', "
    "'conversations_to_plan', 'feedback_requested', 'feedback_given', 'feedback_due'"
)
_KINDS_AFTER = _KINDS_BEFORE + ", 'shared_goal_offered'"


def _kinds(allowed: str) -> None:
    for table in ("notification", "notification_preference"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind"), f"kind IN ({allowed})")


def upgrade():
    _kinds(_KINDS_AFTER)


def downgrade():
    for table in ("notification", "notification_preference"):
        op.execute(f"DELETE FROM {table} WHERE kind = 'shared_goal_offered'")
    _kinds(_KINDS_BEFORE)
