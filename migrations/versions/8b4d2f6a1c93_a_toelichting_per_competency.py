"""a toelichting per competency: the manager's motivation of each competency's rating

Under the same rules as the notes of a conversation: frozen once the employee signed
(PostgreSQL trigger) and at most 5,000 characters (both databases). The trigger text equals
`pop.models.signed.POSTGRES_COMPETENCY_NOTE_TRIGGER` and the limit is in
`pop.models.limits.TEXT_LIMITS` (tests compare them).

Revision ID: 8b4d2f6a1c93
Revises: c7e1a3f5d9b2
Create Date: 2026-12-02 14:05:00

"""

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "8b4d2f6a1c93"
down_revision = "c7e1a3f5d9b2"
branch_labels = None
depends_on = None

TEXT_LIMITS = {("conversation_competency_note", "body"): 5_000}

TRIGGER = """
DROP TRIGGER IF EXISTS conversation_competency_note_signed_is_frozen
    ON conversation_competency_note;
CREATE TRIGGER conversation_competency_note_signed_is_frozen
    BEFORE INSERT OR UPDATE OR DELETE ON conversation_competency_note
    FOR EACH ROW EXECUTE FUNCTION pop_refuse_signed_part();
"""


def _length_rules():
    path = Path(__file__).with_name("a3c4e8f1b2d7_free_text_has_a_maximum_length.py")
    spec = importlib.util.spec_from_file_location("length_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {"postgresql": module.postgres_rules, "sqlite": module.sqlite_rules}


def upgrade():
    op.create_table(
        "conversation_competency_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["competency_id"],
            ["competency.id"],
            name="fk_conversation_competency_note_competency_id_competency",
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversation.id"],
            name="fk_conversation_competency_note_conversation_id_conversation",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_conversation_competency_note"),
        sa.UniqueConstraint(
            "conversation_id", "competency_id", name="uq_conversation_competency_note"
        ),
    )
    with op.batch_alter_table("conversation_competency_note") as batch_op:
        batch_op.create_index(
            "ix_conversation_competency_note_conversation_id", ["conversation_id"]
        )
        batch_op.create_index("ix_conversation_competency_note_competency_id", ["competency_id"])
    dialect = op.get_bind().dialect.name
    rules = _length_rules().get(dialect)
    for statement in rules(TEXT_LIMITS) if rules else []:
        op.execute(statement)
    if dialect == "postgresql":
        op.execute(TRIGGER)


def downgrade():
    op.drop_table("conversation_competency_note")
