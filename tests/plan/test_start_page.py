"""The start page tells each person what is waiting for them."""

from datetime import UTC, date, datetime, timedelta

from pop import audit
from pop.extensions import db
from pop.models import Conversation, Goal, GoalStatus, User


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
    assert "1 concept wacht op je" in page
    assert "Deadlines binnenkort" in page


def test_manager_sees_goals_awaiting_agreement(client, org, login, make_goal):
    make_goal(org.employee, GoalStatus.PROPOSED)
    make_goal(org.colleague, GoalStatus.PROPOSED)
    make_goal(org.other_employee, GoalStatus.PROPOSED)
    login(org.manager)
    assert "2 doelen wachten op je akkoord." in client.get("/").text


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


def add_conversation(app, org, cycle_id, **fields) -> int:
    values = {
        "employee_id": org.employee,
        "manager_id": org.manager,
        "cycle_id": cycle_id,
        "kind": "functioneringsgesprek",
        "planned_on": date.today() + timedelta(days=7),
        "rating_scale": ["onvoldoende", "goed"],
    }
    with app.app_context():
        conversation = Conversation(**(values | fields))
        db.session.add(conversation)
        db.session.commit()
        return conversation.id


def test_employee_finds_each_thing_to_do_as_a_link(app, client, org, login, make_goal, cycle_id):
    sent_back = make_goal(org.employee, GoalStatus.CONCEPT, title="Beter plannen")
    make_goal(org.employee, GoalStatus.CONCEPT, title="Nooit voorgesteld")
    with app.app_context():
        audit.record(
            db.session.get(User, org.manager), "goal_sent_back", db.session.get(Goal, sent_back)
        )
        db.session.commit()
    asked = add_conversation(app, org, cycle_id)
    now = datetime.now(UTC)
    to_sign = add_conversation(
        app, org, cycle_id, status="gevoerd", held_on=date.today(), manager_signed_at=now
    )
    login(org.employee)
    page = client.get("/").text
    assert f'<a href="/pop/doelen/{sent_back}">Beter plannen</a>' in page
    assert "Teruggestuurd door je leidinggevende" in page
    assert page.count("Nooit voorgesteld") == 0
    assert f'href="/gesprekken/{asked}/zelfevaluatie"' in page
    assert f'href="/gesprekken/{to_sign}#ondertekenen"' in page
    assert "1 verslag wacht op je handtekening" in page


def test_manager_finds_conversations_to_record_and_sign_and_overdue_team_goals(
    app, client, org, login, make_goal, cycle_id
):
    past = date.today() - timedelta(days=1)
    to_record = add_conversation(app, org, cycle_id, planned_on=past)
    add_conversation(app, org, cycle_id)  # still to come: nothing to record yet
    to_sign = add_conversation(app, org, cycle_id, status="gevoerd", held_on=past)
    make_goal(
        org.employee,
        GoalStatus.IN_PROGRESS,
        starts_on=past - timedelta(days=400),
        deadline=past,
    )
    login(org.manager)
    page = client.get("/").text
    assert page.count('/vastleggen"') == 1
    assert f'href="/gesprekken/{to_record}/vastleggen"' in page
    assert f'href="/gesprekken/{to_sign}#ondertekenen"' in page
    assert "1 doel in je team is over de deadline." in page


def test_to_do_items_do_not_grow_the_query_count(
    app, client, org, login, make_goal, cycle_id, count_queries
):
    def add_one_of_each() -> None:
        add_conversation(app, org, cycle_id)
        add_conversation(app, org, cycle_id, status="gevoerd", manager_signed_at=datetime.now(UTC))
        goal_id = make_goal(org.employee, GoalStatus.CONCEPT)
        with app.app_context():
            audit.record(None, "goal_sent_back", db.session.get(Goal, goal_id))
            db.session.commit()

    login(org.employee)
    add_one_of_each()
    with count_queries() as few:
        client.get("/")
    for _ in range(12):
        add_one_of_each()
    with count_queries() as many:
        client.get("/")
    assert len(few) == len(many)
