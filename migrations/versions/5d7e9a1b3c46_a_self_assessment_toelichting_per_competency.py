"""a self-assessment toelichting per competency: the employee's text beside each rating

At most 5,000 characters (both databases), as the manager's toelichting per competency; the
limit is in `pop.models.limits.TEXT_LIMITS` (a test compares them).

Revision ID: 5d7e9a1b3c46
Revises: d1a5c9e3b7f2
Create Date: 2026-12-02 19:30:00

"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "5d7e9a1b3c46"
down_revision = "d1a5c9e3b7f2"
branch_labels = None
depends_on = None

TEXT_LIMITS = {("self_assessment_competency_note", "body"): 5_000}


def _length_rules():
    path = Path(__file__).with_name("a3c4e8f1b2d7_free_text_has_a_maximum_length.py")
    spec = importlib.util.spec_from_file_location("length_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {"postgresql": module.postgres_rules, "sqlite": module.sqlite_rules}


def upgrade():
    op.create_table(
        "self_assessment_competency_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("self_assessment_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
            name="fk_self_assessment_competency_note_competency_id_competency",
        ),
        sa.ForeignKeyConstraint(
            ["self_assessment_id"],
            ["self_assessment.id"],
            name="fk_self_assessment_competency_note_self_assessment",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_self_assessment_competency_note"),
        sa.UniqueConstraint(
            "self_assessment_id", "competency_id", name="uq_self_assessment_competency_note"
        ),
    )
    with op.batch_alter_table("self_assessment_competency_note") as batch_op:
        batch_op.create_index(
            "ix_self_assessment_competency_note_self_assessment_id", ["self_assessment_id"]
        )
        batch_op.create_index(
            "ix_self_assessment_competency_note_competency_id", ["competency_id"]
        )
    dialect = op.get_bind().dialect.name
    rules = _length_rules().get(dialect)
    for statement in rules(TEXT_LIMITS) if rules else []:
        op.execute(statement)


def downgrade():
    op.drop_table("self_assessment_competency_note")
