"""What the start page shows: what is waiting for this person, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from pop.extensions import db
from pop.models import (
    OPEN_STATUSES,
    AuditEvent,
    Conversation,
    ConversationStatus,
    Cycle,
    Goal,
    GoalStatus,
    SelfAssessment,
    User,
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
    team_overdue_goals: int = 0


def start_page(user: User, cycle: Cycle, today: date | None = None) -> StartPage:
    today = today or date.today()
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
    if user.is_manager:
        proposed = (User.manager_id == user.id) & (Goal.status == GoalStatus.PROPOSED.value)
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
        )
        | ((Conversation.manager_id == user.id) & Conversation.manager_signed_at.is_(None))
    )
    page.unsigned_reports = db.session.scalar(
        select(func.count(Conversation.id)).where(awaiting_signature)
    )
    page.to_sign = _conversations(awaiting_signature, Conversation.held_on)
    page.self_assessments_due = _conversations(
        (Conversation.employee_id == user.id)
        & Conversation.status.in_(_NOT_HELD)
        & ~Conversation.self_assessment.has(SelfAssessment.submitted_at.is_not(None)),
        Conversation.planned_on,
    )
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
    if user.is_manager:
        page.to_record = _conversations(
            (Conversation.manager_id == user.id)
            & Conversation.status.in_(_NOT_HELD)
            & (Conversation.planned_on <= today),
            Conversation.planned_on,
        )
        page.team_overdue_goals = db.session.scalar(
            select(func.count(Goal.id))
            .join(Goal.employee)
            .where(
                User.manager_id == user.id,
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
