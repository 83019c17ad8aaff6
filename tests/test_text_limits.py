"""Free text has a maximum length: the forms say so, and the database refuses longer text."""

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from pop.extensions import db
from pop.models import Cycle, Goal, GoalComment, GoalStatus
from pop.models.limits import TEXT_LIMITS

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
MIGRATION = VERSIONS / "a3c4e8f1b2d7_free_text_has_a_maximum_length.py"
# Revisions after it that limit the text of the tables they add.
LATER_MIGRATIONS = [
    VERSIONS / "8b4d2f6a1c93_a_toelichting_per_competency.py",
    VERSIONS / "e2b7c4d9f1a6_shared_goal_and_feedback_text_limits.py",
    VERSIONS / "5d7e9a1b3c46_a_self_assessment_toelichting_per_competency.py",
    VERSIONS / "a7c3e9f1b5d2_manager_handover.py",
    VERSIONS / "b6e1f3a8c2d5_objection_and_return_comment_text_limits.py",
]


@pytest.fixture
def goal_id(app, org) -> int:
    with app.app_context():
        cycle = Cycle(name="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
        db.session.add(cycle)
        db.session.flush()
        goal = Goal(
            employee_id=org.employee,
            cycle_id=cycle.id,
            title="Schrijven",
            starts_on=cycle.starts_on,
            deadline=cycle.ends_on,
            status=GoalStatus.AGREED.value,
        )
        db.session.add(goal)
        db.session.commit()
        return goal.id


def test_the_database_refuses_a_comment_longer_than_its_limit(app, org, goal_id):
    maximum = TEXT_LIMITS[("goal_comment", "body")]
    with app.app_context():
        db.session.add(GoalComment(goal_id=goal_id, author_id=org.employee, body="x" * maximum))
        db.session.commit()
        db.session.add(
            GoalComment(goal_id=goal_id, author_id=org.employee, body="x" * (maximum + 1))
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        assert db.session.scalar(select(func.count(GoalComment.id))) == 1


def test_the_database_refuses_an_update_beyond_the_limit(app, goal_id):
    with app.app_context():
        with pytest.raises(IntegrityError, match="is longer than"):
            db.session.execute(
                text("UPDATE goal SET specific = :value WHERE id = :id"),
                {"value": "x" * (TEXT_LIMITS[("goal", "specific")] + 1), "id": goal_id},
            )
        db.session.rollback()


def test_a_comment_of_a_megabyte_gets_a_message_and_is_not_stored(app, client, login, org, goal_id):
    login(org.employee)
    response = client.post(
        f"/pop/doelen/{goal_id}/reacties", data={"body": "x" * 1_000_000}, follow_redirects=True
    )
    assert response.status_code == 200
    assert "Veld mag niet langer zijn dan 5000 karakters." in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(GoalComment.id))) == 0


def _limits_of(path: Path) -> dict:
    spec = importlib.util.spec_from_file_location(f"length_migration_{path.stem}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration.TEXT_LIMITS


def test_the_migrations_hold_the_same_limits():
    limits = _limits_of(MIGRATION)
    for path in LATER_MIGRATIONS:
        limits.update(_limits_of(path))
    assert limits == TEXT_LIMITS


def test_the_migrated_database_refuses_too_long_text(app, org, goal_id):
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with pytest.raises(IntegrityError, match="is longer than"):
            db.session.execute(
                text(
                    "INSERT INTO agreement (conversation_id, what, owner, due_on, created_at) "
                    "VALUES (1, :what, 'medewerker', '2026-12-31', '2026-12-01')"
                ),
                {"what": "x" * (TEXT_LIMITS[("agreement", "what")] + 1)},
            )
        db.session.rollback()


def _length_triggers() -> set[str]:
    """The names of the length rules the database holds."""
    if db.engine.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    return {name for (name,) in db.session.execute(text(query)) if "_length" in name}


def _expected_triggers() -> set[str]:
    if db.engine.dialect.name == "postgresql":
        return {f"{table}_{column}_length" for table, column in TEXT_LIMITS}
    return {
        f"{table}_{column}_length_{event}"
        for table, column in TEXT_LIMITS
        for event in ("insert", "update")
    }


def test_every_limited_column_has_its_rule_in_the_created_and_the_migrated_database(app):
    with app.app_context():
        assert _length_triggers() == _expected_triggers()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        assert _length_triggers() == _expected_triggers()


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("shared_goal", "description"),
        ("shared_goal", "measurable"),
        ("shared_goal_offer", "decline_reason"),
        ("feedback_request", "message"),
        ("feedback_request", "comment"),
        ("feedback_rating", "comment"),
        ("objection", "body"),
        ("objection", "motivation"),
        ("second_assessment", "return_comment"),
    ],
)
def test_the_database_refuses_too_long_text_of_later_tables(app, table, column):
    """Whichever way a row would get it: the rule fires before the row is checked further."""
    maximum = TEXT_LIMITS[(table, column)]
    with app.app_context():
        with pytest.raises(IntegrityError, match="is longer than"):
            db.session.execute(
                text(f"INSERT INTO {table} ({column}) VALUES (:value)"),  # noqa: S608 (names of the test)
                {"value": "x" * (maximum + 1)},
            )
        db.session.rollback()
