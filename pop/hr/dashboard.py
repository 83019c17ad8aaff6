"""The organisation-wide figures of a cycle for HR, each one computed in SQL with GROUP BY.

Who counts: *employees* are the active accounts with the medewerker role, in the departments
the viewer may see (and the department, function family, function and scale filtered on). Every
figure comes with the query of the people or goals behind it, so that a list (and its export)
always adds up to the figure it came from.
"""

import enum
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, and_, case, exists, false, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from pop.access import department_subtree_ids
from pop.extensions import db
from pop.models import (
    OPEN_STATUSES,
    CheckIn,
    Competency,
    Conversation,
    ConversationDeadline,
    ConversationKind,
    ConversationStatus,
    Cycle,
    FunctionCompetency,
    FunctionLevel,
    Goal,
    GoalStatus,
    JobFunction,
    Role,
    User,
    UserRole,
)
from pop.models.catalogue import DISPLAY_NAME_LIMIT
from pop.text import shorten

# A POP "counts" once a goal has been agreed: agreed, under way or finished.
AGREED_STATUSES = (GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value, GoalStatus.DONE.value)
OPEN_STATUS_VALUES = tuple(status.value for status in OPEN_STATUSES)
HELD_STATUSES = (ConversationStatus.HELD.value, ConversationStatus.SIGNED.value)
CHECK_IN_WEEKS = 8


# --- the filter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilter:
    """Which cycle, and which people: `department_ids` None means the whole organisation."""

    cycle_id: int
    department_ids: frozenset[int] | None = None
    family_id: int | None = None
    function_id: int | None = None
    scale: str | None = None
    today: date = field(default_factory=date.today)

    def organisation_clause(self) -> ColumnElement[bool]:
        """A WHERE clause on User: department, function family, function and scale."""
        clauses: list[ColumnElement[bool]] = []
        if self.department_ids is not None:
            clauses.append(
                User.department_id.in_(sorted(self.department_ids))
                if self.department_ids
                else false()
            )
        if self.family_id is not None:
            clauses.append(
                User.function_id.in_(
                    select(JobFunction.id).where(JobFunction.family_id == self.family_id)
                )
            )
        if self.function_id is not None:
            clauses.append(User.function_id == self.function_id)
        if self.scale is not None:
            clauses.append(
                User.function_level_id.in_(
                    select(FunctionLevel.id).where(FunctionLevel.scale == self.scale)
                )
            )
        return and_(true(), *clauses)

    def people_clause(self) -> ColumnElement[bool]:
        """A WHERE clause on User: the employees the figures are about."""
        is_employee = exists().where(
            UserRole.user_id == User.id, UserRole.role == Role.EMPLOYEE.value
        )
        return and_(User.active.is_(True), is_employee, self.organisation_clause())


def make_filter(
    *,
    cycle_id: int,
    allowed_department_ids: set[int] | None,
    department_id: int | None = None,
    family_id: int | None = None,
    function_id: int | None = None,
    scale: str | None = None,
    today: date | None = None,
) -> DashboardFilter:
    """A filter within the viewer's departments (`allowed_department_ids`, None for all)."""
    ids = allowed_department_ids
    if department_id is not None:
        subtree = department_subtree_ids([department_id])
        ids = subtree if ids is None else subtree & ids
    return DashboardFilter(
        cycle_id=cycle_id,
        department_ids=frozenset(ids) if ids is not None else None,
        family_id=family_id,
        function_id=function_id,
        scale=scale,
        today=today or date.today(),
    )


# --- the figures -------------------------------------------------------------------------------


def percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Coverage:
    employees: int
    with_goals: int
    with_pop: int

    @property
    def without_pop(self) -> int:
        return self.employees - self.with_pop

    @property
    def without_goals(self) -> int:
        return self.employees - self.with_goals

    @property
    def goals_not_agreed(self) -> int:
        """Employees with goals, none of them agreed yet."""
        return self.with_goals - self.with_pop

    @property
    def share(self) -> float | None:
        return percentage(self.with_pop, self.employees)


@dataclass
class StatusCount:
    status: str
    goals: int
    overdue: int
    progress_sum: int


@dataclass
class WeekActivity:
    starts_on: date
    check_ins: int
    people: int

    @property
    def ends_on(self) -> date:
        return self.starts_on + timedelta(days=6)

    @property
    def week_number(self) -> int:
        return self.starts_on.isocalendar().week


@dataclass
class ConversationProgress:
    """Per conversation kind: employees by how far their conversation of that kind got."""

    kind: str
    due_on: date | None
    employees: int
    planned: int = 0
    held: int = 0  # held, not yet signed by the employee
    signed: int = 0
    today: date = field(default_factory=date.today)

    @property
    def done(self) -> int:
        return self.held + self.signed

    @property
    def none(self) -> int:
        return self.employees - self.planned - self.done

    @property
    def open(self) -> int:
        return self.employees - self.done

    @property
    def late(self) -> int:
        """Employees still without this conversation although its deadline has passed."""
        return self.open if self.due_on is not None and self.due_on < self.today else 0


@dataclass
class JudgementCount:
    score: int
    people: int


@dataclass
class CompetencyCount:
    id: int
    name: str
    goals: int
    people: int


@dataclass
class Dashboard:
    cycle: Cycle
    filter: DashboardFilter
    coverage: Coverage
    statuses: list[StatusCount]
    weeks: list[WeekActivity]
    conversations: list[ConversationProgress]
    judgements: list[JudgementCount]
    competencies: list[CompetencyCount]

    @property
    def employees(self) -> int:
        return self.coverage.employees

    @property
    def total_goals(self) -> int:
        return sum(row.goals for row in self.statuses)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.statuses if row.status in OPEN_STATUS_VALUES)

    @property
    def agreed_goals(self) -> int:
        return sum(row.goals for row in self.statuses if row.status in AGREED_STATUSES)

    @property
    def average_progress(self) -> float | None:
        """Mean progress of the agreed goals (agreed, under way, finished)."""
        rows = [row for row in self.statuses if row.status in AGREED_STATUSES]
        goals = sum(row.goals for row in rows)
        return round(sum(row.progress_sum for row in rows) / goals, 1) if goals else None

    def goals_with_status(self, status: str) -> int:
        return next((row.goals for row in self.statuses if row.status == status), 0)

    @property
    def most_worked_on(self) -> list[CompetencyCount]:
        return [row for row in self.competencies if row.goals][:5]

    @property
    def least_worked_on(self) -> list[CompetencyCount]:
        most = {row.id for row in self.most_worked_on}
        rest = [row for row in self.competencies if row.id not in most]
        return sorted(rest, key=lambda row: (row.goals, row.name.casefold()))[:5]


def dashboard(dashboard_filter: DashboardFilter) -> Dashboard:
    """Every figure of the dashboard, in a fixed number of queries whatever the headcount."""
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    people = coverage(dashboard_filter)
    return Dashboard(
        cycle=cycle,
        filter=dashboard_filter,
        coverage=people,
        statuses=goals_by_status(dashboard_filter),
        weeks=check_in_activity(dashboard_filter, cycle),
        conversations=conversation_progress(dashboard_filter, people.employees),
        judgements=judgements(dashboard_filter),
        competencies=competencies_worked_on(dashboard_filter),
    )


def _goal_in_cycle(dashboard_filter: DashboardFilter) -> ColumnElement[bool]:
    return and_(Goal.employee_id == User.id, Goal.cycle_id == dashboard_filter.cycle_id)


def coverage(dashboard_filter: DashboardFilter) -> Coverage:
    agreed_employee = case((Goal.status.in_(AGREED_STATUSES), Goal.employee_id))
    row = db.session.execute(
        select(
            func.count(func.distinct(User.id)),
            func.count(func.distinct(Goal.employee_id)),
            func.count(func.distinct(agreed_employee)),
        )
        .select_from(User)
        .outerjoin(Goal, _goal_in_cycle(dashboard_filter))
        .where(dashboard_filter.people_clause())
    ).one()
    return Coverage(employees=row[0], with_goals=row[1], with_pop=row[2])


def goals_by_status(dashboard_filter: DashboardFilter) -> list[StatusCount]:
    overdue = case((Goal.deadline < dashboard_filter.today, 1), else_=0)
    rows = db.session.execute(
        select(Goal.status, func.count(Goal.id), func.sum(overdue), func.sum(Goal.progress))
        .join(User, Goal.employee_id == User.id)
        .where(Goal.cycle_id == dashboard_filter.cycle_id, dashboard_filter.people_clause())
        .group_by(Goal.status)
    ).all()
    found = {status: (goals, late or 0, progress or 0) for status, goals, late, progress in rows}
    return [StatusCount(status.value, *found.get(status.value, (0, 0, 0))) for status in GoalStatus]


def week_starts(dashboard_filter: DashboardFilter, cycle: Cycle) -> list[date]:
    """The Mondays of the last CHECK_IN_WEEKS weeks up to today (or the cycle's end)."""
    end = min(dashboard_filter.today, cycle.ends_on)
    this_monday = end - timedelta(days=end.weekday())
    return [this_monday - timedelta(weeks=CHECK_IN_WEEKS - 1 - i) for i in range(CHECK_IN_WEEKS)]


def check_in_activity(dashboard_filter: DashboardFilter, cycle: Cycle) -> list[WeekActivity]:
    """Check-ins and the people who logged them, per week (weeks bucketed with CASE)."""
    starts = week_starts(dashboard_filter, cycle)
    # The latest matching start wins, so test the most recent week first.
    week = case(
        *((CheckIn.on >= start, index) for index, start in reversed(list(enumerate(starts))))
    )
    bucketed = (
        select(week.label("week"), CheckIn.id.label("check_in_id"), Goal.employee_id)
        .join(Goal, CheckIn.goal_id == Goal.id)
        .join(User, Goal.employee_id == User.id)
        .where(
            Goal.cycle_id == dashboard_filter.cycle_id,
            dashboard_filter.people_clause(),
            CheckIn.on >= starts[0],
            CheckIn.on < starts[-1] + timedelta(days=7),
        )
        .subquery()
    )
    rows = db.session.execute(
        select(
            bucketed.c.week,
            func.count(bucketed.c.check_in_id),
            func.count(func.distinct(bucketed.c.employee_id)),
        ).group_by(bucketed.c.week)
    ).all()
    found = {index: (check_ins, people) for index, check_ins, people in rows}
    return [WeekActivity(start, *found.get(index, (0, 0))) for index, start in enumerate(starts)]


STAGE_PLANNED, STAGE_HELD, STAGE_SIGNED = 1, 3, 4


def conversation_progress(
    dashboard_filter: DashboardFilter, employees: int
) -> list[ConversationProgress]:
    """Per kind, each employee counted once at the furthest stage of their conversations."""
    stage = case(
        (Conversation.status == ConversationStatus.SIGNED.value, STAGE_SIGNED),
        (Conversation.status == ConversationStatus.HELD.value, STAGE_HELD),
        (Conversation.status == ConversationStatus.PREPARED.value, 2),
        else_=STAGE_PLANNED,
    )
    per_employee = (
        select(
            Conversation.kind.label("kind"),
            Conversation.employee_id.label("employee_id"),
            func.max(stage).label("stage"),
        )
        .join(User, Conversation.employee_id == User.id)
        .where(Conversation.cycle_id == dashboard_filter.cycle_id, dashboard_filter.people_clause())
        .group_by(Conversation.kind, Conversation.employee_id)
        .subquery()
    )
    rows = db.session.execute(
        select(per_employee.c.kind, per_employee.c.stage, func.count()).group_by(
            per_employee.c.kind, per_employee.c.stage
        )
    ).all()
    deadlines = dict(
        db.session.execute(
            select(ConversationDeadline.kind, ConversationDeadline.due_on).where(
                ConversationDeadline.cycle_id == dashboard_filter.cycle_id
            )
        ).all()
    )
    result = {
        kind.value: ConversationProgress(
            kind.value, deadlines.get(kind.value), employees, today=dashboard_filter.today
        )
        for kind in ConversationKind
    }
    for kind, stage_reached, people in rows:
        progress = result.get(kind)
        if progress is None:
            continue
        if stage_reached == STAGE_SIGNED:
            progress.signed += people
        elif stage_reached == STAGE_HELD:
            progress.held += people
        else:
            progress.planned += people
    return list(result.values())


def judgements(dashboard_filter: DashboardFilter) -> list[JudgementCount]:
    """Employees per overall judgement of a conversation held in the cycle (appraisals)."""
    rows = db.session.execute(
        select(Conversation.overall_rating, func.count(func.distinct(Conversation.employee_id)))
        .join(User, Conversation.employee_id == User.id)
        .where(
            Conversation.cycle_id == dashboard_filter.cycle_id,
            Conversation.status.in_(HELD_STATUSES),
            Conversation.overall_rating.is_not(None),
            dashboard_filter.people_clause(),
        )
        .group_by(Conversation.overall_rating)
        .order_by(Conversation.overall_rating)
    ).all()
    return [JudgementCount(score, people) for score, people in rows]


def competency_name(name: str | None, description: str | None) -> str:
    """As `Competency.display_name`, for rows that are not Competency objects."""
    return name or shorten(description or "", DISPLAY_NAME_LIMIT)


def competencies_worked_on(dashboard_filter: DashboardFilter) -> list[CompetencyCount]:
    """Agreed goals per competency: the competencies of the employees' functions, and any
    competency someone works on; most worked on first."""
    people = dashboard_filter.people_clause()
    counts = (
        select(
            Goal.competency_id.label("competency_id"),
            func.count(Goal.id).label("goals"),
            func.count(func.distinct(Goal.employee_id)).label("people"),
        )
        .join(User, Goal.employee_id == User.id)
        .where(
            Goal.cycle_id == dashboard_filter.cycle_id,
            Goal.competency_id.is_not(None),
            Goal.status.in_(AGREED_STATUSES),
            people,
        )
        .group_by(Goal.competency_id)
        .subquery()
    )
    relevant = select(FunctionCompetency.competency_id).where(
        FunctionCompetency.function_id.in_(
            select(User.function_id).where(people, User.function_id.is_not(None))
        )
    )
    rows = db.session.execute(
        select(
            Competency.id,
            Competency.name,
            Competency.description,
            func.coalesce(counts.c.goals, 0),
            func.coalesce(counts.c.people, 0),
        )
        .outerjoin(counts, counts.c.competency_id == Competency.id)
        .where(or_(Competency.id.in_(relevant), counts.c.goals.is_not(None)))
    ).all()
    result = [
        CompetencyCount(id_, competency_name(name, description), goals, people_count)
        for id_, name, description, goals, people_count in rows
    ]
    return sorted(result, key=lambda row: (-row.goals, row.name.casefold(), row.id))


# --- what is behind a figure -------------------------------------------------------------------


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
    clause = _goal_in_cycle(dashboard_filter)
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
                _goal_in_cycle(dashboard_filter),
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
