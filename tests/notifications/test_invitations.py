"""Calendar invitations of conversations: mailed on planning, on a move and on cancelling,
read back from a real SMTP server and parsed with icalendar."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from pop.extensions import db
from pop.models import AuditEvent, Conversation, ConversationKind, ConversationStatus
from tests.conftest import email_of
from tests.notifications.conftest import TODAY

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def app_config(request) -> dict:
    server = request.getfixturevalue(getattr(request, "param", "smtp_server"))
    return server.config


def calendar_part(message):
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1, "one text/calendar part"
    return parts[0], Calendar.from_ical(parts[0].get_content())


def only_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def plan(client, org, **fields):
    data = {
        "employee_id": org.employee,
        "kind": ConversationKind.REVIEW.value,
        "planned_on": TODAY.isoformat(),
        "planned_time": "10:30",
        "duration_minutes": "90",
        "location": "Stadhuis, kamer 4.12",
    }
    data.update(fields)
    return client.post("/gesprekken/nieuw", data=data)


def the_conversation(app) -> Conversation:
    with app.app_context():
        conversation = db.session.scalar(select(Conversation))
        db.session.expunge(conversation)
        return conversation


def test_planning_mails_the_employee_an_invitation_with_time_and_place(
    app, client, org, login, cycle_id, smtp_server
):
    login(org.manager)
    assert plan(client, org).status_code == 302
    conversation = the_conversation(app)
    assert conversation.planned_time == time(10, 30)
    assert conversation.duration_minutes == 90
    assert conversation.location == "Stadhuis, kamer 4.12"

    (message,) = smtp_server.handler.to(email_of(app, org.employee))
    assert "Uitnodiging: Functioneringsgesprek met Marieke Manager" in message["Subject"]
    part, calendar = calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert str(calendar["METHOD"]) == "REQUEST"
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Amsterdam"
    event = only_event(calendar)
    assert str(event["UID"]).startswith(f"pop-conversation-{conversation.id}@")
    assert str(event["ORGANIZER"]) == f"mailto:{email_of(app, org.manager)}"
    assert event["ORGANIZER"].params["CN"] == "Marieke Manager"
    assert str(event["ATTENDEE"]) == f"mailto:{email_of(app, org.employee)}"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    start = datetime.combine(TODAY, time(10, 30), tzinfo=AMSTERDAM)
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + timedelta(minutes=90)
    assert event.decoded("SEQUENCE") == 0
    assert str(event["LOCATION"]) == "Stadhuis, kamer 4.12"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["TRANSP"]) == "OPAQUE"
    attachments = [part.get_filename() for part in message.iter_attachments()]
    assert attachments == ["uitnodiging.ics"]


def test_the_invitation_is_in_the_employees_language(
    app, client, org, login, cycle_id, smtp_server, set_language
):
    set_language(org.employee, "en")
    login(org.manager)
    plan(client, org)
    (message,) = smtp_server.handler.to(email_of(app, org.employee))
    assert message["Subject"].startswith("Invitation: ")
    event = only_event(calendar_part(message)[1])
    assert str(event["SUMMARY"]) == "Performance review with Marieke Manager"


def test_a_move_raises_the_sequence_and_keeps_the_uid(
    app, client, org, login, cycle_id, smtp_server
):
    login(org.manager)
    plan(client, org)
    conversation_id = the_conversation(app).id
    moved = {
        "planned_on": TODAY.isoformat(),
        "planned_time": "14:00",
        "duration_minutes": "60",
        "location": "Online",
    }
    response = client.post(f"/gesprekken/{conversation_id}/verzetten", data=moved)
    assert response.status_code == 302
    # The same time and place again is no change: no new invitation.
    client.post(f"/gesprekken/{conversation_id}/verzetten", data=moved)

    first, second = smtp_server.handler.to(email_of(app, org.employee))
    before, after = only_event(calendar_part(first)[1]), only_event(calendar_part(second)[1])
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("SEQUENCE") == before.decoded("SEQUENCE") + 1 == 1
    assert after.decoded("DTSTART") == datetime.combine(TODAY, time(14, 0), tzinfo=AMSTERDAM)
    assert str(after["LOCATION"]) == "Online"
    assert the_conversation(app).calendar_sequence == 1
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "conversation_rescheduled")
        )
        assert event.changes["location"] == ["Stadhuis, kamer 4.12", "Online"]


def test_calling_off_sends_a_cancellation_of_the_same_event(
    app, client, org, login, cycle_id, smtp_server
):
    login(org.manager)
    plan(client, org)
    conversation_id = the_conversation(app).id
    response = client.post(f"/gesprekken/{conversation_id}/afzeggen", follow_redirects=True)
    assert "Het gesprek is afgezegd." in response.text
    with app.app_context():
        assert db.session.get(Conversation, conversation_id) is None
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "conversation_cancelled")
        )

    invitation, cancellation = smtp_server.handler.to(email_of(app, org.employee))
    assert cancellation["Subject"].startswith("Afgezegd: ")
    part, calendar = calendar_part(cancellation)
    assert part.get_param("method") == "CANCEL"
    assert str(calendar["METHOD"]) == "CANCEL"
    event = only_event(calendar)
    first = only_event(calendar_part(invitation)[1])
    assert str(event["UID"]) == str(first["UID"])
    assert event.decoded("SEQUENCE") > first.decoded("SEQUENCE")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"


def test_a_conversation_someone_worked_on_is_moved_not_called_off(
    app, client, org, login, make_conversation, smtp_server
):
    conversation_id = make_conversation(
        status=ConversationStatus.PREPARED, preparation_notes="Vragen over het project"
    )
    login(org.manager)
    response = client.post(f"/gesprekken/{conversation_id}/afzeggen", follow_redirects=True)
    assert "kan niet worden afgezegd" in response.text
    with app.app_context():
        assert db.session.get(Conversation, conversation_id).preparation_notes
    assert smtp_server.handler.received == []


def test_only_the_manager_calls_a_conversation_off(
    app, client, org, login, make_conversation, smtp_server
):
    conversation_id = make_conversation()
    login(org.employee)
    assert client.post(f"/gesprekken/{conversation_id}/afzeggen").status_code == 403
    with app.app_context():
        assert db.session.get(Conversation, conversation_id) is not None


@pytest.mark.parametrize("app_config", ["failing_smtp_server"], indirect=True)
def test_a_mail_server_that_refuses_leaves_the_planning_standing(app, client, org, login, cycle_id):
    login(org.manager)
    response = plan(client, org)
    page = client.get(response.headers["Location"]).text
    assert "kon niet per e-mail worden verstuurd" in page
    assert the_conversation(app).location == "Stadhuis, kamer 4.12"


def test_a_duration_outside_the_choices_is_refused_and_nothing_is_stored(
    app, client, org, login, cycle_id, smtp_server
):
    login(org.manager)
    response = plan(client, org, duration_minutes="600")
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Conversation)) is None
    assert smtp_server.handler.received == []


def test_the_download_and_the_feed_carry_the_time(
    app, client, org, login, make_conversation, smtp_server
):
    conversation_id = make_conversation(
        planned_time=time(9, 0), duration_minutes=45, location="Kamer 2"
    )
    login(org.employee)
    download = Calendar.from_ical(client.get(f"/meldingen/gesprekken/{conversation_id}.ics").data)
    assert str(download["METHOD"]) == "REQUEST"
    event = only_event(download)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)
    assert download.walk("VTIMEZONE")

    from tests.notifications.test_calendar import make_token

    feed = Calendar.from_ical(
        client.get(f"/meldingen/agenda/{make_token(app, org.employee)}.ics").data
    )
    assert str(feed["METHOD"]) == "PUBLISH"
    (meeting,) = feed.walk("VEVENT")
    assert meeting.decoded("DTSTART") == datetime.combine(
        meeting.decoded("DTSTART").date(), time(9, 0), tzinfo=AMSTERDAM
    )
    assert str(meeting["LOCATION"]) == "Kamer 2"
