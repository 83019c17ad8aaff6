"""a person's manager changes mid-cycle: the previous manager's preparation notes are kept for
them, and both managers are told

Revision ID: a7c3e9f1b5d2
Revises: d4f7b9c2e6a1
Create Date: 2026-12-03 06:00:00

"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "a7c3e9f1b5d2"
down_revision = "d4f7b9c2e6a1"
branch_labels = None
depends_on = None

TEXT_LIMITS = {("kept_preparation_notes", "notes"): 20_000}

_KINDS_BEFORE = (
    "'goal_proposed', 'goal_agreed', 'goal_sent_back', 'comment_added', 'conversation_planned', "
    "'self_assessment_submitted', 'report_ready', 'check_in_due', 'deadline_near', "
    "'deadline_passed', 'conversation_due', 'self_assessment_requested', 'signature_due', "
    "'conversations_to_plan', 'feedback_requested', 'feedback_given', 'feedback_due', "
    "'shared_goal_offered', 'second_assessment_requested', 'report_sent_back', "
    "'objection_lodged', 'objection_decided', 'stand_in_arranged'"
)
_KINDS_AFTER = _KINDS_BEFORE + ", 'manager_handed_over'"


def _kinds(allowed: str) -> None:
    for table in ("notification", "notification_preference"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_kind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_kind"), f"kind IN ({allowed})")


def _length_rules():
    path = Path(__file__).with_name("a3c4e8f1b2d7_free_text_has_a_maximum_length.py")
    spec = importlib.util.spec_from_file_location("length_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {"postgresql": module.postgres_rules, "sqlite": module.sqlite_rules}


def upgrade():
    op.create_table(
        "kept_preparation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("new_manager_id", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name=op.f("fk_kept_preparation_notes_conversation_id_conversation"),
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["user_account.id"],
            name=op.f("fk_kept_preparation_notes_manager_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["new_manager_id"],
            ["user_account.id"],
            name=op.f("fk_kept_preparation_notes_new_manager_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_preparation_notes")),
    )
    with op.batch_alter_table("kept_preparation_notes") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_kept_preparation_notes_conversation_id"), ["conversation_id"]
        )
        batch_op.create_index(batch_op.f("ix_kept_preparation_notes_manager_id"), ["manager_id"])
    rules = _length_rules().get(op.get_bind().dialect.name)
    for statement in rules(TEXT_LIMITS) if rules else []:
        op.execute(statement)
    _kinds(_KINDS_AFTER)


def downgrade():
    for table in ("notification", "notification_preference"):
        op.execute(f"DELETE FROM {table} WHERE kind = 'manager_handed_over'")
    _kinds(_KINDS_BEFORE)
    op.drop_table("kept_preparation_notes")
