"""Cycle administration: opening, closing with or without carrying goals over, deadlines."""

from datetime import date

from sqlalchemy import func, select

from pop import access
from pop.extensions import db
from pop.models import Cycle, Goal, GoalStatus, User
from tests.hr_overview.conftest import TODAY


def add_goal(app, employee_id: int, cycle_id: int, status: GoalStatus, title: str) -> int:
    with app.app_context():
        goal = Goal(
            employee_id=employee_id,
            cycle_id=cycle_id,
            title=title,
            status=status.value,
            starts_on=date(TODAY.year, 1, 1),
            deadline=date(TODAY.year, 6, 30),
        )
        db.session.add(goal)
        db.session.commit()
        return goal.id


def open_next_cycle(client) -> None:
    response = client.post(
        "/hr/cycli/nieuw",
        data={
            "name": str(TODAY.year + 1),
            "starts_on": date(TODAY.year + 1, 1, 1).isoformat(),
            "ends_on": date(TODAY.year + 1, 12, 31).isoformat(),
        },
    )
    assert response.status_code == 302


def test_hr_opens_a_cycle(app, client, login, catalogue, hr_user):
    login(hr_user)
    open_next_cycle(client)
    with app.app_context():
        cycle = db.session.scalar(select(Cycle).where(Cycle.name == str(TODAY.year + 1)))
        assert cycle.is_open
    page = client.get("/hr/cycli").get_data(as_text=True)
    assert f"De cyclus {TODAY.year + 1} is geopend." in page


def test_a_cycle_that_ends_before_it_starts_is_refused(app, client, login, catalogue, hr_user):
    login(hr_user)
    response = client.post(
        "/hr/cycli/nieuw",
        data={"name": "Verkeerd", "starts_on": "2030-12-31", "ends_on": "2030-01-01"},
    )
    assert response.status_code == 200
    assert "moet na de begindatum liggen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Cycle).where(Cycle.name == "Verkeerd")) is None


def test_closing_asks_what_happens_to_unfinished_goals_and_carries_them_over(
    app, client, login, catalogue, hr_user, make_user
):
    employee = make_user("Erik Employee")
    open_goal = add_goal(app, employee, catalogue.cycle_id, GoalStatus.IN_PROGRESS, "Loopt nog")
    add_goal(app, employee, catalogue.cycle_id, GoalStatus.DONE, "Klaar")
    login(hr_user)
    open_next_cycle(client)
    page = client.get(f"/hr/cycli/{catalogue.cycle_id}/sluiten").get_data(as_text=True)
    assert "Er is 1 doel dat nog niet is afgerond of gestopt." in page
    assert "Wat gebeurt er met de doelen die nog niet af zijn?" in page
    with app.app_context():
        next_id = db.session.scalar(select(Cycle.id).where(Cycle.name == str(TODAY.year + 1)))
    response = client.post(
        f"/hr/cycli/{catalogue.cycle_id}/sluiten", data={"unfinished": str(next_id)}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Cycle, catalogue.cycle_id).is_open is False
        copy = db.session.scalar(select(Goal).where(Goal.carried_over_from_id == open_goal))
        assert copy.cycle_id == next_id
        assert copy.title == "Loopt nog"


def test_closing_can_leave_unfinished_goals_where_they_are(
    app, client, login, catalogue, hr_user, make_user
):
    employee = make_user("Erik Employee")
    add_goal(app, employee, catalogue.cycle_id, GoalStatus.AGREED, "Blijft staan")
    login(hr_user)
    client.post(f"/hr/cycli/{catalogue.cycle_id}/sluiten", data={"unfinished": "laten"})
    with app.app_context():
        assert db.session.get(Cycle, catalogue.cycle_id).is_open is False
        assert db.session.scalar(select(func.count(Goal.id))) == 1


def test_closing_without_an_answer_changes_nothing(app, client, login, catalogue, hr_user):
    login(hr_user)
    response = client.post(f"/hr/cycli/{catalogue.cycle_id}/sluiten", data={})
    assert response.status_code == 200
    assert "Kies wat er met de lopende doelen gebeurt." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Cycle, catalogue.cycle_id).is_open is True


def test_only_hr_for_the_whole_organisation_administers_cycles(
    app, catalogue, hr_user, scoped_hr_user
):
    with app.app_context():
        assert access.may_administer_cycles(db.session.get(User, hr_user))
        assert not access.may_administer_cycles(db.session.get(User, scoped_hr_user))
