"""How long each free-text column may be, and the database rules that hold it to that.

The forms validate against these numbers (a message in the user's language); the database
refuses longer values too, so that no other path stores a megabyte: a trigger per column
(PostgreSQL) or a pair of them (SQLite: insert, update). Triggers, not CHECK constraints: they
leave rows stored before the limit alone and need no rebuild of the tables. The migration
"free text has a maximum length" creates the same rules (a test compares them).
"""

from sqlalchemy import event

from pop.extensions import db

# (table, column) -> the maximum number of characters.
TEXT_LIMITS: dict[tuple[str, str], int] = {
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
    ("conversation_competency_note", "body"): 5_000,
    # A shared goal's texts become the members' goals' specific and measurable.
    ("shared_goal", "description"): 2_000,
    ("shared_goal", "measurable"): 2_000,
    ("shared_goal_offer", "decline_reason"): 2_000,
    ("feedback_request", "message"): 2_000,
    ("feedback_request", "comment"): 5_000,
    ("feedback_rating", "comment"): 2_000,
    ("self_assessment_competency_note", "body"): 5_000,
    # As long as the conversation's own notes they were moved from.
    ("kept_preparation_notes", "notes"): 20_000,
    ("second_assessment", "return_comment"): 5_000,
    # An amended judgement's motivation becomes an addendum: no longer than an addendum's body.
    ("objection", "body"): 10_000,
    ("objection", "motivation"): 10_000,
}


def limit(table: str, column: str) -> int:
    return TEXT_LIMITS[(table, column)]


def string_length(attribute) -> int:
    """The length of a `String(n)` column (`JobFunction.title`): the most a form may accept.

    PostgreSQL refuses a longer value with an error; SQLite would store it. A form that takes
    its maximum from here says so in the user's language instead.
    """
    return attribute.property.columns[0].type.length


POSTGRES_TOO_LONG_FUNCTION = """
CREATE OR REPLACE FUNCTION pop_refuse_too_long() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%.% is longer than % characters', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1]
        USING ERRCODE = 'check_violation';
END
$$ LANGUAGE plpgsql
"""


def postgres_rules(limits: dict[tuple[str, str], int]) -> list[str]:
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


def sqlite_rules(limits: dict[tuple[str, str], int]) -> list[str]:
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


@event.listens_for(db.metadata, "after_create")
def _create_length_rules(target, connection, **kwargs) -> None:
    dialect = connection.dialect.name
    rules = {"postgresql": postgres_rules, "sqlite": sqlite_rules}.get(dialect)
    for statement in rules(TEXT_LIMITS) if rules else []:
        connection.exec_driver_sql(statement.replace("%", "%%"))  # pyformat
