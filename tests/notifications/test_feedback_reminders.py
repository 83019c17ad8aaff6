"""`pop send-reminders` reminds a colleague of an open feedback request before it expires."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import (
    ConversationStatus,
    FeedbackRequest,
    FeedbackStatus,
    Notification,
)
from pop.models._time import utcnow
from pop.notifications import issuing, reminders
from pop.notifications.texts import describe

TODAY = date.today()
LONG_AGO = utcnow() - timedelta(days=10)


@pytest.fixture
def make_request(app, org, make_conversation):
    conversation_id = make_conversation(planned_on=TODAY + timedelta(days=20))

    def make(
        giver_id: int | None = None,
        *,
        expires_in: int = 2,
        status: FeedbackStatus = FeedbackStatus.OPEN,
        created_at=LONG_AGO,
        conversation: int | None = None,
    ) -> int:
        with app.app_context():
            request = FeedbackRequest(
                conversation_id=conversation or conversation_id,
                requester_id=org.employee,
                giver_id=giver_id or org.colleague,
                anonymous=True,
                expires_on=TODAY + timedelta(days=expires_in),
                status=status.value,
                created_at=created_at,
            )
            db.session.add(request)
            db.session.commit()
            return request.id

    return make


def feedback_due(app, today: date = TODAY) -> set[tuple[int, int]]:
    with app.app_context():
        return {
            (item.recipient_id, item.object_id)
            for item in reminders.due_reminders(today, days=14, weeks=6)
            if item.kind.value == "feedback_due"
        }


def test_an_open_request_about_to_expire_reminds_its_giver_once(app, org, make_request):
    request_id = make_request(expires_in=2)
    assert feedback_due(app) == {(org.colleague, request_id)}
    with app.app_context():
        [reminder] = issuing.issue(reminders.due_reminders(TODAY, days=14, weeks=6))
        db.session.commit()
        assert (reminder.recipient_id, reminder.link) == (org.colleague, f"/feedback/{request_id}")
        text = describe(db.session.get(Notification, reminder.id))
        assert "Je feedback over Sanne Medewerker wordt nog verwacht" in text
        assert issuing.issue(reminders.due_reminders(TODAY, days=14, weeks=6)) == []


def test_the_last_day_still_reminds_and_the_day_after_does_not(app, org, make_request):
    request_id = make_request(expires_in=0)
    assert feedback_due(app) == {(org.colleague, request_id)}
    assert feedback_due(app, TODAY + timedelta(days=1)) == set()


def test_requests_that_need_no_reminder(app, org, make_request, make_conversation, make_user):
    make_request(org.colleague, expires_in=10)  # not yet
    make_request(org.other_employee, expires_in=-1)  # expired yesterday
    make_request(org.manager, status=FeedbackStatus.ANSWERED)
    make_request(org.other_manager, status=FeedbackStatus.WITHDRAWN)
    make_request(org.hr, created_at=utcnow())  # just asked: that notification told
    left = make_user("Vera Vertrokken", active=False)
    make_request(left)
    held = make_conversation(
        employee_id=org.colleague,
        status=ConversationStatus.HELD,
        planned_on=TODAY,
        held_on=TODAY,
    )
    make_request(org.employee, conversation=held)
    assert feedback_due(app) == set()


def test_the_reminder_job_sends_it(app, org, make_request, runner):
    request_id = make_request(expires_in=1)
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        kinds = db.session.scalars(
            select(Notification.kind).where(
                Notification.recipient_id == org.colleague,
                Notification.object_type == "FeedbackRequest",
                Notification.object_id == request_id,
            )
        ).all()
        assert kinds == ["feedback_due"]
