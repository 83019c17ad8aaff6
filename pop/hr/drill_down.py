"""The people and goals behind each figure of the dashboard: the questions a drill-down asks
and the queries that answer them, so that a list always adds up to its figure."""

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, exists, select

from pop.hr.filter import (
    AGREED_STATUSES,
    HELD_STATUSES,
    OPEN_STATUS_VALUES,
    DashboardFilter,
    goal_in_cycle,
)
from pop.models import (
    CheckIn,
    Conversation,
    ConversationStatus,
    Goal,
    User,
)


class PeopleFigure(enum.StrEnum):
    ALL = "alle"
    WITH_POP = "met-pop"
    WITHOUT_POP = "zonder-pop"
    GOALS_NOT_AGREED = "niet-afgesproken"
    WITHOUT_GOALS = "zonder-doelen"
    CONVERSATION = "gesprek"
    JUDGEMENT = "oordeel"
    CHECKED_IN = "voortgang"


class ConversationStage(enum.StrEnum):
    NONE = "geen"
    PLANNED = "gepland"
    HELD = "gevoerd"  # held, not yet signed by the employee
    SIGNED = "ondertekend"
    OPEN = "open"  # not held yet: none or planned
    DONE = "klaar"  # held or signed


@dataclass(frozen=True)
class PeopleQuestion:
    """Which figure's people: `kind` and `stage` for conversations, `score`, `week` (Monday);
    `manager_id` narrows any of them to one manager's team."""

    figure: PeopleFigure = PeopleFigure.ALL
    kind: str | None = None
    stage: ConversationStage | None = None
    score: int | None = None
    week: date | None = None
    manager_id: int | None = None


def _has_goal(dashboard_filter: DashboardFilter, statuses: tuple[str, ...] | None = None):
    clause = goal_in_cycle(dashboard_filter)
    if statuses is not None:
        clause = and_(clause, Goal.status.in_(statuses))
    return exists().where(clause)


def _has_conversation(dashboard_filter: DashboardFilter, kind: str, statuses: tuple[str, ...]):
    return exists().where(
        Conversation.employee_id == User.id,
        Conversation.cycle_id == dashboard_filter.cycle_id,
        Conversation.kind == kind,
        Conversation.status.in_(statuses),
    )


def _stage_clause(dashboard_filter: DashboardFilter, kind: str, stage: ConversationStage):
    every = tuple(status.value for status in ConversationStatus)
    signed = (ConversationStatus.SIGNED.value,)
    held = (ConversationStatus.HELD.value,)
    before = (ConversationStatus.PLANNED.value, ConversationStatus.PREPARED.value)

    def has(statuses):
        return _has_conversation(dashboard_filter, kind, statuses)

    return {
        ConversationStage.NONE: ~has(every),
        ConversationStage.PLANNED: and_(has(before), ~has(HELD_STATUSES)),
        ConversationStage.HELD: and_(has(held), ~has(signed)),
        ConversationStage.SIGNED: has(signed),
        ConversationStage.OPEN: ~has(HELD_STATUSES),
        ConversationStage.DONE: has(HELD_STATUSES),
    }[stage]


def people_clause(dashboard_filter: DashboardFilter, question: PeopleQuestion):
    """A WHERE clause on User: the employees behind one figure of the dashboard."""
    base = dashboard_filter.people_clause()
    if question.manager_id is not None:
        base = and_(base, User.manager_id == question.manager_id)
    figure = question.figure
    if figure == PeopleFigure.WITH_POP:
        return and_(base, _has_goal(dashboard_filter, AGREED_STATUSES))
    if figure == PeopleFigure.WITHOUT_POP:
        return and_(base, ~_has_goal(dashboard_filter, AGREED_STATUSES))
    if figure == PeopleFigure.GOALS_NOT_AGREED:
        return and_(
            base, _has_goal(dashboard_filter), ~_has_goal(dashboard_filter, AGREED_STATUSES)
        )
    if figure == PeopleFigure.WITHOUT_GOALS:
        return and_(base, ~_has_goal(dashboard_filter))
    if figure == PeopleFigure.CONVERSATION and question.kind and question.stage:
        return and_(base, _stage_clause(dashboard_filter, question.kind, question.stage))
    if figure == PeopleFigure.JUDGEMENT and question.score is not None:
        return and_(
            base,
            exists().where(
                Conversation.employee_id == User.id,
                Conversation.cycle_id == dashboard_filter.cycle_id,
                Conversation.status.in_(HELD_STATUSES),
                Conversation.overall_rating == question.score,
            ),
        )
    if figure == PeopleFigure.CHECKED_IN and question.week is not None:
        return and_(
            base,
            exists().where(
                CheckIn.goal_id == Goal.id,
                goal_in_cycle(dashboard_filter),
                CheckIn.on >= question.week,
                CheckIn.on < question.week + timedelta(days=7),
            ),
        )
    return base


def people_query(dashboard_filter: DashboardFilter, question: PeopleQuestion) -> Select:
    return select(User).where(people_clause(dashboard_filter, question))


@dataclass(frozen=True)
class GoalQuestion:
    """Which goals: one status, the agreed ones, the overdue ones, or one competency's."""

    status: str | None = None
    agreed: bool = False
    overdue: bool = False
    competency_id: int | None = None


def goal_clause(dashboard_filter: DashboardFilter, question: GoalQuestion):
    """A WHERE clause on Goal joined to its employee (User)."""
    clauses = [Goal.cycle_id == dashboard_filter.cycle_id, dashboard_filter.people_clause()]
    if question.status is not None:
        clauses.append(Goal.status == question.status)
    if question.agreed:
        clauses.append(Goal.status.in_(AGREED_STATUSES))
    if question.overdue:
        clauses += [Goal.status.in_(OPEN_STATUS_VALUES), Goal.deadline < dashboard_filter.today]
    if question.competency_id is not None:
        clauses.append(Goal.competency_id == question.competency_id)
    return and_(*clauses)


def goals_query(dashboard_filter: DashboardFilter, question: GoalQuestion) -> Select:
    return (
        select(Goal)
        .join(User, Goal.employee_id == User.id)
        .where(goal_clause(dashboard_filter, question))
    )
