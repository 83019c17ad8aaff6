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
LATER_MIGRATIONS = [VERSIONS / "8b4d2f6a1c93_a_toelichting_per_competency.py"]


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
