"""free text has a maximum length: triggers that refuse longer text (PostgreSQL and SQLite)

Rows stored before this revision keep their text: the triggers fire on insert and on update
of the column only.
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


POSTGRES_TOO_LONG_FUNCTION = """
CREATE OR REPLACE FUNCTION pop_refuse_too_long() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%.% is longer than % characters', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1]
        USING ERRCODE = 'check_violation';
END
$$ LANGUAGE plpgsql
"""


def postgres_rules(limits):
    rules = [POSTGRES_TOO_LONG_FUNCTION]
    for (table, column), maximum in limits.items():
        name = f"{table}_{column}_length"
        rules.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        rules.append(
            f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OF {column} ON {table} "
            f"FOR EACH ROW WHEN (char_length(NEW.{column}) > {maximum}) "
            f"EXECUTE FUNCTION pop_refuse_too_long('{column}', '{maximum}')"
        )
    return rules


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


def _downgrade_function():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS pop_refuse_too_long()")


def downgrade():
    dialect = op.get_bind().dialect.name
    for table, column in TEXT_LIMITS:
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{column}_length ON {table}")
        elif dialect == "sqlite":
            for event_name in ("insert", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{column}_length_{event_name}")
    _downgrade_function()
