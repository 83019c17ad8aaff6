"""The stand-in page: arranging a vervanger, the list of current and coming ones, ending one;
who is told; and what the stand-in's start page, team view and notifications show."""

from datetime import date, timedelta

from pop.extensions import db
from pop.models import Goal, GoalStatus, Notification, NotificationKind, Role, StandIn
from pop.plan import services as plan_services
from tests.conversations.factories import TODAY, make_goal
from tests.team.arrangements import arrange


def _form(manager, stand_in, starts_on=TODAY, ends_on=TODAY + timedelta(days=14)) -> dict:
    return {
        "manager_id": str(manager),
        "stand_in_id": str(stand_in),
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
    }


def _notifications(app, recipient: int, kind: NotificationKind) -> list[Notification]:
    with app.app_context():
        return list(
            db.session.scalars(
                db.select(Notification).where(
                    Notification.recipient_id == recipient, Notification.kind == kind.value
                )
            )
        )


def _arrangements(app) -> list[StandIn]:
    with app.app_context():
        return list(db.session.scalars(db.select(StandIn)))


def test_hr_arranges_a_stand_in_and_both_are_told(app, client, login, org, deputy):
    login(org.hr)
    response = client.post("/team/vervangers", data=_form(org.manager, deputy))
    assert response.status_code == 302
    [arrangement] = _arrangements(app)
    assert (arrangement.manager_id, arrangement.stand_in_id) == (org.manager, deputy)
    assert arrangement.created_by_id == org.hr
    [told] = _notifications(app, deputy, NotificationKind.STAND_IN_ARRANGED)
    assert told.link == "/team/"
    assert _notifications(app, org.manager, NotificationKind.STAND_IN_ARRANGED)
    client.post("/auth/logout")
    login(deputy)
    page = client.get("/meldingen/").text
    assert "Je vervangt Marieke Manager van" in page
    client.post("/auth/logout")
    login(org.manager)
    assert "Vera Vervanger vervangt je van" in client.get("/meldingen/").text


def test_a_manager_arranges_their_own_stand_in_and_is_not_told_of_it(
    app, client, login, org, deputy
):
    login(org.manager)
    page = client.get("/team/vervangers").text
    assert "Vervanger regelen" in page
    assert "Karim Manager</option>" not in page.split('id="stand_in_id"')[0]  # only themselves
    response = client.post(
        "/team/vervangers", data=_form(org.manager, deputy), follow_redirects=True
    )
    assert "Vera Vervanger vervangt Marieke Manager." in response.text
    assert len(_arrangements(app)) == 1
    assert _notifications(app, deputy, NotificationKind.STAND_IN_ARRANGED)
    assert not _notifications(app, org.manager, NotificationKind.STAND_IN_ARRANGED)


def test_a_manager_cannot_arrange_for_another_manager(app, client, login, org, deputy):
    login(org.manager)
    response = client.post("/team/vervangers", data=_form(org.other_manager, deputy))
    assert response.status_code == 200  # not one of the choices: the form says so
    assert _arrangements(app) == []


def test_a_refused_arrangement_keeps_what_was_typed(app, client, login, org):
    login(org.hr)
    ends_on = TODAY + timedelta(days=9)
    response = client.post(
        "/team/vervangers", data=_form(org.manager, org.employee, ends_on=ends_on)
    )
    assert response.status_code == 200
    assert "Een lid van het team kan het team niet vervangen" in response.text
    assert f'value="{ends_on.isoformat()}"' in response.text
    assert _arrangements(app) == []
    assert not _notifications(app, org.employee, NotificationKind.STAND_IN_ARRANGED)


def test_an_invalid_date_is_shown_and_nothing_stored(app, client, login, org, deputy):
    login(org.hr)
    data = {**_form(org.manager, deputy), "ends_on": "31-02-2026"}
    response = client.post("/team/vervangers", data=data)
    assert response.status_code == 200
    assert "Vul een geldige datum in." in response.text
    assert _arrangements(app) == []


def test_the_list_shows_current_and_coming_not_past_or_ended(
    app, client, login, org, deputy, make_user
):
    others = [make_user(f"Vervanger {n}", department_id=org.department_b) for n in range(3)]
    arrange(app, org.manager, deputy, TODAY - timedelta(days=2), days=5)  # running
    arrange(app, org.manager, others[0], TODAY + timedelta(days=10), days=5)  # coming
    arrange(app, org.manager, others[1], TODAY - timedelta(days=20), days=5)  # past
    arrange(app, org.other_manager, others[2], TODAY, days=5, ended=True)  # ended early
    login(org.hr)
    page = client.get("/team/vervangers").text
    assert "Vera Vervanger" in page
    assert "loopt" in page
    assert "Vervanger 0" in page
    assert "komt nog" in page
    assert "Vervanger 1</td>" not in page
    assert "Vervanger 2</td>" not in page


def test_the_manager_ends_a_stand_in_early(app, client, login, org, deputy):
    arrangement = arrange(app, org.manager, deputy)
    login(org.manager)
    response = client.post(f"/team/vervangers/{arrangement}/beeindigen", follow_redirects=True)
    assert "is beëindigd" in response.text
    [ended] = _arrangements(app)
    assert ended.ended_at is not None
    client.post("/auth/logout")
    login(deputy)
    assert client.get("/team/").status_code == 404  # the rights ended at once


def test_the_stand_in_cannot_end_it_and_others_do_not_see_it(app, client, login, org, deputy):
    arrangement = arrange(app, org.manager, deputy)
    login(deputy)
    assert client.post(f"/team/vervangers/{arrangement}/beeindigen").status_code == 403
    client.post("/auth/logout")
    login(org.other_manager)
    assert client.post(f"/team/vervangers/{arrangement}/beeindigen").status_code == 404
    assert _arrangements(app)[0].ended_at is None


def test_a_stand_in_who_is_a_manager_sees_it_but_cannot_end_it(app, client, login, org):
    arrangement = arrange(app, org.manager, org.other_manager)
    login(org.other_manager)
    assert "Marieke Manager" in client.get("/team/vervangers").text
    assert client.post(f"/team/vervangers/{arrangement}/beeindigen").status_code == 403
    assert _arrangements(app)[0].ended_at is None


def test_the_stand_in_is_told_of_the_teams_proposals_during_the_period_only(
    app, org, deputy, cycle_id
):
    arrange(app, org.manager, deputy)
    with app.app_context():
        from pop.models import User

        goal = db.session.get(Goal, make_goal(app, org.employee, cycle_id, GoalStatus.CONCEPT))
        plan_services.propose(goal, db.session.get(User, org.employee))
        db.session.commit()
    assert _notifications(app, deputy, NotificationKind.GOAL_PROPOSED)
    assert _notifications(app, org.manager, NotificationKind.GOAL_PROPOSED)


def test_before_the_period_the_stand_in_is_not_told(app, org, deputy, cycle_id):
    arrange(app, org.manager, deputy, TODAY + timedelta(days=1))
    with app.app_context():
        from pop.models import User

        goal = db.session.get(Goal, make_goal(app, org.employee, cycle_id, GoalStatus.CONCEPT))
        plan_services.propose(goal, db.session.get(User, org.employee))
        db.session.commit()
    assert not _notifications(app, deputy, NotificationKind.GOAL_PROPOSED)
    assert _notifications(app, org.manager, NotificationKind.GOAL_PROPOSED)


def test_the_stand_ins_start_page_and_team_view_name_the_team(
    app, client, login, org, deputy, cycle_id
):
    arrange(app, org.manager, deputy)
    make_goal(app, org.employee, cycle_id, GoalStatus.PROPOSED)
    login(deputy)
    start = client.get("/").text
    assert "Je vervangt Marieke Manager tot" in start
    assert "1 doel wacht op je akkoord." in start
    team = client.get("/team/").text
    assert "Je vervangt Marieke Manager tot" in team
    assert "Sanne Medewerker" in team


def test_a_coming_stand_in_sees_it_announced_but_leads_nothing_yet(
    app, client, login, org, deputy, cycle_id
):
    arrange(app, org.manager, deputy, TODAY + timedelta(days=3))
    login(deputy)
    start = client.get("/").text
    assert "Je vervangt Marieke Manager van" in start
    assert "wacht op je akkoord" not in start
    assert client.get("/team/").status_code == 404


def test_employees_have_no_stand_in_page(client, login, org):
    login(org.employee)
    assert client.get("/team/vervangers").status_code == 404
    assert client.post("/team/vervangers", data={}).status_code == 404


def test_the_list_query_count_is_the_same_for_2_and_50_arrangements(
    app, client, login, org, make_user, make_department, count_queries
):
    def fill(rows: int) -> None:
        for number in range(rows):
            manager = make_user(f"Chef {number:03d}-{rows}", roles={Role.MANAGER, Role.EMPLOYEE})
            deputy = make_user(f"Vervanger {number:03d}-{rows}")
            arrange(app, manager, deputy, TODAY + timedelta(days=number % 3), days=10)

    def count() -> int:
        with count_queries() as statements:
            assert client.get("/team/vervangers").status_code == 200
        return len(statements)

    login(org.hr)
    fill(2)
    few = count()
    fill(48)
    page = client.get("/team/vervangers").text
    assert page.count("Beëindigen<span") == 50
    assert few == count()


def test_scoped_hr_sees_and_arranges_only_in_scope(app, client, login, org, deputy, make_user):
    from pop.models import HrScope

    scoped = make_user("Sacha Deel-HR", roles={Role.HR, Role.EMPLOYEE}, hr_organisation_wide=False)
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_b))
        db.session.commit()
    arrange(app, org.manager, deputy)
    login(scoped)
    page = client.get("/team/vervangers").text
    assert '<th scope="row">Marieke Manager</th>' not in page
    assert client.post("/team/vervangers", data=_form(org.manager, deputy)).status_code == 200
    assert len(_arrangements(app)) == 1
    response = client.post("/team/vervangers", data=_form(org.other_manager, org.employee))
    assert response.status_code == 302
    assert len(_arrangements(app)) == 2


def test_a_date_in_a_far_year_is_a_form_error_not_a_crash(client, login, org, deputy):
    login(org.hr)
    data = _form(org.manager, deputy, date(2026, 1, 1), date(2026, 1, 1))
    response = client.post("/team/vervangers", data=data)
    assert response.status_code == 200
    assert "De einddatum moet na de begindatum liggen." in response.text


def test_a_goal_proposed_on_the_page_reaches_the_stand_in_who_opens_and_agrees_it(
    app, client, login, org, deputy, cycle_id
):
    arrange(app, org.manager, deputy, TODAY - timedelta(days=1), days=10)
    goal_id = make_goal(app, org.employee, cycle_id, GoalStatus.CONCEPT)
    login(org.employee)
    assert client.post(f"/pop/doelen/{goal_id}/voorstellen").status_code == 302
    client.post("/auth/logout")
    [told] = _notifications(app, deputy, NotificationKind.GOAL_PROPOSED)
    assert _notifications(app, org.manager, NotificationKind.GOAL_PROPOSED)
    login(deputy)
    assert client.get(f"/pop/doelen/{told.object_id}").status_code == 200
    assert client.post(f"/pop/doelen/{goal_id}/akkoord").status_code == 302
    with app.app_context():
        assert db.session.get(Goal, goal_id).goal_status == GoalStatus.AGREED


def test_a_stand_in_whose_period_ended_or_was_ended_is_not_told_of_a_proposal(
    app, client, login, org, deputy, make_user, cycle_id
):
    early = make_user("Eva Eerder", department_id=org.department_b)
    arrange(app, org.manager, deputy, TODAY - timedelta(days=30), days=30)  # ends today
    arrange(app, org.manager, early, TODAY - timedelta(days=1), days=10, ended=True)
    goal_id = make_goal(app, org.employee, cycle_id, GoalStatus.CONCEPT)
    login(org.employee)
    assert client.post(f"/pop/doelen/{goal_id}/voorstellen").status_code == 302
    assert not _notifications(app, deputy, NotificationKind.GOAL_PROPOSED)
    assert not _notifications(app, early, NotificationKind.GOAL_PROPOSED)
    assert _notifications(app, org.manager, NotificationKind.GOAL_PROPOSED)
