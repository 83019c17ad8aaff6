"""What has become due, for `pop send-reminders`: the reminders to issue (digests.py mails them).

A reminder is issued once per occurrence (a goal's deadline, a quiet period, a planned date):
ReminderLog remembers it, so a second run finds nothing new. Something that was planned or
signed only just now is left alone for a few days, as its event notification already told.

At 100,000 employees hundreds of thousands of reminders can be due, so they come in pages
(`due_pages`): each page is one query over a window of ids that reads only the columns a
reminder needs, never ORM objects, and the caller issues and commits a page before the next is
read. A run's memory is that of one page, whatever the size of the organisation.
"""

import calendar
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from pop.conversations.cycles.windows import person_windows
from pop.extensions import db
from pop.models import (
    CheckIn,
    Conversation,
    ConversationDeadline,
    ConversationStatus,
    Cycle,
    Goal,
    GoalStatus,
    NotificationKind,
    Role,
    SecondAssessment,
    SelfAssessment,
    User,
    UserRole,
)
from pop.models._time import utcnow
from pop.notifications.due import JUST_PLANNED, NOT_HELD, PAGE_SIZE, Due
from pop.notifications.due import id_windows as _id_windows
from pop.notifications.due import reachable as _reachable
from pop.notifications.feedback_due import feedback_due_pages
from pop.notify import subject_context

Kind = NotificationKind

ACTIVE_GOAL_STATUSES = (GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value)
# How long a report may wait for a signature before a reminder.
SIGNATURE_GRACE = timedelta(days=7)


def _end_of_month(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


# --- what is due ------------------------------------------------------------------------------


def due_pages(
    today: date,
    *,
    days: int,
    weeks: int,
    now: datetime | None = None,
    size: int = PAGE_SIZE,
) -> Iterator[list[Due]]:
    """Everything due today, issued before or not, a page at a time."""
    now = now or utcnow()
    yield from goal_deadline_pages(today, days, size=size)
    yield from quiet_goal_pages(today, weeks, size=size)
    yield from conversations_this_month_pages(today, now, size=size)
    yield from unsigned_report_pages(now, size=size)
    yield from feedback_due_pages(today, now, size=size)
    to_plan = conversations_to_plan(today)  # one per manager and window: a few thousand
    for start in range(0, len(to_plan), size):
        yield to_plan[start : start + size]


def due_reminders(today: date, *, days: int, weeks: int, now: datetime | None = None) -> list[Due]:
    """Everything due today, issued before or not, in one list (for small organisations)."""
    return [item for page in due_pages(today, days=days, weeks=weeks, now=now) for item in page]


def goal_deadline_pages(today: date, days: int, *, size: int = PAGE_SIZE) -> Iterator[list[Due]]:
    """Active goals whose deadline is within `days`, or has passed."""
    query = (
        select(Goal.id, Goal.employee_id, Goal.title, Goal.deadline)
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .join(User, User.id == Goal.employee_id)
        .where(
            Cycle.is_open,
            Goal.status.in_(ACTIVE_GOAL_STATUSES),
            Goal.deadline <= today + timedelta(days=days),
            _reachable(User),
        )
    )
    for rows in _id_windows(query, Goal.id, size):
        yield [
            Due(
                employee_id,
                Kind.DEADLINE_PASSED if deadline < today else Kind.DEADLINE_NEAR,
                "Goal",
                goal_id,
                deadline.isoformat(),
                {"title": title, "deadline": deadline},
            )
            for goal_id, employee_id, title, deadline in rows
        ]


def quiet_goal_pages(today: date, weeks: int, *, size: int = PAGE_SIZE) -> Iterator[list[Due]]:
    """Active goals without a check-in for `weeks` weeks: one reminder per quiet period."""
    period = timedelta(weeks=weeks)
    # Per goal through the check-ins' goal index: a page never aggregates the whole table.
    last_on = (
        select(func.max(CheckIn.on))
        .where(CheckIn.goal_id == Goal.id)
        .correlate(Goal)
        .scalar_subquery()
    )
    query = (
        select(Goal.id, Goal.employee_id, Goal.title, Goal.starts_on, last_on)
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .join(User, User.id == Goal.employee_id)
        .where(
            Cycle.is_open,
            Goal.status.in_(ACTIVE_GOAL_STATUSES),
            Goal.deadline >= today,  # after the deadline the deadline reminder speaks
            func.coalesce(last_on, Goal.starts_on) <= today - period,
            _reachable(User),
        )
    )
    for rows in _id_windows(query, Goal.id, size):
        due = []
        for goal_id, employee_id, title, starts_on, last_check_in in rows:
            quiet_since = last_check_in or starts_on
            quiet_days = (today - quiet_since).days
            periods = quiet_days // period.days
            due.append(
                Due(
                    employee_id,
                    Kind.CHECK_IN_DUE,
                    "Goal",
                    goal_id,
                    f"{quiet_since.isoformat()}/{periods}",
                    {"title": title, "weeks": quiet_days // 7},
                )
            )
        yield due


def _conversation_columns(employee: Any, manager: Any) -> tuple:
    """What a conversation's reminder needs: its id first (the page key), then its subject."""
    return (
        Conversation.id,
        Conversation.kind,
        Conversation.planned_on,
        Conversation.held_on,
        Conversation.employee_id,
        Conversation.manager_id,
        employee.name,
        manager.name,
    )


def _conversation_context(row: Any) -> dict[str, Any]:
    """subject_context(conversation), from the columns of `_conversation_columns`."""
    _id, kind, planned_on, held_on, employee_id, manager_id, employee_name, manager_name = row[:8]
    return {
        "kind": kind,
        "date": held_on or planned_on,
        "employee": employee_name,
        "manager": manager_name,
        "employee_id": employee_id,
        "manager_id": manager_id,
    }


def conversations_this_month_pages(
    today: date, now: datetime, *, size: int = PAGE_SIZE
) -> Iterator[list[Due]]:
    """Conversations planned up to the end of this month and not yet held.

    The employee is asked for a self-assessment while it is still open to them; otherwise both
    are reminded of the date.
    """
    employee, manager = aliased(User), aliased(User)
    query = (
        select(
            *_conversation_columns(employee, manager),
            _reachable(employee).label("employee_reachable"),
            _reachable(manager).label("manager_reachable"),
            SelfAssessment.submitted_at,
        )
        .join(Cycle, Cycle.id == Conversation.cycle_id)
        .join(employee, employee.id == Conversation.employee_id)
        .join(manager, manager.id == Conversation.manager_id)
        .outerjoin(SelfAssessment, SelfAssessment.conversation_id == Conversation.id)
        .where(
            Cycle.is_open,
            Conversation.status.in_(NOT_HELD),
            Conversation.planned_on <= _end_of_month(today),
            Conversation.created_at <= now - JUST_PLANNED,
            _reachable(employee) | _reachable(manager),
        )
    )
    for rows in _id_windows(query, Conversation.id, size):
        due = []
        for row in rows:
            conversation_id, planned_on = row.id, row.planned_on
            context = _conversation_context(row)
            asked = planned_on >= today and row.submitted_at is None
            kind = Kind.SELF_ASSESSMENT_REQUESTED if asked else Kind.CONVERSATION_DUE
            for recipient_id, recipient_kind, reachable in (
                (row.employee_id, kind, row.employee_reachable),
                (row.manager_id, Kind.CONVERSATION_DUE, row.manager_reachable),
            ):
                if reachable:
                    due.append(
                        Due(
                            recipient_id,
                            recipient_kind,
                            "Conversation",
                            conversation_id,
                            planned_on.isoformat(),
                            context,
                        )
                    )
        yield due


def unsigned_report_pages(now: datetime, *, size: int = PAGE_SIZE) -> Iterator[list[Due]]:
    """Reports left unsigned for a week: by the manager after recording, then by the employee."""
    cutoff = now - SIGNATURE_GRACE
    employee, manager = aliased(User), aliased(User)
    query = (
        select(*_conversation_columns(employee, manager), Conversation.manager_signed_at)
        .join(employee, employee.id == Conversation.employee_id)
        .join(manager, manager.id == Conversation.manager_id)
        .where(
            Conversation.status == ConversationStatus.HELD.value,
            Conversation.employee_signed_at.is_(None),
            (
                Conversation.manager_signed_at.is_(None)
                & (Conversation.held_on <= cutoff.date())
                & _reachable(manager)
            )
            | (
                (Conversation.manager_signed_at <= cutoff)
                & _reachable(employee)
                # Not while the second assessor has yet to agree: the employee cannot sign.
                & ~Conversation.second_assessment.has(SecondAssessment.agreed_at.is_(None))
            ),
        )
    )
    for rows in _id_windows(query, Conversation.id, size):
        due = []
        for row in rows:
            if row.manager_signed_at is None:
                recipient_id, occurrence = row.manager_id, "manager"
            else:
                recipient_id = row.employee_id
                occurrence = row.manager_signed_at.isoformat(timespec="seconds")
            due.append(
                Due(
                    recipient_id,
                    Kind.SIGNATURE_DUE,
                    "Conversation",
                    row.id,
                    occurrence,
                    _conversation_context(row),
                )
            )
        yield due


def conversations_to_plan(today: date) -> list[Due]:
    """For the windows of HR's calendar that close this month: managers whose people still have
    no such conversation, per window that applies to those people (their department's, else
    the cycle's).

    Set-based: one grouped query over every person's window, with the conversation each has as
    a correlated existence test, never a lookup per person; and one query for the windows.
    """
    windows = person_windows(select(Cycle.id).where(Cycle.is_open))
    manager = aliased(User)
    employees = select(UserRole.user_id).where(UserRole.role == Role.EMPLOYEE.value)
    with_one = (
        select(Conversation.id)
        .where(
            Conversation.employee_id == User.id,
            Conversation.cycle_id == windows.c.cycle_id,
            Conversation.kind == windows.c.kind,
        )
        .exists()
    )
    rows = db.session.execute(
        select(windows.c.window_id, User.manager_id, func.count(User.id))
        .join(windows, windows.c.user_id == User.id)
        .join(manager, manager.id == User.manager_id)
        .where(
            _reachable(User),
            _reachable(manager),
            User.id.in_(employees),
            windows.c.due_on >= today,
            windows.c.due_on <= _end_of_month(today),
            ~with_one,
        )
        .group_by(windows.c.window_id, User.manager_id)
        .order_by(windows.c.window_id, User.manager_id)
    ).all()
    by_id = {
        window.id: window
        for window in db.session.scalars(
            select(ConversationDeadline).where(
                ConversationDeadline.id.in_(sorted({row[0] for row in rows}))
            )
        )
    }
    due = []
    for window_id, manager_id, count in rows:
        window = by_id[window_id]
        due.append(
            Due(
                manager_id,
                Kind.CONVERSATIONS_TO_PLAN,
                "ConversationDeadline",
                window.id,
                window.due_on.isoformat(),
                {**subject_context(window), "count": count},
            )
        )
    return due
