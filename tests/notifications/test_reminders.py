"""What `pop send-reminders` finds due, and that each reminder is issued only once."""

from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from pop.extensions import db
from pop.models import (
    CheckIn,
    ConversationDeadline,
    ConversationKind,
    ConversationStatus,
    Cycle,
    GoalStatus,
    Notification,
    ReminderLog,
    User,
)
from pop.models._time import utcnow
from pop.notifications import issuing, reminders
from pop.notifications.reminders import Due

TODAY = date.today()
LONG_AGO = utcnow() - timedelta(days=30)


def due(app, today: date = TODAY, days: int = 14, weeks: int = 6) -> set[tuple[int, str, int]]:
    with app.app_context():
        return {
            (item.recipient_id, item.kind.value, item.object_id)
            for item in reminders.due_reminders(today, days=days, weeks=weeks)
        }


def test_deadlines_near_and_passed_are_due_for_the_goals_owner(app, org, make_goal):
    soon = make_goal(org.employee, deadline=TODAY + timedelta(days=3))
    passed = make_goal(org.employee, GoalStatus.IN_PROGRESS, deadline=TODAY - timedelta(days=1))
    make_goal(org.employee, deadline=TODAY + timedelta(days=30))  # not yet
    make_goal(org.employee, GoalStatus.DONE, deadline=TODAY)  # finished
    make_goal(org.employee, GoalStatus.CONCEPT, deadline=TODAY)  # not agreed
    found = due(app)
    assert (org.employee, "deadline_near", soon) in found
    assert (org.employee, "deadline_passed", passed) in found
    assert {item for item in found if item[1].startswith("deadline")} == {
        (org.employee, "deadline_near", soon),
        (org.employee, "deadline_passed", passed),
    }
    assert (org.employee, "deadline_near", soon) not in due(app, days=2)


def test_goals_of_closed_cycles_and_inactive_people_are_left_alone(app, org, make_goal, cycle_id):
    make_goal(org.colleague, deadline=TODAY)
    with app.app_context():
        db.session.get(User, org.colleague).active = False
        db.session.commit()
    closed = Cycle(name="oud", starts_on=date(2000, 1, 1), ends_on=date(2000, 12, 31))
    with app.app_context():
        closed.is_open = False
        db.session.add(closed)
        db.session.commit()
        closed_id = closed.id
    from tests.conversations import factories

    factories.make_goal(app, org.employee, closed_id, GoalStatus.AGREED, deadline=TODAY)
    assert due(app) == set()


def test_a_goal_without_a_check_in_for_weeks_is_due_once_per_quiet_period(app, org, make_goal):
    start = TODAY - timedelta(weeks=7)
    quiet = make_goal(org.employee, starts_on=start, deadline=TODAY + timedelta(days=100))
    busy = make_goal(org.employee, starts_on=start, deadline=TODAY + timedelta(days=100))
    with app.app_context():
        db.session.add(
            CheckIn(
                goal_id=busy, author_id=org.employee, on=TODAY - timedelta(weeks=1), progress=20
            )
        )
        db.session.commit()
    assert due(app, days=0) == {(org.employee, "check_in_due", quiet)}
    assert due(app, days=0, weeks=8) == set()
    with app.app_context():
        [[item]] = reminders.quiet_goal_pages(TODAY, 6)
        assert item.context["weeks"] == 7
        [later] = [
            item
            for page in reminders.quiet_goal_pages(TODAY + timedelta(weeks=6), 6)
            for item in page
            if item.object_id == quiet
        ]
        assert later.occurrence != item.occurrence  # twelve quiet weeks: a second reminder


def test_conversations_this_month_ask_for_the_self_assessment_and_remind_both(
    app, org, make_conversation
):
    upcoming = make_conversation(planned_on=TODAY, created_at=LONG_AGO)
    overdue = make_conversation(
        employee_id=org.colleague,
        planned_on=TODAY - timedelta(days=40),
        created_at=LONG_AGO - timedelta(days=40),
        kind=ConversationKind.PLANNING,
    )
    make_conversation(  # just planned: its own notification said so
        employee_id=org.other_employee, manager_id=org.other_manager, planned_on=TODAY
    )
    make_conversation(  # already held
        kind=ConversationKind.APPRAISAL, status=ConversationStatus.HELD, planned_on=TODAY
    )
    found = {item for item in due(app) if item[1] != "signature_due"}
    assert found == {
        (org.employee, "self_assessment_requested", upcoming),
        (org.manager, "conversation_due", upcoming),
        (org.colleague, "conversation_due", overdue),
        (org.manager, "conversation_due", overdue),
    }


def test_unsigned_reports_remind_the_manager_then_the_employee(app, org, make_conversation):
    week_ago = TODAY - timedelta(days=8)
    unsigned = make_conversation(status=ConversationStatus.HELD, held_on=week_ago)
    awaiting_employee = make_conversation(
        employee_id=org.colleague,
        status=ConversationStatus.HELD,
        held_on=week_ago,
        manager_signed_at=datetime.combine(week_ago, datetime.min.time()),
    )
    make_conversation(  # signed yesterday: the employee was just told
        employee_id=org.other_employee,
        manager_id=org.other_manager,
        status=ConversationStatus.HELD,
        manager_signed_at=utcnow() - timedelta(days=1),
    )
    assert due(app) == {
        (org.manager, "signature_due", unsigned),
        (org.colleague, "signature_due", awaiting_employee),
    }


def test_managers_are_told_whom_they_still_have_to_plan_a_conversation_with(
    app, org, cycle_id, make_conversation
):
    with app.app_context():
        db.session.add(
            ConversationDeadline(
                cycle_id=cycle_id,
                kind=ConversationKind.REVIEW.value,
                opens_on=TODAY,
                due_on=TODAY,
            )
        )
        db.session.commit()
    make_conversation(employee_id=org.employee, planned_on=TODAY, created_at=utcnow())
    with app.app_context():
        to_plan = reminders.conversations_to_plan(TODAY)
        counts = {item.recipient_id: item.context["count"] for item in to_plan}
    # Marieke still has Pieter; Karim has Lotte; the managers themselves report to nobody.
    assert counts == {org.manager: 1, org.other_manager: 1}


def test_the_reminder_to_plan_follows_each_persons_window(app, org, cycle_id):
    """The cycle's review window closes in March; Sociaal Domein (Karim's Lotte) has its own in
    May: in March only Marieke is told, in May only Karim, of his department's window."""
    with app.app_context():
        year = db.session.get(Cycle, cycle_id).starts_on.year
        general = ConversationDeadline(
            cycle_id=cycle_id,
            kind=ConversationKind.REVIEW.value,
            opens_on=date(year, 3, 1),
            due_on=date(year, 3, 31),
        )
        own = ConversationDeadline(
            cycle_id=cycle_id,
            department_id=org.department_b,
            kind=ConversationKind.REVIEW.value,
            opens_on=date(year, 5, 1),
            due_on=date(year, 5, 31),
        )
        db.session.add_all([general, own])
        db.session.commit()
        march = reminders.conversations_to_plan(date(year, 3, 10))
        may = reminders.conversations_to_plan(date(year, 5, 10))
        general_id, own_id = general.id, own.id
    assert {(item.recipient_id, item.object_id, item.context["count"]) for item in march} == {
        (org.manager, general_id, 2)
    }
    assert [(item.recipient_id, item.object_id, item.occurrence) for item in may] == [
        (org.other_manager, own_id, date(year, 5, 31).isoformat())
    ]


def test_issuing_twice_makes_each_reminder_once(app, org, make_goal):
    goal_id = make_goal(org.employee, starts_on=TODAY, deadline=TODAY + timedelta(days=1))
    with app.app_context():
        first = issuing.issue(reminders.due_reminders(TODAY, days=14, weeks=6))
        db.session.commit()
        assert [(n.recipient_id, n.kind, n.link) for n in first] == [
            (org.employee, "deadline_near", f"/pop/doelen/{goal_id}")
        ]
        assert issuing.issue(reminders.due_reminders(TODAY, days=14, weeks=6)) == []
        duplicate = Due(org.employee, first[0].notification_kind, "Goal", goal_id, "x")
        assert len(issuing.issue([duplicate, duplicate])) == 1
        db.session.commit()
        assert db.session.scalar(select(func.count(ReminderLog.id))) == 2
        assert db.session.scalar(select(func.count(Notification.id))) == 2


def test_pages_of_any_size_hold_every_reminder_once(app, org, make_goal, make_conversation):
    for days in range(5):
        make_goal(org.employee, deadline=TODAY + timedelta(days=days))
    make_goal(org.colleague, GoalStatus.IN_PROGRESS, deadline=TODAY - timedelta(days=1))
    make_conversation(planned_on=TODAY, created_at=LONG_AGO)
    make_conversation(employee_id=org.colleague, planned_on=TODAY, created_at=LONG_AGO)
    with app.app_context():
        whole = sorted(item.key for item in reminders.due_reminders(TODAY, days=14, weeks=6))
        pages = list(reminders.due_pages(TODAY, days=14, weeks=6, size=2))
    paged = sorted(item.key for page in pages for item in page)
    assert {key[1] for key in whole} == {
        "deadline_near",
        "deadline_passed",
        "check_in_due",
        "conversation_due",
        "self_assessment_requested",
    }
    assert paged == whole
    assert len(set(paged)) == len(paged)
    assert max(len(page) for page in pages) <= 4  # a conversation reminds two people
    assert len(pages) >= 5
