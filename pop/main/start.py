"""What the start page shows: what is waiting for this person, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import Row, case, func, select
from sqlalchemy.orm import joinedload

from pop import access, access_standins
from pop.conversations.cycles.windows import person_windows
from pop.conversations.second_assessor import reports_to_cosign
from pop.extensions import db
from pop.models import (
    OPEN_STATUSES,
    AuditEvent,
    CheckIn,
    Conversation,
    ConversationStatus,
    Cycle,
    Goal,
    GoalStatus,
    Role,
    SecondAssessment,
    SelfAssessment,
    User,
    UserRole,
)

UPCOMING_DAYS = 30
# The proposals a manager sees by name on the start page; the rest are behind "all proposals".
PROPOSALS_SHOWN = 5
# The other to-do items of the start page, each by name; their full lists are a click away.
ITEMS_SHOWN = 5


@dataclass(frozen=True)
class Proposal:
    """A goal waiting for the manager's agreement, as the start page lists it."""

    goal_id: int
    title: str
    employee_name: str


@dataclass(frozen=True)
class ToPlan:
    """A team member without a conversation of a kind whose window (from HR's calendar of the
    cycle) is open for them, or opens soon."""

    employee_id: int
    employee_name: str
    kind: str
    due_on: date
    opens_on: date


@dataclass(frozen=True)
class CheckInDue:
    """An active goal of one's own without a check-in for the reminders' quiet period."""

    goal_id: int
    title: str
    last_check_in: date | None


@dataclass
class StartPage:
    open_goals: int = 0
    overdue_goals: int = 0
    concept_goals: int = 0
    due_soon: list[Goal] = field(default_factory=list)
    awaiting_my_agreement: int = 0
    proposals: list[Proposal] = field(default_factory=list)
    upcoming_conversations: list[Conversation] = field(default_factory=list)
    unsigned_reports: int = 0
    to_sign: list[Conversation] = field(default_factory=list)
    self_assessments_due: list[Conversation] = field(default_factory=list)
    sent_back: list[Goal] = field(default_factory=list)
    to_record: list[Conversation] = field(default_factory=list)
    # Reports waiting for this person's agreement as second assessor.
    to_cosign: list[Conversation] = field(default_factory=list)
    team_overdue_goals: int = 0
    to_plan: list[ToPlan] = field(default_factory=list)
    to_plan_count: int = 0
    to_prepare: list[Conversation] = field(default_factory=list)
    check_ins_due: list[CheckInDue] = field(default_factory=list)
    leads_team: bool = False
    # The managers whose team this person leads as stand-in today or will lead later.
    standing_in_for: list[Row] = field(default_factory=list)


def start_page(
    user: User, cycle: Cycle, today: date | None = None, *, check_in_weeks: int | None = None
) -> StartPage:
    """`check_in_weeks`: how long an active goal may go without a check-in before it is due;
    by default the reminders' REMINDER_CHECK_IN_WEEKS, so the page and the reminder agree."""
    today = today or date.today()
    if check_in_weeks is None:
        check_in_weeks = current_app.config["REMINDER_CHECK_IN_WEEKS"]
    page = StartPage()
    own_open = (Goal.employee_id == user.id) & (Goal.cycle_id == cycle.id)
    counts = db.session.execute(
        select(
            func.count(Goal.id),
            func.sum(case((Goal.deadline < today, 1), else_=0)),
            func.sum(case((Goal.status == GoalStatus.CONCEPT.value, 1), else_=0)),
        ).where(own_open, Goal.status.in_(OPEN_STATUSES))
    ).one()
    page.open_goals, page.overdue_goals, page.concept_goals = (value or 0 for value in counts)
    page.due_soon = list(
        db.session.scalars(
            select(Goal)
            .where(
                own_open,
                Goal.status.in_([GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value]),
                Goal.deadline.between(today, today + timedelta(days=UPCOMING_DAYS)),
            )
            .order_by(Goal.deadline)
            .limit(3)
        )
    )
    led = access.acting_manager_ids(user)
    page.leads_team = access.leads_a_team(user)
    page.standing_in_for = access_standins.standing_in_for(user, today)
    if page.leads_team:
        proposed = User.manager_id.in_(led) & (Goal.status == GoalStatus.PROPOSED.value)
        page.awaiting_my_agreement = db.session.scalar(
            select(func.count(Goal.id)).join(Goal.employee).where(proposed)
        )
        page.proposals = [
            Proposal(*row)
            for row in db.session.execute(
                select(Goal.id, Goal.title, User.name)
                .join(Goal.employee)
                .where(proposed)
                .order_by(Goal.updated_at, Goal.id)
                .limit(PROPOSALS_SHOWN)
            )
        ]
    mine = (Conversation.employee_id == user.id) | (Conversation.manager_id == user.id)
    page.upcoming_conversations = list(
        db.session.scalars(
            select(Conversation)
            .where(
                mine,
                Conversation.planned_on >= today,
                Conversation.status.in_(
                    [ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value]
                ),
            )
            .options(joinedload(Conversation.employee), joinedload(Conversation.manager))
            .order_by(Conversation.planned_on)
            .limit(3)
        )
    )
    awaiting_signature = (Conversation.status == ConversationStatus.HELD.value) & (
        (
            (Conversation.employee_id == user.id)
            & Conversation.manager_signed_at.is_not(None)
            & Conversation.employee_signed_at.is_(None)
            # Not while the second assessor has yet to agree.
            & ~Conversation.second_assessment.has(SecondAssessment.agreed_at.is_(None))
        )
        | ((Conversation.manager_id == user.id) & Conversation.manager_signed_at.is_(None))
    )
    page.unsigned_reports = db.session.scalar(
        select(func.count(Conversation.id)).where(awaiting_signature)
    )
    page.to_sign = _conversations(awaiting_signature, Conversation.held_on)
    page.to_cosign = reports_to_cosign(user, ITEMS_SHOWN)
    page.self_assessments_due = _conversations(
        (Conversation.employee_id == user.id)
        & Conversation.status.in_(_NOT_HELD)
        & ~Conversation.self_assessment.has(SelfAssessment.submitted_at.is_not(None)),
        Conversation.planned_on,
    )
    page.check_ins_due = _check_ins_due(own_open, today - timedelta(weeks=check_in_weeks), today)
    page.sent_back = list(
        db.session.scalars(
            select(Goal)
            .where(
                own_open,
                Goal.status == GoalStatus.CONCEPT.value,
                select(AuditEvent.id)
                .where(
                    AuditEvent.object_type == "Goal",
                    AuditEvent.object_id == Goal.id,
                    AuditEvent.action == "goal_sent_back",
                )
                .exists(),
            )
            .order_by(Goal.updated_at.desc(), Goal.id)
            .limit(ITEMS_SHOWN)
        )
    )
    if page.leads_team:
        page.to_record = _conversations(
            Conversation.manager_id.in_(led)
            & Conversation.status.in_(_NOT_HELD)
            & (Conversation.planned_on <= today),
            Conversation.planned_on,
        )
        page.to_prepare = _conversations(
            (Conversation.manager_id == user.id)
            & (Conversation.status == ConversationStatus.PLANNED.value)
            & Conversation.planned_on.between(today, today + timedelta(days=UPCOMING_DAYS)),
            Conversation.planned_on,
        )
        page.to_plan_count, page.to_plan = _to_plan(user, cycle, today)
        page.team_overdue_goals = db.session.scalar(
            select(func.count(Goal.id))
            .join(Goal.employee)
            .where(
                User.manager_id.in_(led),
                Goal.cycle_id == cycle.id,
                Goal.status.in_([GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value]),
                Goal.deadline < today,
            )
        )
    return page


_NOT_HELD = [ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value]


def _conversations(where, order) -> list[Conversation]:
    """The first few conversations that wait for this person, with whom they are about."""
    return list(
        db.session.scalars(
            select(Conversation)
            .where(where)
            .options(joinedload(Conversation.employee))
            .order_by(order, Conversation.id)
            .limit(ITEMS_SHOWN)
        )
    )


def _check_ins_due(own_open, quiet_since: date, today: date) -> list[CheckInDue]:
    """Active goals whose last check-in (or start) is on or before `quiet_since`, the rule of
    the check-in reminder; after the deadline the overdue goals speak instead."""
    last_on = (
        select(func.max(CheckIn.on))
        .where(CheckIn.goal_id == Goal.id)
        .correlate(Goal)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Goal.id, Goal.title, last_on)
        .where(
            own_open,
            Goal.status.in_([GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value]),
            Goal.deadline >= today,
            func.coalesce(last_on, Goal.starts_on) <= quiet_since,
        )
        .order_by(func.coalesce(last_on, Goal.starts_on), Goal.id)
        .limit(ITEMS_SHOWN)
    )
    return [CheckInDue(*row) for row in rows]


def _to_plan(manager: User, cycle: Cycle, today: date) -> tuple[int, list[ToPlan]]:
    """The manager's active team members (employees) without a conversation of a kind whose
    window for them (their department's, else the cycle's) is open or opens within
    UPCOMING_DAYS: how many such pairs there are, and the first few, soonest due."""
    windows = person_windows([cycle.id])
    with_one = (
        select(Conversation.id)
        .where(
            Conversation.employee_id == User.id,
            Conversation.cycle_id == cycle.id,
            Conversation.kind == windows.c.kind,
        )
        .exists()
    )
    employees = select(UserRole.user_id).where(UserRole.role == Role.EMPLOYEE.value)
    missing = (
        select(User.id, User.name, windows.c.kind, windows.c.due_on, windows.c.opens_on)
        .join(windows, windows.c.user_id == User.id)
        .where(
            User.manager_id == manager.id,
            User.active.is_(True),
            User.anonymised.is_(False),
            User.id.in_(employees),
            windows.c.opens_on <= today + timedelta(days=UPCOMING_DAYS),
            ~with_one,
        )
    )
    count = db.session.scalar(select(func.count()).select_from(missing.subquery()))
    rows = db.session.execute(
        missing.order_by(windows.c.due_on, User.name, User.id).limit(ITEMS_SHOWN)
    )
    return count, [ToPlan(*row) for row in rows]
