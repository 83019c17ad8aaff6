"""bezwaar: an employee's objection to a signed beoordeling, its attachments and HR's decision

Revision ID: e7b3d5f9a2c4
Revises: e8bcaf5abb98
Create Date: 2026-12-02 19:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e7b3d5f9a2c4"
down_revision = "e8bcaf5abb98"
branch_labels = None
depends_on = None

_KINDS_BEFORE = (
    "'goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', "
    "'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', "
    "'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', "
    "'conversations_to_plan', 'feedback_requested', 'feedback_given', 'feedback_due', "
    "'shared_goal_offered', 'second_assessment_requested', 'report_sent_back'"
)
_NEW_KINDS = ("objection_lodged", "objection_decided")
_KINDS_AFTER = _KINDS_BEFORE + "".join(f", '{kind}'" for kind in _NEW_KINDS)


def _kinds(allowed: str) -> None:
    for table in ("notification", "notification_preference"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind"), f"kind IN ({allowed})")


def upgrade():
    op.create_table(
        "objection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("motivation", sa.Text(), server_default="", nullable=False),
        sa.Column("lodged_at", sa.DateTime(), nullable=False),
        sa.Column("taken_up_at", sa.DateTime(), nullable=True),
        sa.Column("taken_up_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("addendum_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('ingediend', 'in_behandeling', 'afgehandeld')",
            name=op.f("ck_objection_status"),
        ),
        sa.CheckConstraint(
            "outcome IN ('gehandhaafd', 'aangepast')", name=op.f("ck_objection_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["addendum_id"],
            ["conversation_addendum.id"],
            name=op.f("fk_objection_addendum_id_conversation_addendum"),
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_objection_conversation_id_conversation"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_objection_decided_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["user_account.id"], name=op.f("fk_objection_employee_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["taken_up_by_id"],
            ["user_account.id"],
            name=op.f("fk_objection_taken_up_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objection")),
        sa.UniqueConstraint("conversation_id", name=op.f("uq_objection_conversation_id")),
    )
    with op.batch_alter_table("objection") as batch_op:
        batch_op.create_index(batch_op.f("ix_objection_employee_id"), ["employee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_objection_status"), ["status"], unique=False)
    op.create_table(
        "objection_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objection_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["objection_id"],
            ["objection.id"],
            name=op.f("fk_objection_attachment_objection_id_objection"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objection_attachment")),
    )
    with op.batch_alter_table("objection_attachment") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objection_attachment_objection_id"), ["objection_id"], unique=False
        )
    _kinds(_KINDS_AFTER)


def downgrade():
    for table in ("notification", "notification_preference"):
        for kind in _NEW_KINDS:
            op.execute(f"DELETE FROM {table} WHERE kind = '{kind}'")
    _kinds(_KINDS_BEFORE)
    with op.batch_alter_table("objection_attachment") as batch_op:
        batch_op.drop_index(batch_op.f("ix_objection_attachment_objection_id"))
    op.drop_table("objection_attachment")
    with op.batch_alter_table("objection") as batch_op:
        batch_op.drop_index(batch_op.f("ix_objection_status"))
        batch_op.drop_index(batch_op.f("ix_objection_employee_id"))
    op.drop_table("objection")
