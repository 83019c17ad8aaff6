"""second assessor: per cycle whether a beoordelingsgesprek needs one, and their agreement

Revision ID: d1a5c9e3b7f2
Revises: e2b7c4d9f1a6
Create Date: 2026-12-02 19:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "d1a5c9e3b7f2"
down_revision = "e2b7c4d9f1a6"
branch_labels = None
depends_on = None

_KINDS_BEFORE = (
    "'goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', "
    "'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', "
    "'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', "
    "'conversations_to_plan', 'feedback_requested', 'feedback_given', 'feedback_due', "
    "'shared_goal_offered'"
)
_NEW_KINDS = ("second_assessment_requested", "report_sent_back")
_KINDS_AFTER = _KINDS_BEFORE + "".join(f", '{kind}'" for kind in _NEW_KINDS)


def _kinds(allowed: str) -> None:
    for table in ("notification", "notification_preference"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind"), f"kind IN ({allowed})")


def upgrade():
    op.add_column(
        "cycle",
        sa.Column(
            "second_assessor_required", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )
    op.create_table(
        "second_assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("assessor_id", sa.Integer(), nullable=False),
        sa.Column("named_by_id", sa.Integer(), nullable=True),
        sa.Column("requested_at", sa.DateTime(), nullable=True),
        sa.Column("agreed_at", sa.DateTime(), nullable=True),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("return_comment", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["assessor_id"],
            ["user_account.id"],
            name=op.f("fk_second_assessment_assessor_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_second_assessment_conversation_id_conversation"),
        ),
        sa.ForeignKeyConstraint(
            ["named_by_id"],
            ["user_account.id"],
            name=op.f("fk_second_assessment_named_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_second_assessment")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_second_assessment_conversation_id")),
    )
    with op.batch_alter_table("second_assessment") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_second_assessment_assessor_id"), ["assessor_id"], unique=False
        )
    _kinds(_KINDS_AFTER)


def downgrade():
    for table in ("notification", "notification_preference"):
        for kind in _NEW_KINDS:
            op.execute(f"DELETE FROM {table} WHERE kind = '{kind}'")
    _kinds(_KINDS_BEFORE)
    with op.batch_alter_table("second_assessment") as batch_op:
        batch_op.drop_index(batch_op.f("ix_second_assessment_assessor_id"))
    op.drop_table("second_assessment")
    with op.batch_alter_table("cycle") as batch_op:
        batch_op.drop_column("second_assessor_required")
