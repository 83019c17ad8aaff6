"""The organisation-wide figures of a cycle for HR, each one computed in SQL with GROUP BY.

Who counts: *employees* are the active accounts with the medewerker role, in the departments
the viewer may see (and the department, function family, function and scale filtered on). Every
figure comes with the query of the people or goals behind it, so that a list (and its export)
always adds up to the figure it came from.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, func, or_, select

from pop.extensions import db
from pop.hr.filter import (
    AGREED_STATUSES,
    CHECK_IN_WEEKS,
    HELD_STATUSES,
    OPEN_STATUS_VALUES,
    DashboardFilter,
    goal_in_cycle,
    percentage,
)
from pop.models import (
    CheckIn,
    Competency,
    Conversation,
    ConversationDeadline,
    ConversationKind,
    ConversationStatus,
    Cycle,
    FunctionCompetency,
    Goal,
    GoalStatus,
    User,
)
from pop.models.catalogue import DISPLAY_NAME_LIMIT
from pop.text import shorten


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


def coverage(dashboard_filter: DashboardFilter) -> Coverage:
    agreed_employee = case((Goal.status.in_(AGREED_STATUSES), Goal.employee_id))
    row = db.session.execute(
        select(
            func.count(func.distinct(User.id)),
            func.count(func.distinct(Goal.employee_id)),
            func.count(func.distinct(agreed_employee)),
        )
        .select_from(User)
        .outerjoin(Goal, goal_in_cycle(dashboard_filter))
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
