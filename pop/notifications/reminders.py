"""What has become due, for `pop send-reminders`: the reminders to issue (digests.py mails them).

A reminder is issued once per occurrence (a goal's deadline, a quiet period, a planned date):
ReminderLog remembers it, so a second run finds nothing new. Something that was planned or
signed only just now is left alone for a few days, as its event notification already told.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select, tuple_
from sqlalchemy.orm import aliased, joinedload, selectinload

from pop.extensions import db
from pop.models import (
    CheckIn,
    Conversation,
    ConversationDeadline,
    ConversationStatus,
    Cycle,
    Goal,
    GoalStatus,
    Notification,
    NotificationKind,
    ReminderLog,
    Role,
    User,
    UserRole,
)
from pop.models._time import utcnow
from pop.notify import link_for, plain, subject_context

Kind = NotificationKind

ACTIVE_GOAL_STATUSES = (GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value)
NOT_HELD = (ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value)
# A conversation planned this recently was announced by its own notification.
JUST_PLANNED = timedelta(days=2)
# How long a report may wait for a signature before a reminder.
SIGNATURE_GRACE = timedelta(days=7)


@dataclass
class Due:
    """A reminder one person should get about one object."""

    recipient_id: int
    kind: Kind
    object_type: str
    object_id: int
    occurrence: str
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[int, str, str, int, str]:
        kind = self.kind.value
        return (self.recipient_id, kind, self.object_type, self.object_id, self.occurrence)


def _reachable(person: Any) -> Any:
    return and_(person.active.is_(True), person.anonymised.is_(False))


def _end_of_month(today: date) -> date:
    return today.replace(day=calendar.monthrange(today.year, today.month)[1])


# --- what is due ------------------------------------------------------------------------------


def due_reminders(today: date, *, days: int, weeks: int, now: datetime | None = None) -> list[Due]:
    """Everything due today, issued before or not."""
    now = now or utcnow()
    return [
        *goal_deadlines(today, days),
        *quiet_goals(today, weeks),
        *conversations_this_month(today, now),
        *unsigned_reports(now),
        *conversations_to_plan(today),
    ]


def goal_deadlines(today: date, days: int) -> list[Due]:
    """Active goals whose deadline is within `days`, or has passed."""
    rows = db.session.execute(
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
    return [
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


def quiet_goals(today: date, weeks: int) -> list[Due]:
    """Active goals without a check-in for `weeks` weeks: one reminder per quiet period."""
    period = timedelta(weeks=weeks)
    last_check_in = (
        select(CheckIn.goal_id, func.max(CheckIn.on).label("last_on"))
        .group_by(CheckIn.goal_id)
        .subquery()
    )
    since = func.coalesce(last_check_in.c.last_on, Goal.starts_on)
    rows = db.session.execute(
        select(Goal.id, Goal.employee_id, Goal.title, Goal.starts_on, last_check_in.c.last_on)
        .join(Cycle, Cycle.id == Goal.cycle_id)
        .join(User, User.id == Goal.employee_id)
        .outerjoin(last_check_in, last_check_in.c.goal_id == Goal.id)
        .where(
            Cycle.is_open,
            Goal.status.in_(ACTIVE_GOAL_STATUSES),
            Goal.deadline >= today,  # after the deadline the deadline reminder speaks
            since <= today - period,
            _reachable(User),
        )
    )
    due = []
    for goal_id, employee_id, title, starts_on, last_on in rows:
        quiet_since = last_on or starts_on
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
    return due


def conversations_this_month(today: date, now: datetime) -> list[Due]:
    """Conversations planned up to the end of this month and not yet held.

    The employee is asked for a self-assessment while it is still open to them; otherwise both
    are reminded of the date.
    """
    employee, manager = aliased(User), aliased(User)
    conversations = db.session.scalars(
        select(Conversation)
        .join(Cycle, Cycle.id == Conversation.cycle_id)
        .join(employee, employee.id == Conversation.employee_id)
        .join(manager, manager.id == Conversation.manager_id)
        .where(
            Cycle.is_open,
            Conversation.status.in_(NOT_HELD),
            Conversation.planned_on <= _end_of_month(today),
            Conversation.created_at <= now - JUST_PLANNED,
            _reachable(employee) | _reachable(manager),
        )
        .options(
            joinedload(Conversation.employee),
            joinedload(Conversation.manager),
            selectinload(Conversation.self_assessment),
        )
    )
    due = []
    for conversation in conversations:
        context = subject_context(conversation)
        occurrence = conversation.planned_on.isoformat()
        assessment = conversation.self_assessment
        asked = conversation.planned_on >= today and not (assessment and assessment.is_submitted)
        kind = Kind.SELF_ASSESSMENT_REQUESTED if asked else Kind.CONVERSATION_DUE
        for recipient, recipient_kind in (
            (conversation.employee, kind),
            (conversation.manager, Kind.CONVERSATION_DUE),
        ):
            if recipient.active and not recipient.anonymised:
                due.append(
                    Due(
                        recipient.id,
                        recipient_kind,
                        "Conversation",
                        conversation.id,
                        occurrence,
                        context,
                    )
                )
    return due


def unsigned_reports(now: datetime) -> list[Due]:
    """Reports left unsigned for a week: by the manager after recording, then by the employee."""
    cutoff = now - SIGNATURE_GRACE
    employee, manager = aliased(User), aliased(User)
    conversations = db.session.scalars(
        select(Conversation)
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
            | ((Conversation.manager_signed_at <= cutoff) & _reachable(employee)),
        )
        .options(joinedload(Conversation.employee), joinedload(Conversation.manager))
    )
    due = []
    for conversation in conversations:
        if conversation.manager_signed_at is None:
            recipient_id, occurrence = conversation.manager_id, "manager"
        else:
            recipient_id = conversation.employee_id
            occurrence = conversation.manager_signed_at.isoformat(timespec="seconds")
        due.append(
            Due(
                recipient_id,
                Kind.SIGNATURE_DUE,
                "Conversation",
                conversation.id,
                occurrence,
                subject_context(conversation),
            )
        )
    return due


def conversations_to_plan(today: date) -> list[Due]:
    """For HR's conversation deadlines this month: managers whose people have none planned yet."""
    deadlines = db.session.scalars(
        select(ConversationDeadline)
        .join(Cycle, Cycle.id == ConversationDeadline.cycle_id)
        .where(
            Cycle.is_open,
            ConversationDeadline.due_on >= today,
            ConversationDeadline.due_on <= _end_of_month(today),
        )
    ).all()
    manager = aliased(User)
    due = []
    for deadline in deadlines:
        has_one = exists().where(
            Conversation.employee_id == User.id,
            Conversation.cycle_id == deadline.cycle_id,
            Conversation.kind == deadline.kind,
        )
        is_employee = exists().where(
            UserRole.user_id == User.id, UserRole.role == Role.EMPLOYEE.value
        )
        rows = db.session.execute(
            select(User.manager_id, func.count(User.id))
            .join(manager, manager.id == User.manager_id)
            .where(_reachable(User), _reachable(manager), is_employee, ~has_one)
            .group_by(User.manager_id)
        )
        for manager_id, count in rows:
            due.append(
                Due(
                    manager_id,
                    Kind.CONVERSATIONS_TO_PLAN,
                    "ConversationDeadline",
                    deadline.id,
                    deadline.due_on.isoformat(),
                    {**subject_context(deadline), "count": count},
                )
            )
    return due


# --- issuing ----------------------------------------------------------------------------------


def _already_issued(due: list[Due]) -> set[tuple[int, str, str, int, str]]:
    issued: set[tuple[int, str, str, int, str]] = set()
    keys = sorted({item.key for item in due})
    columns = (
        ReminderLog.recipient_id,
        ReminderLog.kind,
        ReminderLog.object_type,
        ReminderLog.object_id,
        ReminderLog.occurrence,
    )
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = db.session.execute(select(*columns).where(tuple_(*columns).in_(chunk)))
        issued.update(tuple(row) for row in rows)
    return issued


def issue(due: list[Due]) -> list[Notification]:
    """A notification and a log entry for every reminder not issued before; flushes."""
    issued = _already_issued(due)
    made = []
    for item in due:
        if item.key in issued:
            continue
        issued.add(item.key)
        db.session.add(
            ReminderLog(
                recipient_id=item.recipient_id,
                kind=item.kind.value,
                object_type=item.object_type,
                object_id=item.object_id,
                occurrence=item.occurrence,
            )
        )
        notification = Notification(
            recipient_id=item.recipient_id,
            kind=item.kind.value,
            object_type=item.object_type,
            object_id=item.object_id,
            link=link_for(item.kind, item.object_type, item.object_id),
            context=plain(item.context),
        )
        db.session.add(notification)
        made.append(notification)
    db.session.flush()
    return made
