"""The employee's toelichting per competency in the self-assessment: stored per competency,
kept on an invalid save, shown to the manager beside each competency once submitted (never
before), and frozen in the signed report."""

import pytest
from sqlalchemy import func, select

from pop.conversations import services
from pop.conversations.services import ConversationError
from pop.extensions import db
from pop.models import Conversation, SelfAssessmentNote, User
from tests import html
from tests.conversations.test_conversation_services import full_record

WHY = "Ik vroeg klanten steeds door; dat lukte in drie lastige gesprekken."
OTHER = "Plannen gaat nog niet vanzelf."


def _post(client, conversation_id, function_ids, **extra):
    first, second = function_ids.competencies
    return client.post(
        f"/gesprekken/{conversation_id}/zelfevaluatie",
        data={
            "version": "0",
            "reflection": "Een goed jaar.",
            f"rating_{first}": "4",
            f"self_note_{first}": WHY,
            f"self_note_{second}": OTHER,
            **extra,
        },
    )


def _notes(app, conversation_id) -> dict[int, str]:
    with app.app_context():
        assessment = db.session.get(Conversation, conversation_id).self_assessment
        return {note.competency_id: note.body for note in assessment.competency_notes}


def test_the_self_assessment_form_has_a_toelichting_beside_each_competency(
    app, client, org, login, function_ids, make_conversation
):
    conversation_id = make_conversation()
    login(org.employee)
    document = html.page(client.get(f"/gesprekken/{conversation_id}/zelfevaluatie"))
    for competency in function_ids.competencies:
        section = html.one(document, f'section[aria-labelledby="competency-{competency}"]')
        assert section.select(f'textarea[name="self_note_{competency}"]')
        assert section.select(f'input[name="rating_{competency}"]')
    assert _post(client, conversation_id, function_ids, save="1").status_code == 302
    first, second = function_ids.competencies
    assert _notes(app, conversation_id) == {first: WHY, second: OTHER}
    page = client.get(f"/gesprekken/{conversation_id}/zelfevaluatie").text
    assert WHY in page  # the draft keeps what was typed
    again = _post(
        client, conversation_id, function_ids, version="1", save="1", **{f"self_note_{second}": ""}
    )
    assert again.status_code == 302
    assert _notes(app, conversation_id) == {first: WHY}


def test_an_invalid_save_keeps_every_toelichting_and_stores_nothing(
    app, client, org, login, function_ids, make_conversation
):
    conversation_id = make_conversation()
    first, _second = function_ids.competencies
    login(org.employee)
    response = _post(
        client, conversation_id, function_ids, reflection="", hand_in="1"
    )  # handing in needs a reflection
    assert response.status_code == 200
    assert WHY in response.text
    assert OTHER in response.text
    too_long = "x" * 5_001
    response = _post(client, conversation_id, function_ids, **{f"self_note_{first}": too_long})
    assert response.status_code == 200
    assert too_long in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(SelfAssessmentNote.id))) == 0


def test_the_manager_reads_each_toelichting_beside_its_competency_only_once_submitted(
    app, client, org, login, function_ids, make_conversation
):
    conversation_id = make_conversation()
    first, second = function_ids.competencies
    login(org.employee)
    _post(client, conversation_id, function_ids, save="1")
    client.post("/auth/logout")
    login(org.manager)
    page = client.get(f"/gesprekken/{conversation_id}/vastleggen").text
    assert WHY not in page  # a draft stays the employee's
    client.post("/auth/logout")
    login(org.employee)
    assert _post(client, conversation_id, function_ids, version="1", hand_in="1").status_code == 302
    client.post("/auth/logout")
    login(org.manager)
    document = html.page(client.get(f"/gesprekken/{conversation_id}/vastleggen"))
    for competency, text in ((first, WHY), (second, OTHER)):
        section = html.one(document, f"#section-{competency}")
        beside = html.one(section, ".self-assessment")
        assert text in html.text(beside)
        assert section.select(f'textarea[name="motivation_{competency}"]')
    assert WHY not in html.text(html.one(document, f"#section-{second}"))
    # Someone outside the conversation reads nothing of it.
    client.post("/auth/logout")
    login(org.other_manager)
    assert client.get(f"/gesprekken/{conversation_id}/vastleggen").status_code == 404


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


def test_a_toelichting_on_a_competency_outside_the_function_is_refused(
    ctx, org, function_ids, make_conversation
):
    item = db.session.get(Conversation, make_conversation())
    with pytest.raises(ConversationError, match="competenties van de functie"):
        services.save_self_assessment(
            item,
            db.session.get(User, org.employee),
            scores={},
            reflection="",
            competency_notes={999_999: WHY},
        )
    db.session.rollback()
    assert db.session.scalar(select(func.count(SelfAssessmentNote.id))) == 0


def test_the_signed_report_keeps_the_employees_toelichting(
    app, ctx, client, org, function_ids, make_conversation
):
    first, second = function_ids.competencies
    item = db.session.get(Conversation, make_conversation())
    employee, manager = db.session.get(User, org.employee), db.session.get(User, org.manager)
    services.save_self_assessment(
        item,
        employee,
        scores={(first, None): 4},
        reflection="Een goed jaar.",
        submit=True,
        competency_notes={first: WHY, second: ""},
    )
    services.record(item, full_record(function_ids), manager)
    services.sign_as_manager(item, manager)
    services.sign_as_employee(item, employee)
    db.session.commit()
    frozen = {c["id"]: c for c in item.report.content["competencies"]}
    assert frozen[first]["self_assessment_note"] == WHY
    assert "self_assessment_note" not in frozen[second]
