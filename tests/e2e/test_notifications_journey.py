"""Notifications in the browser: a manager agrees a goal, the employee sees it under the bell,
follows it and marks it read; the settings page makes a calendar link. All pages pass axe-core."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from pop.extensions import db
from pop.models import Goal, GoalStatus, User
from pop.plan import services as plan_services
from tests.conversations.factories import make_cycle, make_goal

TODAY = date.today()


def log_out(page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()


def test_agreed_goal_reaches_the_employee_through_the_bell(
    app, page, org, browser_login, assert_accessible
):
    cycle_id = make_cycle(app)
    goal_id = make_goal(
        app,
        org.employee,
        cycle_id,
        GoalStatus.CONCEPT,
        title="Helder schrijven",
        starts_on=TODAY,
        deadline=TODAY + timedelta(days=60),
    )

    with app.app_context():  # the employee proposes it (her own journey is in test_plan_journey)
        plan_services.propose(db.session.get(Goal, goal_id), db.session.get(User, org.employee))
        db.session.commit()

    # Her manager has a notification, and agrees.
    browser_login(org.manager)
    bell = page.get_by_role("link", name=re.compile(r"^Meldingen"))
    expect(bell).to_have_text(re.compile(r"Meldingen\s*1 ongelezen"))
    page.goto(f"/pop/doelen/{goal_id}")
    page.get_by_role("button", name="Akkoord: doel afspreken").click()
    expect(page.get_by_role("status").first).to_contain_text("afgesproken")
    page.get_by_role("textbox", name="Reactie").fill("Mooi doel, succes!")
    page.get_by_role("button", name="Reageren").click()
    log_out(page)

    # The employee sees the bell's count and the notification.
    browser_login(org.employee)
    bell = page.get_by_role("link", name=re.compile(r"^Meldingen"))
    expect(bell).to_have_text(re.compile(r"Meldingen\s*2 ongelezen"))
    assert_accessible(page)
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen")
    assert_accessible(page)
    message = 'Marieke Manager heeft je doel "Helder schrijven" afgesproken.'
    page.get_by_role("link", name=message).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helder schrijven")
    expect(page.get_by_text("afgesproken", exact=True).first).to_be_visible()

    # Back under the bell, she marks it read: the count goes.
    page.get_by_role("link", name=re.compile(r"^Meldingen")).click()
    page.get_by_role("listitem").filter(has_text=message).get_by_role(
        "button", name="Markeer als gelezen"
    ).click()
    expect(page.get_by_role("status").first).to_contain_text("gemarkeerd als gelezen")
    bell = page.get_by_role("link", name=re.compile(r"^Meldingen"))
    expect(bell).to_have_text(re.compile(r"Meldingen\s*1 ongelezen"))
    expect(page.get_by_role("button", name="Markeer als gelezen")).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("button", name="Alles als gelezen markeren").click()
    expect(bell).to_have_text(re.compile(r"^\s*Meldingen\s*$"))
    expect(page.get_by_role("button", name="Markeer als gelezen")).to_have_count(0)

    # Settings: fewer mails, once a week, and a private calendar link.
    page.get_by_role("link", name="E-mail en agenda instellen").click()
    assert_accessible(page)
    page.get_by_label("Een reactie op een doel").uncheck()
    page.get_by_label("Eén e-mail per week met alles bij elkaar").check()
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("opgeslagen")
    expect(page.get_by_label("Een reactie op een doel")).not_to_be_checked()
    page.get_by_role("button", name="Agendalink maken").click()
    feed = page.get_by_label("Je persoonlijke agendalink")
    expect(feed).to_have_value(re.compile(r"/meldingen/agenda/[\w-]+\.ics$"))
    assert_accessible(page)
    response = page.request.get(feed.input_value())
    assert response.status == 200
    assert "Deadline: Helder schrijven" in response.text()
