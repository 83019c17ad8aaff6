"""The schema holds the invariants too: enum columns read as enums, CHECKs refuse the rest."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from pop.extensions import db
from pop.models import Goal, GoalStatus, Role, User
from tests.conversations.factories import make_cycle, make_goal


@pytest.fixture
def goal_id(app, org) -> int:
    return make_goal(app, org.employee, make_cycle(app), GoalStatus.IN_PROGRESS)


def test_a_status_is_read_as_its_enum_and_stored_as_before(app, goal_id):
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        assert goal.status is GoalStatus.IN_PROGRESS
        stored = db.session.execute(text("SELECT status FROM goal WHERE id = :id"), {"id": goal_id})
        assert stored.scalar_one() == "bezig"


@pytest.mark.parametrize("progress", [-1, 101])
def test_the_database_refuses_progress_outside_0_to_100(app, goal_id, progress):
    with app.app_context():
        db.session.get(Goal, goal_id).progress = progress
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_the_database_refuses_an_unknown_status(app, goal_id):
    with app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(
                text("UPDATE goal SET status = 'misschien' WHERE id = :id"), {"id": goal_id}
            )
        db.session.rollback()


def test_the_database_refuses_an_unknown_role(app, org):
    with app.app_context():
        assert Role.EMPLOYEE in db.session.get(User, org.employee).roles
        with pytest.raises(IntegrityError):
            db.session.execute(
                text("UPDATE user_role SET role = 'koning' WHERE user_id = :id"),
                {"id": org.employee},
            )
        db.session.rollback()
