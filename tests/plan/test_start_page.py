"""The start page tells each person what is waiting for them."""

from datetime import UTC, date, datetime, timedelta

from pop import audit
from pop.extensions import db
from pop.models import CheckIn, Conversation, ConversationDeadline, Goal, GoalStatus, User


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


def add_deadline(app, cycle_id, kind: str, due_on: date, opens_on: date | None = None) -> None:
    opens_on = opens_on or min(date.today(), due_on)
    with app.app_context():
        db.session.add(
            ConversationDeadline(cycle_id=cycle_id, kind=kind, opens_on=opens_on, due_on=due_on)
        )
        db.session.commit()


def test_manager_finds_the_conversations_to_plan_for_each_kind_with_a_deadline(
    app, client, org, login, cycle_id
):
    due = date.today() + timedelta(days=20)
    add_deadline(app, cycle_id, "functioneringsgesprek", due)
    add_conversation(app, org, cycle_id)  # Sanne has hers: nothing to plan for her
    login(org.manager)
    page = client.get("/").text
    assert "1 gesprek te plannen" in page
    assert (
        f'<a href="/gesprekken/nieuw?medewerker={org.colleague}&amp;soort=functioneringsgesprek">'
        "Plan het functioneringsgesprek met Pieter Collega</a>"
    ) in page
    assert f"medewerker={org.employee}&amp;soort=functioneringsgesprek" not in page
    # A kind without a deadline asks for nothing; another manager's people are not listed.
    assert "planningsgesprek met" not in page
    assert f"medewerker={org.other_employee}" not in page


def test_nothing_to_plan_without_deadlines_or_once_every_conversation_is_planned(
    app, client, org, login, cycle_id
):
    login(org.manager)
    assert "te plannen" not in client.get("/").text
    add_deadline(app, cycle_id, "functioneringsgesprek", date.today() + timedelta(days=20))
    add_conversation(app, org, cycle_id)
    add_conversation(app, org, cycle_id, employee_id=org.colleague)
    assert "te plannen" not in client.get("/").text
    client.post("/auth/logout")
    login(org.employee)  # an employee plans nothing
    assert "te plannen" not in client.get("/").text


def test_manager_finds_planned_conversations_still_to_prepare(app, client, org, login, cycle_id):
    to_prepare = add_conversation(app, org, cycle_id)
    prepared = add_conversation(app, org, cycle_id, employee_id=org.colleague, status="voorbereid")
    far_off = add_conversation(
        app, org, cycle_id, employee_id=org.colleague, planned_on=date.today() + timedelta(days=90)
    )
    login(org.manager)
    page = client.get("/").text
    assert "Voor te bereiden" in page
    assert (
        f'<a href="/gesprekken/{to_prepare}/voorbereiden">'
        "Bereid het functioneringsgesprek met Sanne Medewerker voor</a>"
    ) in page
    assert f"/gesprekken/{prepared}/voorbereiden" not in page
    assert f"/gesprekken/{far_off}/voorbereiden" not in page
    client.post("/auth/logout")
    login(org.employee)  # the employee does not prepare the manager's side
    page = client.get("/").text
    assert "Voor te bereiden" not in page
    assert "/voorbereiden" not in page


def test_employee_finds_goals_whose_check_in_is_due(app, client, org, login, make_goal):
    today = date.today()
    weeks = app.config["REMINDER_CHECK_IN_WEEKS"]
    quiet = make_goal(
        org.employee,
        GoalStatus.IN_PROGRESS,
        title="Stil doel",
        starts_on=today - timedelta(weeks=weeks + 2),
        deadline=today + timedelta(days=60),
    )
    recent = make_goal(
        org.employee,
        GoalStatus.IN_PROGRESS,
        title="Bijgehouden doel",
        starts_on=today - timedelta(weeks=weeks + 2),
        deadline=today + timedelta(days=60),
    )
    make_goal(org.employee, GoalStatus.CONCEPT, starts_on=today - timedelta(weeks=weeks + 2))
    with app.app_context():
        db.session.add(
            CheckIn(
                goal_id=recent, author_id=org.employee, on=today - timedelta(days=3), progress=40
            )
        )
        db.session.add(
            CheckIn(
                goal_id=quiet,
                author_id=org.employee,
                on=today - timedelta(weeks=weeks, days=1),
                progress=10,
            )
        )
        db.session.commit()
    login(org.employee)
    page = client.get("/").text
    assert "Tijd voor een voortgangsmoment" in page
    assert f'<a href="/pop/doelen/{quiet}/voortgang">Voortgang bijwerken: Stil doel</a>' in page
    assert f"/pop/doelen/{recent}/voortgang" not in page
    assert page.count('/voortgang"') == 1
    client.post("/auth/logout")
    login(org.manager)  # someone else's goals are not the manager's check-ins
    assert f"/pop/doelen/{quiet}/voortgang" not in client.get("/").text


def test_no_check_in_is_due_for_a_goal_checked_in_lately(app, client, org, login, make_goal):
    today = date.today()
    make_goal(
        org.employee,
        GoalStatus.AGREED,
        starts_on=today - timedelta(days=3),
        deadline=today + timedelta(days=60),
    )
    login(org.employee)
    assert "Tijd voor een voortgangsmoment" not in client.get("/").text


def test_manager_items_to_plan_and_prepare_do_not_grow_the_query_count(
    app, client, org, login, make_user, make_goal, cycle_id, count_queries
):
    add_deadline(app, cycle_id, "functioneringsgesprek", date.today() + timedelta(days=20))
    add_deadline(app, cycle_id, "planningsgesprek", date.today() + timedelta(days=10))

    def add_team_member(number: int) -> None:
        person = make_user(f"Teamlid {number}", manager_id=org.manager)
        add_conversation(app, org, cycle_id, employee_id=person)  # one to prepare
        make_goal(
            org.manager,
            GoalStatus.IN_PROGRESS,
            starts_on=date.today() - timedelta(days=100),
            deadline=date.today() + timedelta(days=60),
        )

    login(org.manager)
    add_team_member(0)
    with count_queries() as few:
        page = client.get("/").text
    assert "Voor te bereiden" in page
    assert "te plannen" in page
    assert "Tijd voor een voortgangsmoment" in page
    for number in range(1, 50):
        add_team_member(number)
    with count_queries() as many:
        page = client.get("/").text
    assert "gesprekken te plannen" in page
    assert len(few) == len(many)
