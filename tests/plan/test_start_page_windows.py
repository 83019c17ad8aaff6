"""The start page's conversations to plan follow the window that applies to each team member:
their department's (or an ancestor's), else the cycle's."""

from datetime import date

from pop.dates import local_period
from pop.extensions import db
from pop.main.start import start_page
from pop.models import ConversationDeadline, Cycle, User
from tests.plan.test_start_page import add_conversation

REVIEW = "functioneringsgesprek"


def _window(cycle_id: int, opens_on: date, due_on: date, department_id: int | None = None):
    return ConversationDeadline(
        cycle_id=cycle_id,
        department_id=department_id,
        kind=REVIEW,
        opens_on=opens_on,
        due_on=due_on,
    )


def _calendar(app, org, make_department, cycle_id) -> tuple[int, int]:
    """The cycle's review window in February and March; Dienstverlening's (department_a) in
    June, for Pieter too, who works in Balie below it. Returns the year and Balie's id."""
    balie = make_department("Balie", org.department_a)
    with app.app_context():
        year = db.session.get(Cycle, cycle_id).starts_on.year
        db.session.get(User, org.colleague).department_id = balie
        db.session.add_all(
            [
                _window(cycle_id, date(year, 2, 1), date(year, 3, 31)),
                _window(cycle_id, date(year, 6, 1), date(year, 6, 30), org.department_a),
            ]
        )
        db.session.commit()
    return year, balie


def _to_plan(app, org, cycle_id, today: date) -> dict[str, tuple[date, date]]:
    with app.app_context():
        page = start_page(db.session.get(User, org.manager), db.session.get(Cycle, cycle_id), today)
        assert page.to_plan_count == len(page.to_plan)
        return {item.employee_name: (item.opens_on, item.due_on) for item in page.to_plan}


def test_the_team_follows_its_departments_window_not_the_cycles(
    app, org, make_department, cycle_id
):
    year, _balie = _calendar(app, org, make_department, cycle_id)
    # In January the cycle's window opens soon, but the team's own opens only in June.
    assert _to_plan(app, org, cycle_id, date(year, 1, 10)) == {}
    june = (date(year, 6, 1), date(year, 6, 30))
    assert _to_plan(app, org, cycle_id, date(year, 5, 15)) == {
        "Sanne Medewerker": june,
        "Pieter Collega": june,
    }


def test_a_nearer_department_window_overrides_the_one_above_it(app, org, make_department, cycle_id):
    year, balie = _calendar(app, org, make_department, cycle_id)
    with app.app_context():
        db.session.add(_window(cycle_id, date(year, 1, 20), date(year, 2, 15), balie))
        db.session.commit()
    assert _to_plan(app, org, cycle_id, date(year, 1, 10)) == {
        "Pieter Collega": (date(year, 1, 20), date(year, 2, 15))
    }


def test_the_page_shows_the_window_of_each_person(
    app, client, org, login, make_department, cycle_id
):
    _year, balie = _calendar(app, org, make_department, cycle_id)
    today = date.today()
    with app.app_context():
        db.session.add(_window(cycle_id, today, today, balie))
        db.session.commit()
    add_conversation(app, org, cycle_id)  # Sanne has hers
    login(org.manager)
    page = client.get("/").text
    assert "1 gesprek te plannen" in page
    assert "Plan het functioneringsgesprek met Pieter Collega" in page
    with app.test_request_context():
        assert f"periode {local_period(today, today)}" in page
