"""The private calendar feed (a secret token, no log-in) and one conversation as an .ics file."""

import re
from datetime import date, timedelta

from icalendar import Calendar

from pop.extensions import db
from pop.models import CalendarToken, ConversationKind, GoalStatus, User

TODAY = date.today()


def make_token(app, user_id: int) -> str:
    with app.app_context():
        from pop.notifications import services

        token = services.calendar_token(db.session.get(User, user_id)).token
        db.session.commit()
        return token


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_holds_exactly_the_users_own_deadlines_and_conversations(
    app, client, org, make_goal, make_conversation
):
    goal = make_goal(org.employee, title="Helder schrijven", deadline=TODAY + timedelta(days=9))
    concept = make_goal(org.employee, GoalStatus.CONCEPT, title="Nog een idee")
    make_goal(org.employee, GoalStatus.DONE, title="Al klaar")
    make_goal(org.colleague, title="Van Pieter")
    own = make_conversation(planned_on=TODAY + timedelta(days=5), kind=ConversationKind.REVIEW)
    make_conversation(employee_id=org.colleague)
    make_conversation(employee_id=org.other_employee, manager_id=org.other_manager)
    token = make_token(app, org.employee)

    response = client.get(f"/meldingen/agenda/{token}.ics")  # no log-in
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    found = events(response)
    assert {uid.split("@")[0] for uid in found} == {
        f"pop-goal-{goal}",
        f"pop-goal-{concept}",
        f"pop-conversation-{own}",
    }
    deadline = found[next(uid for uid in found if uid.startswith(f"pop-goal-{goal}@"))]
    assert str(deadline["SUMMARY"]) == "Deadline: Helder schrijven"
    assert deadline.decoded("DTSTART") == TODAY + timedelta(days=9)
    assert deadline.decoded("DTEND") == TODAY + timedelta(days=10)
    assert str(deadline["URL"]).endswith(f"/pop/doelen/{goal}")
    meeting = found[next(uid for uid in found if uid.startswith("pop-conversation-"))]
    assert str(meeting["SUMMARY"]) == "Functioneringsgesprek met Marieke Manager"
    assert meeting.decoded("DTSTART") == TODAY + timedelta(days=5)


def test_a_managers_feed_holds_the_conversations_they_lead(
    app, client, org, make_goal, make_conversation
):
    led = make_conversation(employee_id=org.colleague, kind=ConversationKind.PLANNING)
    make_goal(org.colleague)  # a team member's goal is not the manager's deadline
    found = events(client.get(f"/meldingen/agenda/{make_token(app, org.manager)}.ics"))
    assert [uid.split("@")[0] for uid in found] == [f"pop-conversation-{led}"]
    assert str(next(iter(found.values()))["SUMMARY"]) == "Planningsgesprek met Pieter Collega"


def test_the_feed_follows_the_users_language(app, client, org, make_goal):
    with app.app_context():
        db.session.get(User, org.employee).language = "en"
        db.session.commit()
    make_goal(org.employee, title="Helder schrijven")
    response = client.get(f"/meldingen/agenda/{make_token(app, org.employee)}.ics")
    calendar = Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == "POP of Sanne Medewerker"


def test_a_wrong_token_is_404(app, client, org):
    make_token(app, org.employee)
    assert client.get("/meldingen/agenda/not-the-token.ics").status_code == 404
    assert client.get("/meldingen/agenda/.ics").status_code == 404


def test_a_renewed_token_retires_the_old_url(app, client, org, login):
    login(org.employee)
    assert client.post("/meldingen/agenda/vernieuwen").status_code == 302
    page = client.get("/meldingen/instellingen").get_data(as_text=True)
    first = re.search(r"/meldingen/agenda/([\w-]+)\.ics", page).group(1)
    assert client.get(f"/meldingen/agenda/{first}.ics").status_code == 200

    response = client.post("/meldingen/agenda/vernieuwen")
    assert response.headers["Location"] == "/meldingen/instellingen#agenda"
    page = client.get("/meldingen/instellingen").get_data(as_text=True)
    assert "de oude werkt niet meer" in page
    second = re.search(r"/meldingen/agenda/([\w-]+)\.ics", page).group(1)
    assert second != first
    assert client.get(f"/meldingen/agenda/{first}.ics").status_code == 404
    assert client.get(f"/meldingen/agenda/{second}.ics").status_code == 200


def test_no_feed_for_a_deactivated_account(app, client, org):
    token = make_token(app, org.employee)
    with app.app_context():
        db.session.get(User, org.employee).active = False
        db.session.commit()
    assert client.get(f"/meldingen/agenda/{token}.ics").status_code == 404


def test_the_settings_page_makes_a_link_only_on_request(app, client, org, login):
    login(org.employee)
    page = client.get("/meldingen/instellingen").get_data(as_text=True)
    assert "Agendalink maken" in page
    with app.app_context():
        assert db.session.get(CalendarToken, org.employee) is None


def test_one_conversation_downloads_as_an_ics_file(app, client, org, login, make_conversation):
    conversation = make_conversation(planned_on=TODAY, kind=ConversationKind.APPRAISAL)
    login(org.employee)
    response = client.get(f"/meldingen/gesprekken/{conversation}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="gesprek-{conversation}.ics"'
    )
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Beoordelingsgesprek met Marieke Manager"
    assert event.decoded("DTSTART") == TODAY
    assert str(event["ORGANIZER"]) == f"mailto:{_email(app, org.manager)}"
    assert str(event["ATTENDEE"]) == f"mailto:{_email(app, org.employee)}"


def test_someone_elses_conversation_is_404(app, client, org, login, make_conversation):
    conversation = make_conversation()
    login(org.other_manager)
    assert client.get(f"/meldingen/gesprekken/{conversation}.ics").status_code == 404
    assert client.get("/meldingen/gesprekken/987654.ics").status_code == 404


def _email(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email
