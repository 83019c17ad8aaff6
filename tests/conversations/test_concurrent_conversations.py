"""Eight saves at once of one conversation, against a real `pop serve`: one wins, none is 500.

Like the goals' race test: gunicorn with two workers of four threads on the test's database
(SQLite file, or PostgreSQL when POP_DATABASE_URL is set). Each loser gets the 409 page that
names who saved first and shows what the loser typed.
"""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    AuditEvent,
    Conversation,
    ConversationKind,
    ConversationReport,
    ConversationStatus,
    SelfAssessment,
)
from tests.conversations.factories import TODAY
from tests.plan.test_concurrent_writes import PARALLEL, _logged_in_clients, _race, _serve


@pytest.fixture
def appraisal(make_conversation, function_ids) -> int:
    return make_conversation(kind=ConversationKind.APPRAISAL, status=ConversationStatus.PREPARED)


def _outcomes(results) -> list[int]:
    statuses = sorted(status for _, status, _ in results)
    assert 500 not in statuses, statuses
    assert all("Traceback" not in body for _, _, body in results)
    return statuses


def test_eight_record_saves_at_once_store_one_and_answer_the_rest_409(
    app, org, function_ids, appraisal, tmp_path
):
    path = f"/gesprekken/{appraisal}/vastleggen"
    competency = function_ids.competencies[0]
    indicator = function_ids.indicators[competency][0]
    with _serve(app, tmp_path) as port:
        sessions = _logged_in_clients(app, port, org.manager, path)

        def save(client, n: int):
            return client.post(
                path,
                {
                    "csrf_token": sessions[n][1],
                    "version": "1",
                    "held_on": TODAY.isoformat(),
                    "note_work": f"Gelijktijdig verslag nummer {n}",
                    f"rating_{competency}": str(1 + n % 5),
                    f"rating_{competency}_{indicator}": str(1 + (n + 1) % 5),
                    "overall_rating": "3",
                    "overall_motivation": f"Motivering nummer {n}",
                },
            )

        results = _race([client for client, _ in sessions], save)

    assert _outcomes(results) == [302] + [409] * (PARALLEL - 1)
    with app.app_context():
        conversation = db.session.get(Conversation, appraisal)
        [winner] = [n for n, status, _ in results if status == 302]
        assert conversation.note_for("work") == f"Gelijktijdig verslag nummer {winner}"
        assert conversation.overall_motivation == f"Motivering nummer {winner}"
        assert {(r.competency_id, r.indicator_id): r.score for r in conversation.ratings} == {
            (competency, None): 1 + winner % 5,
            (competency, indicator): 1 + (winner + 1) % 5,
        }
    for n, status, body in results:
        if status == 409:
            assert "Marieke Manager heeft dit gesprek intussen opgeslagen" in body
            assert f"Gelijktijdig verslag nummer {n}" in body, "the loser's input is not kept"


def test_eight_self_assessment_saves_at_once_store_one_and_answer_the_rest_409(
    app, org, function_ids, appraisal, tmp_path
):
    path = f"/gesprekken/{appraisal}/zelfevaluatie"
    competency = function_ids.competencies[0]
    with _serve(app, tmp_path) as port:
        sessions = _logged_in_clients(app, port, org.employee, path)

        def save(client, n: int):
            return client.post(
                path,
                {
                    "csrf_token": sessions[n][1],
                    "version": "0",
                    f"rating_{competency}": str(1 + n % 5),
                    "reflection": f"Mijn reflectie nummer {n}",
                    "save": "Opslaan als concept",
                },
            )

        results = _race([client for client, _ in sessions], save)

    assert _outcomes(results) == [302] + [409] * (PARALLEL - 1)
    with app.app_context():
        assert db.session.scalar(select(func.count(SelfAssessment.id))) == 1
        assessment = db.session.scalar(select(SelfAssessment))
        [winner] = [n for n, status, _ in results if status == 302]
        assert assessment.reflection == f"Mijn reflectie nummer {winner}"
        assert [r.score for r in assessment.ratings] == [1 + winner % 5]
    for n, status, body in results:
        if status == 409:
            assert "Sanne Medewerker heeft deze zelfevaluatie intussen opgeslagen" in body
            assert f"Mijn reflectie nummer {n}" in body


def test_signing_eight_times_at_once_signs_once_and_never_answers_500(
    app, org, make_conversation, function_ids, tmp_path
):
    conversation_id = make_conversation(
        status=ConversationStatus.HELD,
        overall_rating=3,
        overall_motivation="Een degelijk jaar.",
        manager_signed_at=datetime(2026, 11, 30, 15, 0),
    )
    path = f"/gesprekken/{conversation_id}"
    with _serve(app, tmp_path) as port:
        sessions = _logged_in_clients(app, port, org.employee, path)

        def sign(client, n: int):
            return client.post(
                f"{path}/voor-gezien",
                {"csrf_token": sessions[n][1], "employee_response": f"Zienswijze nummer {n}"},
            )

        results = _race([client for client, _ in sessions], sign)

    statuses = _outcomes(results)
    assert set(statuses) <= {302, 409}, statuses
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        assert conversation.is_signed
        assert db.session.scalar(select(func.count(ConversationReport.id))) == 1
        signatures = db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "conversation_signed_by_employee"
            )
        )
        assert signatures == 1
        response = conversation.employee_response
        assert conversation.report.content["employee_response"] == response
        assert response in {f"Zienswijze nummer {n}" for n in range(PARALLEL)}
    for n, status, body in results:
        if status == 409:
            assert "Het verslag is op hetzelfde moment al ondertekend" in body
            assert f"Zienswijze nummer {n}" in body


def test_a_record_form_loaded_before_another_save_is_answered_409(
    app, client, org, login, appraisal
):
    login(org.manager)
    form = {"held_on": TODAY.isoformat(), "overall_motivation": "", "version": "1"}
    first = client.post(f"/gesprekken/{appraisal}/vastleggen", data={**form, "note_work": "Eerst."})
    assert first.status_code == 302
    stale = client.post(
        f"/gesprekken/{appraisal}/vastleggen", data={**form, "note_work": "Te laat getypt."}
    )
    assert stale.status_code == 409
    assert "Marieke Manager heeft dit gesprek intussen opgeslagen" in stale.text
    assert "Te laat getypt." in stale.text
    with app.app_context():
        assert db.session.get(Conversation, appraisal).note_for("work") == "Eerst."


def test_a_tampered_version_is_refused_400(client, org, login, appraisal):
    login(org.manager)
    response = client.post(
        f"/gesprekken/{appraisal}/vastleggen",
        data={"held_on": TODAY.isoformat(), "version": "1; DROP"},
    )
    assert response.status_code == 400
    assert "Het formulier is beschadigd" in response.text


def test_cancelling_eight_times_at_once_cancels_once_and_never_answers_500(
    app, org, make_conversation, tmp_path
):
    conversation_id = make_conversation(kind=ConversationKind.PLANNING)
    path = f"/gesprekken/{conversation_id}"
    with _serve(app, tmp_path) as port:
        sessions = _logged_in_clients(app, port, org.manager, path)

        def cancel(client, n: int):
            return client.post(f"{path}/afzeggen", {"csrf_token": sessions[n][1]})

        results = _race([client for client, _ in sessions], cancel)

    statuses = _outcomes(results)
    # One cancels; the others find it cancelled at that moment (409) or already gone (404).
    assert statuses.count(302) == 1, statuses
    assert set(statuses) <= {302, 404, 409}, statuses
    with app.app_context():
        assert db.session.get(Conversation, conversation_id) is None
        cancellations = db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "conversation_cancelled")
        )
        assert cancellations == 1
