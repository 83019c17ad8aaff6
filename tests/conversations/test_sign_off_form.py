"""The sign-off page has one form: the zienswijze typed there is signed with the signature."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from pop.extensions import db
from pop.models import AuditEvent, Conversation, ConversationStatus

TYPED = "Ik had het eindoordeel hoger verwacht."


@pytest.fixture
def awaiting_employee(make_conversation, function_ids) -> int:
    return make_conversation(
        status=ConversationStatus.HELD,
        overall_rating=3,
        overall_motivation="Een degelijk jaar.",
        manager_signed_at=datetime(2026, 11, 30, 15, 0),
    )


def _stored(app, conversation_id: int) -> tuple[Conversation, dict | None]:
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        report = conversation.report.content if conversation.report else None
        db.session.expunge(conversation)
        return conversation, report


def test_the_zienswijze_and_the_sign_button_are_one_form(client, org, login, awaiting_employee):
    login(org.employee)
    page = BeautifulSoup(client.get(f"/gesprekken/{awaiting_employee}").text, "html.parser")
    sign = page.find("button", string="Voor gezien tekenen")
    form = sign.find_parent("form")
    assert form["action"].endswith(f"/gesprekken/{awaiting_employee}/voor-gezien")
    assert form.find("textarea", attrs={"name": "employee_response"}) is not None
    save = form.find("button", string="Zienswijze opslaan")
    assert save["formaction"].endswith(f"/gesprekken/{awaiting_employee}/zienswijze")


def test_signing_saves_the_zienswijze_typed_in_the_same_submit(
    app, client, org, login, awaiting_employee
):
    login(org.employee)
    response = client.post(
        f"/gesprekken/{awaiting_employee}/voor-gezien", data={"employee_response": f"  {TYPED} "}
    )
    assert response.status_code == 302
    page = client.get(response.location).text
    assert "Je hebt het verslag voor gezien getekend." in page
    assert TYPED in page
    conversation, report = _stored(app, awaiting_employee)
    assert conversation.status == ConversationStatus.SIGNED
    assert conversation.employee_response == TYPED
    assert report["employee_response"] == TYPED
    assert TYPED in client.get(f"/gesprekken/{awaiting_employee}/verslag").text
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "conversation_signed_by_employee")
        )
        assert event.changes["employee_response"] == ["", TYPED]


def test_a_zienswijze_saved_before_stays_when_the_form_sends_none(
    app, client, org, login, awaiting_employee
):
    login(org.employee)
    client.post(f"/gesprekken/{awaiting_employee}/zienswijze", data={"employee_response": TYPED})
    client.post(f"/gesprekken/{awaiting_employee}/voor-gezien")
    conversation, report = _stored(app, awaiting_employee)
    assert conversation.is_signed
    assert (conversation.employee_response, report["employee_response"]) == (TYPED, TYPED)


def test_a_zienswijze_too_long_is_refused_and_nothing_is_signed(
    app, client, org, login, awaiting_employee
):
    login(org.employee)
    response = client.post(
        f"/gesprekken/{awaiting_employee}/voor-gezien", data={"employee_response": "x" * 10_001}
    )
    assert response.status_code == 302
    conversation, report = _stored(app, awaiting_employee)
    assert (conversation.employee_signed_at, report) == (None, None)
