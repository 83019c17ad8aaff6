"""feedback from colleagues: requests to chosen colleagues and their ratings per indicator

Revision ID: e4f8a2c6b1d9
Revises: 7e2a9c4d1f30
Create Date: 2026-12-02 14:05:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e4f8a2c6b1d9"
down_revision = "7e2a9c4d1f30"
branch_labels = None
depends_on = None

_KINDS_BEFORE = (
    "'goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', "
    "'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', "
    "'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', "
    "'conversations_to_plan'"
)
_KINDS_AFTER = _KINDS_BEFORE + ", 'feedback_requested', 'feedback_given', 'feedback_due'"


def _kinds(allowed: str) -> None:
    for table in ("notification", "notification_preference"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind"), f"kind IN ({allowed})")


def upgrade():
    op.create_table(
        "feedback_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("giver_id", sa.Integer(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("message", sa.Text(), server_default="", nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="open", nullable=False),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'beantwoord', 'ingetrokken')",
            name=op.f("ck_feedback_request_status"),
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_feedback_request_conversation_id_conversation"),
        ),
        sa.ForeignKeyConstraint(
            ["giver_id"],
            ["user_account.id"],
            name=op.f("fk_feedback_request_giver_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["user_account.id"],
            name=op.f("fk_feedback_request_requester_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_request")),
        sa.UniqueConstraint("conversation_id", "giver_id", name="uq_feedback_request_giver"),
    )
    op.create_index(
        op.f("ix_feedback_request_conversation_id"), "feedback_request", ["conversation_id"]
    )
    op.create_index(op.f("ix_feedback_request_giver_id"), "feedback_request", ["giver_id"])
    op.create_table(
        "feedback_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), server_default="", nullable=False),
        sa.CheckConstraint(
            "score IS NULL OR score BETWEEN 1 AND 10", name=op.f("ck_feedback_rating_score")
        ),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
            name=op.f("fk_feedback_rating_competency_id_competency"),
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["behaviour_indicator.id"],
            name=op.f("fk_feedback_rating_indicator_id_behaviour_indicator"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["feedback_request.id"],
            name=op.f("fk_feedback_rating_request_id_feedback_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_rating")),
        sa.UniqueConstraint("request_id", "indicator_id", name="uq_feedback_rating_indicator"),
    )
    op.create_index(op.f("ix_feedback_rating_request_id"), "feedback_rating", ["request_id"])
    _kinds(_KINDS_AFTER)


def downgrade():
    op.execute(
        "DELETE FROM notification WHERE kind IN "
        "('feedback_requested', 'feedback_given', 'feedback_due')"
    )
    op.execute(
        "DELETE FROM notification_preference WHERE kind IN "
        "('feedback_requested', 'feedback_given', 'feedback_due')"
    )
    _kinds(_KINDS_BEFORE)
    op.drop_index(op.f("ix_feedback_rating_request_id"), table_name="feedback_rating")
    op.drop_table("feedback_rating")
    op.drop_index(op.f("ix_feedback_request_giver_id"), table_name="feedback_request")
    op.drop_index(op.f("ix_feedback_request_conversation_id"), table_name="feedback_request")
    op.drop_table("feedback_request")
