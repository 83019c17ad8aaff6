"""The organisation-wide figures of a cycle for HR, read from the maintained totals.

Who counts: *employees* are the active accounts with the medewerker role, in the departments
the viewer may see (and the department, function family, function and scale filtered on). The
figures come from `hr_total`, which `pop.hr.totals_refresh` rebuilds from the base tables
wherever a change made it stale (the page says as of when); the lists behind them (drill-down)
query the base tables live.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select

from pop.extensions import db
from pop.hr.filter import (
    AGREED_STATUSES,
    CHECK_IN_WEEKS,
    OPEN_STATUS_VALUES,
    DashboardFilter,
    percentage,
)
from pop.hr.window_counts import WindowCounts, window_counts
from pop.models import (
    Competency,
    ConversationKind,
    Cycle,
    FunctionCompetency,
    GoalStatus,
    HrTotal,
    HrTotalState,
)
from pop.models.catalogue import DISPLAY_NAME_LIMIT
from pop.models.totals import GRAIN_CELL, GRAIN_DEPARTMENT, GRAIN_ORGANISATION
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

    opens_on: date | None = None  # the cycle's own window opens; departments may have theirs
    departments_with_own: int = 0
    due: int = 0  # still without it, while the window that applies to them is open
    late: int = 0  # still without it, after the window that applies to them closed

    @property
    def has_windows(self) -> bool:
        return self.due_on is not None or self.departments_with_own > 0


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
    as_of: datetime | None = None  # when the totals were brought up to date

    @property
    def with_ratings(self) -> bool:
        """Whether the cycle rates its conversations; without, it has no rating figures at all."""
        return self.cycle.with_ratings

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
    """Every figure of the dashboard, read from the maintained totals (`hr_total`) in a fixed
    number of queries whatever the headcount."""
    cycle = db.session.get(Cycle, dashboard_filter.cycle_id)
    totals = read_totals(dashboard_filter)
    employees = totals.get(("employees", ""), 0)
    people = Coverage(
        employees=employees,
        with_goals=totals.get(("with_goals", ""), 0),
        with_pop=totals.get(("with_pop", ""), 0),
    )
    return Dashboard(
        cycle=cycle,
        filter=dashboard_filter,
        coverage=people,
        statuses=[
            StatusCount(
                status.value,
                totals.get(("goals", status.value), 0),
                totals.get(("overdue", status.value), 0),
                totals.get(("progress", status.value), 0),
            )
            for status in GoalStatus
        ],
        weeks=[
            WeekActivity(
                start,
                totals.get(("week_check_ins", start.isoformat()), 0),
                totals.get(("week_people", start.isoformat()), 0),
            )
            for start in week_starts(dashboard_filter.today, cycle)
        ],
        conversations=conversation_progress(dashboard_filter, employees, totals),
        judgements=[
            JudgementCount(score, totals[("judgement", str(score))])
            for score in sorted(int(key) for figure, key in totals if figure == "judgement")
        ]
        if cycle.with_ratings
        else [],
        competencies=competencies_worked_on(totals),
        as_of=computed_at(dashboard_filter.cycle_id),
    )


def read_totals(
    dashboard_filter: DashboardFilter, figure: str | None = None
) -> dict[tuple[str, str], int]:
    """The filtered figures (or only `figure`) summed over their slices: the organisation's
    own rows, a department subtree's rows, or the cells of the function, family and scale
    chosen."""
    if dashboard_filter.by_function:
        grain = GRAIN_CELL
    elif dashboard_filter.department_ids is None:
        grain = GRAIN_ORGANISATION
    else:
        grain = GRAIN_DEPARTMENT
    where = [
        HrTotal.cycle_id == dashboard_filter.cycle_id,
        HrTotal.grain == grain,
        dashboard_filter.organisation_clause(
            HrTotal.department_id, HrTotal.function_id, HrTotal.level_id
        ),
    ]
    if figure is not None:
        where.append(HrTotal.figure == figure)
    rows = db.session.execute(
        select(HrTotal.figure, HrTotal.key, func.sum(HrTotal.value))
        .where(*where)
        .group_by(HrTotal.figure, HrTotal.key)
    ).all()
    return {(figure, key): int(value) for figure, key, value in rows}


def computed_at(cycle_id: int) -> datetime | None:
    """When the cycle's totals were brought up to date ("stand van"), None before the first time."""
    return db.session.scalar(
        select(HrTotalState.computed_at).where(HrTotalState.cycle_id == cycle_id)
    )


def week_starts(today: date, cycle: Cycle) -> list[date]:
    """The Mondays of the last CHECK_IN_WEEKS weeks up to today (or the cycle's end)."""
    end = min(today, cycle.ends_on)
    this_monday = end - timedelta(days=end.weekday())
    return [this_monday - timedelta(weeks=CHECK_IN_WEEKS - 1 - i) for i in range(CHECK_IN_WEEKS)]


STAGE_PLANNED, STAGE_HELD, STAGE_SIGNED = 1, 3, 4


def conversation_progress(
    dashboard_filter: DashboardFilter, employees: int, totals: dict[tuple[str, str], int]
) -> list[ConversationProgress]:
    """Per kind, each employee counted once at the furthest stage of their conversations."""
    windows = window_counts(dashboard_filter)
    result = {}
    for kind in ConversationKind:
        counts = windows.get(kind.value) or WindowCounts()
        general = counts.general
        result[kind.value] = ConversationProgress(
            kind.value,
            general.due_on if general else None,
            employees,
            today=dashboard_filter.today,
            opens_on=general.opens_on if general else None,
            departments_with_own=counts.departments_with_own,
            due=counts.due,
            late=counts.late,
        )
    for (figure, key), people in totals.items():
        if figure != "stage":
            continue
        kind, _sep, stage_reached = key.rpartition(":")
        progress = result.get(kind)
        if progress is None:
            continue
        if int(stage_reached) == STAGE_SIGNED:
            progress.signed += people
        elif int(stage_reached) == STAGE_HELD:
            progress.held += people
        else:
            progress.planned += people
    return list(result.values())


def competency_name(name: str | None, description: str | None) -> str:
    """As `Competency.display_name`, for rows that are not Competency objects."""
    return name or shorten(description or "", DISPLAY_NAME_LIMIT)


def competencies_worked_on(totals: dict[tuple[str, str], int]) -> list[CompetencyCount]:
    """Agreed goals per competency: the competencies of the employees' functions, and any
    competency someone works on; most worked on first."""
    goals = {
        int(key): value for (figure, key), value in totals.items() if figure == "competency_goals"
    }
    people = {
        int(key): value for (figure, key), value in totals.items() if figure == "competency_people"
    }
    functions = sorted(int(key) for (figure, key) in totals if figure == "function")
    relevant = select(FunctionCompetency.competency_id).where(
        FunctionCompetency.function_id.in_(functions)
    )
    rows = db.session.execute(
        select(Competency.id, Competency.name, Competency.description).where(
            or_(Competency.id.in_(relevant), Competency.id.in_(sorted(goals)))
        )
    ).all()
    result = [
        CompetencyCount(
            id_, competency_name(name, description), goals.get(id_, 0), people.get(id_, 0)
        )
        for id_, name, description in rows
    ]
    return sorted(result, key=lambda row: (-row.goals, row.name.casefold(), row.id))
