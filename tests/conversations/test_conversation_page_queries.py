"""The conversation page's query count stays flat in what the conversation holds."""

from datetime import datetime, timedelta

import pytest

from pop.extensions import db
from pop.labels import TOPICS
from pop.models import (
    Agreement,
    AgreementOwner,
    AuditEvent,
    Conversation,
    ConversationAddendum,
    ConversationNote,
    ConversationRating,
    ConversationStatus,
    SelfAssessment,
    SelfAssessmentRating,
)
from tests.conversations.factories import TODAY, make_goal

FEW, MANY = 2, 50


def fill(app, org, cycle_id, function_ids, conversation_id: int, rows: int) -> None:
    """`rows` agreements (each with a goal and a competency) and audit events by both people,
    notes on up to `rows` topics, ratings and a submitted self-assessment with ratings of every
    indicator."""
    competencies = function_ids.competencies
    keys = [(c, None) for c in competencies] + [
        (c, i) for c in competencies for i in function_ids.indicators[c]
    ]
    goals = [make_goal(app, org.employee, cycle_id, number=n) for n in range(rows)]
    with app.app_context():
        people = (org.employee, org.manager)
        for number in range(rows):
            db.session.add(
                Agreement(
                    conversation_id=conversation_id,
                    what=f"Afspraak {number}",
                    owner=AgreementOwner.EMPLOYEE,
                    due_on=TODAY,
                    competency_id=competencies[number % len(competencies)],
                    goal_id=goals[number],
                )
            )
            db.session.add(
                AuditEvent(
                    actor_id=people[number % 2],
                    action="conversation_recorded",
                    object_type="Conversation",
                    object_id=conversation_id,
                    changes={"ratings": number},
                )
            )
        for number, topic in enumerate(list(TOPICS)[:rows]):  # one note per topic at most
            db.session.add(
                ConversationNote(
                    conversation_id=conversation_id, topic=topic, body=f"Besproken {number}"
                )
            )
        assessment = SelfAssessment(
            conversation_id=conversation_id,
            reflection="Een goed jaar.",
            submitted_at=datetime.now() - timedelta(days=1),
        )
        db.session.add(assessment)
        db.session.flush()
        for competency_id, indicator_id in keys:
            db.session.add(
                ConversationRating(
                    conversation_id=conversation_id,
                    competency_id=competency_id,
                    indicator_id=indicator_id,
                    score=3,
                )
            )
            db.session.add(
                SelfAssessmentRating(
                    self_assessment_id=assessment.id,
                    competency_id=competency_id,
                    indicator_id=indicator_id,
                    score=4,
                )
            )
        db.session.commit()


def sign(app, org, conversation_id: int, addenda: int) -> None:
    """Both sign; then `addenda` addenda, by the employee and the manager in turn."""
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        conversation.status = ConversationStatus.SIGNED.value
        conversation.manager_signed_at = datetime.now() - timedelta(hours=2)
        conversation.employee_signed_at = datetime.now() - timedelta(hours=1)
        db.session.commit()
        for number in range(addenda):
            db.session.add(
                ConversationAddendum(
                    conversation_id=conversation_id,
                    author_id=(org.employee, org.manager)[number % 2],
                    body=f"Aanvulling {number}",
                )
            )
        db.session.commit()


def statements(client, count_queries, conversation_id: int) -> int:
    with count_queries() as counted:
        assert client.get(f"/gesprekken/{conversation_id}").status_code == 200
    return len(counted)


@pytest.mark.parametrize("visitor", ["manager", "employee"])
def test_held_conversation_page_query_count_does_not_grow(
    app, client, org, login, make_conversation, cycle_id, function_ids, count_queries, visitor
):
    few = make_conversation(status=ConversationStatus.HELD)
    many = make_conversation(status=ConversationStatus.HELD)
    fill(app, org, cycle_id, function_ids, few, FEW)
    fill(app, org, cycle_id, function_ids, many, MANY)
    login(getattr(org, visitor))
    page = client.get(f"/gesprekken/{many}").text
    assert f"Afspraak {MANY - 1}" in page
    assert "Besproken 0" in page
    assert statements(client, count_queries, few) == statements(client, count_queries, many)


@pytest.mark.parametrize("visitor", ["manager", "employee"])
def test_signed_conversation_page_query_count_does_not_grow_with_addenda(
    app, client, org, login, make_conversation, cycle_id, function_ids, count_queries, visitor
):
    few = make_conversation(status=ConversationStatus.HELD)
    many = make_conversation(status=ConversationStatus.HELD)
    fill(app, org, cycle_id, function_ids, few, FEW)
    fill(app, org, cycle_id, function_ids, many, MANY)
    sign(app, org, few, FEW)
    sign(app, org, many, MANY)
    login(getattr(org, visitor))
    assert f"Aanvulling {MANY - 1}" in client.get(f"/gesprekken/{many}").text
    assert statements(client, count_queries, few) == statements(client, count_queries, many)
