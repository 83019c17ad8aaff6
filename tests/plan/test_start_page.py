"""The start page tells each person what is waiting for them."""

from datetime import date, timedelta

from pop.models import GoalStatus


def test_employee_sees_open_overdue_and_concept_goals(client, org, login, make_goal):
    today = date.today()
    make_goal(org.employee, GoalStatus.CONCEPT)
    make_goal(
        org.employee,
        GoalStatus.IN_PROGRESS,
        deadline=today + timedelta(days=5),
        starts_on=today - timedelta(days=400),
    )
    login(org.employee)
    page = client.get("/").text
    assert "2 lopende doelen" in page
    assert "1 concept wacht op u" in page
    assert "Deadlines binnenkort" in page


def test_manager_sees_goals_awaiting_agreement(client, org, login, make_goal):
    make_goal(org.employee, GoalStatus.PROPOSED)
    make_goal(org.colleague, GoalStatus.PROPOSED)
    make_goal(org.other_employee, GoalStatus.PROPOSED)
    login(org.manager)
    assert "2 doelen wachten op uw akkoord." in client.get("/").text


def test_start_page_query_count_does_not_grow_with_goals(
    client, org, login, make_goal, count_queries
):
    login(org.manager)
    make_goal(org.manager, GoalStatus.IN_PROGRESS)
    with count_queries() as few:
        client.get("/")
    for _ in range(30):
        make_goal(org.manager, GoalStatus.IN_PROGRESS)
        make_goal(org.employee, GoalStatus.PROPOSED)
    with count_queries() as many:
        client.get("/")
    assert len(few) == len(many)
