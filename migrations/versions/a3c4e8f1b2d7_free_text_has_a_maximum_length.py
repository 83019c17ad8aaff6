"""free text has a maximum length: CHECK constraints (PostgreSQL) or triggers (SQLite)

Rows stored before this revision keep their text (PostgreSQL: the constraints are NOT VALID,
so only new and changed values are checked; SQLite: triggers fire on insert and update only).
The numbers equal `pop.models.limits.TEXT_LIMITS` as of this revision (a test compares them).

Revision ID: a3c4e8f1b2d7
Revises: 5e1a7c9d2b40
Create Date: 2026-12-01 21:05:00

"""

from alembic import op

revision = "a3c4e8f1b2d7"
down_revision = "5e1a7c9d2b40"
branch_labels = None
depends_on = None

TEXT_LIMITS = {
    ("goal", "specific"): 2_000,
    ("goal", "measurable"): 2_000,
    ("goal", "achievable"): 2_000,
    ("goal", "realistic"): 2_000,
    ("goal", "stop_reason"): 2_000,
    ("goal", "reflection"): 5_000,
    ("check_in", "note"): 5_000,
    ("goal_comment", "body"): 5_000,
    ("conversation", "preparation_notes"): 20_000,
    ("conversation", "overall_motivation"): 10_000,
    ("conversation", "employee_response"): 10_000,
    ("conversation_note", "body"): 20_000,
    ("self_assessment", "reflection"): 10_000,
    ("agreement", "what"): 5_000,
    ("conversation_addendum", "body"): 10_000,
}


def postgres_rules(limits):
    return [
        f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column}_length "
        f"CHECK (char_length({column}) <= {maximum}) NOT VALID"
        for (table, column), maximum in limits.items()
    ]


def sqlite_rules(limits):
    rules = []
    for (table, column), maximum in limits.items():
        refusal = f"SELECT RAISE(ABORT, '{table}.{column} is longer than {maximum} characters')"
        for event_name, when in (("insert", "INSERT"), ("update", f"UPDATE OF {column}")):
            rules.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_{column}_length_{event_name} "
                f"BEFORE {when} ON {table} WHEN length(NEW.{column}) > {maximum} "
                f"BEGIN {refusal}; END"
            )
    return rules


def upgrade():
    dialect = op.get_bind().dialect.name
    rules = {"postgresql": postgres_rules, "sqlite": sqlite_rules}.get(dialect)
    for statement in rules(TEXT_LIMITS) if rules else []:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for table, column in TEXT_LIMITS:
        if dialect == "postgresql":
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS ck_{table}_{column}_length")
        elif dialect == "sqlite":
            for event_name in ("insert", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{column}_length_{event_name}")
