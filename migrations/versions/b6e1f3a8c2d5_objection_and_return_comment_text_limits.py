"""an objection's text and motivation and a second assessor's return comment have a maximum length

Triggers that refuse longer text (PostgreSQL and SQLite), made by the rules of "free text has
a maximum length"; rows stored before keep their text. The numbers are in
`pop.models.limits.TEXT_LIMITS` (tests compare them).

Revision ID: b6e1f3a8c2d5
Revises: b8e2f4a6c1d3
Create Date: 2026-12-03 06:00:00

"""

import importlib.util
from pathlib import Path

from alembic import op

revision = "b6e1f3a8c2d5"
down_revision = "b8e2f4a6c1d3"
branch_labels = None
depends_on = None

TEXT_LIMITS = {
    ("second_assessment", "return_comment"): 5_000,
    ("objection", "body"): 10_000,
    ("objection", "motivation"): 10_000,
}


def _length_rules():
    path = Path(__file__).with_name("a3c4e8f1b2d7_free_text_has_a_maximum_length.py")
    spec = importlib.util.spec_from_file_location("length_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {"postgresql": module.postgres_rules, "sqlite": module.sqlite_rules}


def upgrade():
    rules = _length_rules().get(op.get_bind().dialect.name)
    for statement in rules(TEXT_LIMITS) if rules else []:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table, column in TEXT_LIMITS:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{column}_length ON {table}")
        elif dialect == "sqlite":
            for event_name in ("insert", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{column}_length_{event_name}")
