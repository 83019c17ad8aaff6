"""The start page tells a colleague how many feedback requests wait for them, with a link."""

from pop.extensions import db
from pop.models import ConversationStatus, FeedbackRequest, FeedbackStatus
from tests.conversations.factories import TODAY
from tests.feedback.test_feedback_pages import make_requests

ITEM = 'href="/feedback">'


def test_the_giver_sees_the_open_requests_on_the_start_page(
    app, client, login, org, make_conversation, function_ids
):
    first = make_conversation()
    second = make_conversation(employee_id=org.other_employee, manager_id=org.other_manager)
    make_requests(app, first, org.employee, [org.colleague])
    make_requests(app, second, org.other_employee, [org.colleague])
    login(org.colleague)
    page = client.get("/").text
    assert ITEM + "2 collega's wachten op je feedback</a>" in page
    assert client.get("/feedback").status_code == 200


def test_only_requests_that_can_still_be_answered_count(
    app, client, login, org, make_conversation, function_ids
):
    waiting = make_conversation()
    held = make_conversation(
        employee_id=org.other_employee,
        manager_id=org.other_manager,
        status=ConversationStatus.HELD,
        held_on=TODAY,
    )
    make_requests(app, waiting, org.employee, [org.colleague], days=-1)  # expired
    make_requests(app, held, org.other_employee, [org.colleague])  # the conversation was held
    answered = make_requests(app, waiting, org.employee, [org.hr])[-1]
    with app.app_context():
        db.session.get(FeedbackRequest, answered).status = FeedbackStatus.ANSWERED.value
        db.session.commit()
    for person in (org.colleague, org.hr, org.employee):
        client.post("/auth/logout")
        login(person)
        assert "wacht op je feedback" not in client.get("/").text
        assert "wachten op je feedback" not in client.get("/").text
    fresh = make_conversation(employee_id=org.manager, manager_id=org.other_manager)
    make_requests(app, fresh, org.manager, [org.employee], days=0)  # its last day
    assert ITEM + "1 collega wacht op je feedback</a>" in client.get("/").text
