"""the stand-in and the manager are told when a stand-in is arranged

Revision ID: d4f7b9c2e6a1
Revises: e7b3d5f9a2c4
Create Date: 2026-12-02 19:10:00

"""

from alembic import op

revision = "d4f7b9c2e6a1"
down_revision = "e7b3d5f9a2c4"
branch_labels = None
depends_on = None

_KINDS_BEFORE = (
    "'goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', "
    "'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', "
    "'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', "
    "'conversations_to_plan', 'feedback_requested', 'feedback_given', 'feedback_due', "
    "'shared_goal_offered', 'second_assessment_requested', 'report_sent_back', "
    "'objection_lodged', 'objection_decided'"
)
_KINDS_AFTER = _KINDS_BEFORE + ", 'stand_in_arranged'"


def _kinds(allowed: str) -> None:
    for table in ("notification", "notification_preference"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind"), f"kind IN ({allowed})")


def upgrade():
    _kinds(_KINDS_AFTER)


def downgrade():
    for table in ("notification", "notification_preference"):
        op.execute(f"DELETE FROM {table} WHERE kind = 'stand_in_arranged'")
    _kinds(_KINDS_BEFORE)
