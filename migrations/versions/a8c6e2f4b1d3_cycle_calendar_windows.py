"""a cycle's calendar: a window (from, to) per conversation kind, per department too

Revision ID: a8c6e2f4b1d3
Revises: a7c3e9f1b5d2
Create Date: 2026-12-03 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a8c6e2f4b1d3"
down_revision = "a7c3e9f1b5d2"
branch_labels = None
depends_on = None

_ORGANISATION_INDEX = "uq_conversation_deadline_cycle_kind_organisation"
_NO_DEPARTMENT = sa.text("department_id IS NULL")


def upgrade():
    with op.batch_alter_table("conversation_deadline") as batch_op:
        batch_op.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("opens_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("calendar_sequence", sa.Integer(), server_default="0", nullable=False)
        )
    # A deadline so far was a window from the cycle's first day.
    op.execute(
        "UPDATE conversation_deadline SET opens_on = "
        "(SELECT starts_on FROM cycle WHERE cycle.id = conversation_deadline.cycle_id)"
    )
    with op.batch_alter_table("conversation_deadline") as batch_op:
        batch_op.alter_column("opens_on", existing_type=sa.Date(), nullable=False)
        batch_op.drop_constraint("uq_conversation_deadline_cycle_kind", type_="unique")
        batch_op.create_unique_constraint(
            "uq_conversation_deadline_cycle_department_kind",
            ["cycle_id", "department_id", "kind"],
        )
        batch_op.create_foreign_key(
            op.f("fk_conversation_deadline_department_id_department"),
            "department",
            ["department_id"],
            ["id"],
        )
        batch_op.create_index(
            op.f("ix_conversation_deadline_department_id"), ["department_id"], unique=False
        )
        batch_op.create_check_constraint(
            op.f("ck_conversation_deadline_window_order"), "opens_on <= due_on"
        )
    op.create_index(
        _ORGANISATION_INDEX,
        "conversation_deadline",
        ["cycle_id", "kind"],
        unique=True,
        sqlite_where=_NO_DEPARTMENT,
        postgresql_where=_NO_DEPARTMENT,
    )


def downgrade():
    op.drop_index(_ORGANISATION_INDEX, table_name="conversation_deadline")
    op.execute("DELETE FROM conversation_deadline WHERE department_id IS NOT NULL")
    with op.batch_alter_table("conversation_deadline") as batch_op:
        batch_op.drop_constraint(op.f("ck_conversation_deadline_window_order"), type_="check")
        batch_op.drop_index(op.f("ix_conversation_deadline_department_id"))
        batch_op.drop_constraint(
            op.f("fk_conversation_deadline_department_id_department"), type_="foreignkey"
        )
        batch_op.drop_constraint("uq_conversation_deadline_cycle_department_kind", type_="unique")
        batch_op.create_unique_constraint(
            "uq_conversation_deadline_cycle_kind", ["cycle_id", "kind"]
        )
        batch_op.drop_column("calendar_sequence")
        batch_op.drop_column("opens_on")
        batch_op.drop_column("department_id")
