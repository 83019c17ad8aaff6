"""The services tell the right person at the moment something happens, in the same transaction."""

from datetime import date, timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from pop.conversations import services as conversation_services
from pop.extensions import db
from pop.models import (
    Conversation,
    ConversationKind,
    ConversationStatus,
    Cycle,
    Goal,
    GoalStatus,
    Notification,
    NotificationKind,
    User,
)
from pop.notifications.texts import describe
from pop.notify import notify
from pop.plan import services as plan_services

TODAY = date.today()


def notifications(app, user_id: int) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [
            (notification.kind, notification.actor_id)
            for notification in db.session.scalars(
                select(Notification)
                .where(Notification.recipient_id == user_id)
                .order_by(Notification.id)
            )
        ]


def test_proposing_a_goal_tells_the_manager(app, org, make_goal):
    goal_id = make_goal(org.employee, GoalStatus.CONCEPT, title="Helder schrijven")
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        plan_services.propose(goal, db.session.get(User, org.employee))
        db.session.commit()
        notification = db.session.scalar(select(Notification))
        assert notification.recipient_id == org.manager
        assert notification.link == f"/pop/doelen/{goal_id}"
        assert notification.read_at is None
        assert notification.emailed_at is None
        assert describe(notification) == 'Sanne Medewerker stelt het doel "Helder schrijven" voor.'
    assert notifications(app, org.manager) == [("goal_proposed", org.employee)]
    assert notifications(app, org.employee) == []


def test_agreeing_a_goal_tells_the_employee(app, org, make_goal):
    goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
    with app.app_context():
        plan_services.agree(db.session.get(Goal, goal_id), db.session.get(User, org.manager))
        db.session.commit()
    assert notifications(app, org.employee) == [("goal_agreed", org.manager)]
    assert notifications(app, org.manager) == []


def test_sending_back_tells_the_employee_once_with_the_reason(app, org, make_goal):
    goal_id = make_goal(org.employee, GoalStatus.PROPOSED, title="Presenteren")
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        plan_services.send_back(goal, db.session.get(User, org.manager), "Maak het meetbaar.")
        db.session.commit()
        notification = db.session.scalar(select(Notification))
        assert describe(notification) == (
            'Marieke Manager heeft je doel "Presenteren" teruggestuurd: Maak het meetbaar.'
        )
    # The comment that carries the reason is not a second notification.
    assert notifications(app, org.employee) == [("goal_sent_back", org.manager)]


def test_a_comment_tells_the_other_party(app, org, make_goal):
    goal_id = make_goal(org.employee)
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        plan_services.add_comment(goal, db.session.get(User, org.employee), "Hoe vind je dit?")
        plan_services.add_comment(goal, db.session.get(User, org.manager), "Prima!")
        db.session.commit()
    assert notifications(app, org.manager) == [("comment_added", org.employee)]
    assert notifications(app, org.employee) == [("comment_added", org.manager)]


def test_a_refused_action_leaves_no_notification(app, org, make_goal):
    goal_id = make_goal(org.employee, GoalStatus.PROPOSED)
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        with pytest.raises(plan_services.PlanError):
            plan_services.agree(goal, db.session.get(User, org.other_manager))
        db.session.rollback()
    assert notifications(app, org.employee) == []


def test_nobody_is_told_about_their_own_action_or_when_inactive(app, org, make_goal):
    with app.app_context():
        goal = db.session.get(Goal, make_goal(org.employee))
        employee = db.session.get(User, org.employee)
        assert notify(employee, NotificationKind.COMMENT_ADDED, obj=goal, actor=employee) is None
        employee.active = False
        assert notify(employee, NotificationKind.GOAL_AGREED, obj=goal) is None
        assert notify(None, NotificationKind.GOAL_AGREED, obj=goal) is None


def test_planning_a_conversation_tells_the_employee(app, org, cycle_id):
    planned_on = max(TODAY, date(TODAY.year, 1, 2))
    with app.app_context():
        conversation = conversation_services.plan_conversation(
            db.session.get(User, org.employee),
            db.session.get(Cycle, cycle_id),
            ConversationKind.REVIEW,
            planned_on,
            db.session.get(User, org.manager),
        )
        db.session.commit()
        notification = db.session.scalar(select(Notification))
        assert notification.link == f"/gesprekken/{conversation.id}"
        assert "functioneringsgesprek met je gepland" in describe(notification)
        with force_locale("en"):
            assert "planned a performance review with you" in describe(notification)
    assert notifications(app, org.employee) == [("conversation_planned", org.manager)]


def test_submitting_a_self_assessment_tells_the_manager(app, org, make_conversation):
    conversation_id = make_conversation()
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        employee = db.session.get(User, org.employee)
        conversation_services.save_self_assessment(
            conversation, employee, scores={}, reflection="Concept."
        )
        assert notifications(app, org.manager) == []
        conversation_services.save_self_assessment(
            conversation, employee, scores={}, reflection="Mijn blik op het jaar.", submit=True
        )
        db.session.commit()
    assert notifications(app, org.manager) == [("self_assessment_submitted", org.employee)]


def test_the_managers_signature_tells_the_employee_the_report_is_ready(app, org, make_conversation):
    conversation_id = make_conversation(
        status=ConversationStatus.HELD, held_on=TODAY - timedelta(days=1)
    )
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        conversation_services.sign_as_manager(conversation, db.session.get(User, org.manager))
        db.session.commit()
        notification = db.session.scalar(select(Notification))
        assert "teken het voor gezien" in describe(notification)
    assert notifications(app, org.employee) == [("report_ready", org.manager)]
