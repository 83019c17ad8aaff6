"""The turn of the cycle: people land in the open cycle, a closed one is read-only, and an open
goal of the closed cycle continues in the new one."""

from datetime import date

import pytest

from pop.extensions import db
from pop.models import AuditEvent, CheckIn, Cycle, Goal, GoalStatus, User
from pop.plan import check_ins, current_cycle, services, turnover
from pop.plan.services import GoalData, PlanError
from tests import html

TODAY = date.today()
THIS_YEAR = TODAY.year


@pytest.fixture
def cycles(app) -> dict[str, int]:
    """This year's cycle, closed by HR; next year's, opened by HR and starting on 1 January."""
    with app.app_context():
        closed = Cycle(
            name=str(THIS_YEAR),
            starts_on=date(THIS_YEAR, 1, 1),
            ends_on=date(THIS_YEAR, 12, 31),
            is_open=False,
        )
        new = Cycle(
            name=str(THIS_YEAR + 1),
            starts_on=date(THIS_YEAR + 1, 1, 1),
            ends_on=date(THIS_YEAR + 1, 12, 31),
        )
        db.session.add_all([closed, new])
        db.session.commit()
        return {"closed": closed.id, "new": new.id}


def _goal(app, employee_id: int, cycle_id: int, status=GoalStatus.IN_PROGRESS, title="Schrijven"):
    with app.app_context():
        goal = Goal(
            employee_id=employee_id,
            cycle_id=cycle_id,
            title=title,
            starts_on=date(THIS_YEAR, 1, 1),
            deadline=date(THIS_YEAR, 12, 31),
            status=status.value,
            progress=40,
        )
        db.session.add(goal)
        db.session.commit()
        return goal.id


def test_people_land_in_the_next_open_cycle_once_the_old_one_is_closed(app, cycles):
    with app.app_context():
        assert current_cycle.find_current_cycle().id == cycles["new"]
        assert current_cycle.find_current_cycle(date(THIS_YEAR + 1, 1, 1)).id == cycles["new"]


def test_an_open_cycle_that_holds_today_comes_first(app, cycles):
    with app.app_context():
        db.session.get(Cycle, cycles["closed"]).is_open = True
        db.session.commit()
        assert current_cycle.find_current_cycle().id == cycles["closed"]
        assert current_cycle.find_current_cycle(date(THIS_YEAR + 1, 1, 1)).id == cycles["new"]


def test_without_an_open_cycle_the_years_closed_cycle_is_shown(app, cycles):
    with app.app_context():
        db.session.get(Cycle, cycles["new"]).is_open = False
        db.session.commit()
        assert current_cycle.find_current_cycle().id == cycles["closed"]


def test_no_new_goal_in_a_closed_cycle(app, org, cycles):
    data = GoalData(
        title="Nieuw",
        specific="",
        measurable="",
        achievable="",
        realistic="",
        starts_on=date(THIS_YEAR, 2, 1),
        deadline=date(THIS_YEAR, 3, 1),
    )
    with app.app_context():
        employee = db.session.get(User, org.employee)
        with pytest.raises(PlanError, match="gesloten"):
            services.create_goal(employee, db.session.get(Cycle, cycles["closed"]), data, employee)


def test_a_check_in_on_a_goal_of_a_closed_cycle_is_refused(app, org, cycles):
    goal_id = _goal(app, org.employee, cycles["closed"])
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        with pytest.raises(PlanError, match="Zet het doel voort in de nieuwe cyclus"):
            check_ins.add_check_in(
                goal, db.session.get(User, org.employee), on=TODAY, progress=60, note="Verder"
            )


def test_a_check_in_posted_on_a_closed_goal_stores_nothing_and_says_why(
    app, client, login, org, cycles
):
    goal_id = _goal(app, org.employee, cycles["closed"])
    login(org.employee)
    response = client.post(
        f"/pop/doelen/{goal_id}/voortgang",
        data={"on": TODAY.isoformat(), "progress": "60", "note": "Verder"},
        follow_redirects=True,
    )
    assert "is gesloten: voortgang kan er niet meer bij" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(CheckIn.id))) == 0
        assert db.session.get(Goal, goal_id).progress == 40


@pytest.mark.parametrize(
    ("form", "reason"),
    [
        ("voortgang", "is gesloten: voortgang kan er niet meer bij"),
        ("bewerken", "is gesloten: dit doel verandert niet meer"),
    ],
)
def test_the_forms_of_a_closed_goal_lead_back_to_the_goal_with_the_reason(
    app, client, login, org, cycles, form, reason
):
    goal_id = _goal(app, org.employee, cycles["closed"])
    login(org.employee)
    response = client.get(f"/pop/doelen/{goal_id}/{form}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/pop/doelen/{goal_id}"
    assert reason in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("status", [GoalStatus.CONCEPT, GoalStatus.PROPOSED])
def test_goals_of_a_closed_cycle_no_longer_change_status(app, org, cycles, status):
    goal_id = _goal(app, org.employee, cycles["closed"], status=status)
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        if status == GoalStatus.CONCEPT:
            action, actor = services.propose, db.session.get(User, org.employee)
        else:
            action, actor = services.agree, db.session.get(User, org.manager)
        with pytest.raises(PlanError, match="verandert niet meer"):
            action(goal, actor)


def test_an_open_goal_of_the_closed_cycle_continues_in_the_new_one(app, org, cycles):
    goal_id = _goal(app, org.employee, cycles["closed"])
    with app.app_context():
        employee = db.session.get(User, org.employee)
        goal = db.session.get(Goal, goal_id)
        assert turnover.may_continue(goal)
        copy = turnover.continue_goal(goal, employee)
        db.session.commit()
        assert (copy.cycle_id, copy.carried_over_from_id) == (cycles["new"], goal_id)
        assert (copy.status, copy.progress, copy.title) == ("bezig", 40, "Schrijven")
        assert copy.starts_on == date(THIS_YEAR + 1, 1, 1)
        assert goal.cycle_id == cycles["closed"]  # the closed POP keeps it as it was
        assert db.session.scalars(
            db.select(AuditEvent.action).where(AuditEvent.object_id == copy.id)
        ).all() == ["goal_carried_over"]
        assert not turnover.may_continue(goal)
        with pytest.raises(PlanError, match="al voortgezet"):
            turnover.continue_goal(goal, employee)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("finished", "afgerond of gestopt"),
        ("open_cycle", "open cyclus"),
        ("not_owner", "medewerker zelf"),
        ("no_next_cycle", "nog geen nieuwe cyclus"),
    ],
)
def test_continuing_a_goal_is_refused(app, org, cycles, case, message):
    status = GoalStatus.DONE if case == "finished" else GoalStatus.AGREED
    cycle_id = cycles["new"] if case == "open_cycle" else cycles["closed"]
    goal_id = _goal(app, org.employee, cycle_id, status=status)
    with app.app_context():
        if case == "no_next_cycle":
            db.session.get(Cycle, cycles["new"]).is_open = False
        actor = db.session.get(User, org.manager if case == "not_owner" else org.employee)
        with pytest.raises(PlanError, match=message):
            turnover.continue_goal(db.session.get(Goal, goal_id), actor)


def test_mijn_pop_shows_the_new_cycle_with_a_way_back_to_the_closed_one(
    app, client, login, org, cycles
):
    _goal(app, org.employee, cycles["closed"])
    login(org.employee)
    page = html.page(client.get("/pop/").get_data(as_text=True))
    assert str(THIS_YEAR + 1) in html.text(html.select(page, "h1")[0])
    assert html.select(page, 'a[href="/pop/doelen/nieuw"]')
    links = [a["href"] for a in html.select(page, "a")]
    assert f"/pop/?cyclus={cycles['closed']}" in links


def test_the_closed_pop_is_read_only_with_a_way_to_the_new_one(app, client, login, org, cycles):
    goal_id = _goal(app, org.employee, cycles["closed"])
    login(org.employee)
    response = client.get(f"/pop/?cyclus={cycles['closed']}")
    assert response.status_code == 200
    page = html.page(response.get_data(as_text=True))
    assert not html.select(page, 'a[href="/pop/doelen/nieuw"]')
    assert "Deze cyclus is gesloten" in html.text(page)
    assert f"/pop/?cyclus={cycles['new']}" in [a["href"] for a in html.select(page, "a")]
    assert html.select(page, f'form[action="/pop/doelen/{goal_id}/voortzetten"]')
    goal_page = html.page(client.get(f"/pop/doelen/{goal_id}").get_data(as_text=True))
    assert not html.select(goal_page, f'a[href="/pop/doelen/{goal_id}/voortgang"]')
    assert not html.select(goal_page, f'a[href="/pop/doelen/{goal_id}/bewerken"]')


def test_continuing_through_the_page_leads_to_the_goal_in_the_new_cycle(
    app, client, login, org, cycles
):
    goal_id = _goal(app, org.employee, cycles["closed"])
    login(org.employee)
    response = client.post(f"/pop/doelen/{goal_id}/voortzetten")
    assert response.status_code == 302
    with app.app_context():
        copy = db.session.scalars(db.select(Goal).where(Goal.carried_over_from_id == goal_id)).one()
    assert response.headers["Location"] == f"/pop/doelen/{copy.id}"
    page = client.get(f"/pop/doelen/{goal_id}").get_data(as_text=True)
    assert f'href="/pop/doelen/{copy.id}"' in page
    again = client.post(f"/pop/doelen/{goal_id}/voortzetten", follow_redirects=True)
    assert "al voortgezet" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Goal.id))) == 2


def test_an_unknown_cycle_is_404(app, client, login, org, cycles):
    login(org.employee)
    assert client.get("/pop/?cyclus=987654").status_code == 404


def test_the_closed_pop_page_takes_the_same_queries_for_2_and_50_goals(
    app, client, login, org, cycles, count_queries
):
    login(org.employee)
    counts = []
    for total in (2, 50):
        with app.app_context():
            db.session.execute(db.delete(Goal))
            db.session.commit()
        for number in range(total):
            _goal(app, org.employee, cycles["closed"], title=f"Doel {number}")
        client.get(f"/pop/?cyclus={cycles['closed']}")  # warm the session
        with count_queries() as queries:
            response = client.get(f"/pop/?cyclus={cycles['closed']}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
