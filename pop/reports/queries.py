"""HR's management reports: each one or two GROUP BY queries, their rows few (one per
function, department, manager or competency). The export tables are in `tables`."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from pop.extensions import db
from pop.hr.dashboard import competency_name, read_totals
from pop.hr.filter import (
    AGREED_STATUSES,
    HELD_STATUSES,
    OPEN_STATUS_VALUES,
    DashboardFilter,
    percentage,
)
from pop.models import (
    Competency,
    Conversation,
    ConversationDeadline,
    ConversationKind,
    ConversationRating,
    Cycle,
    FunctionFamily,
    FunctionLevel,
    Goal,
    GoalStatus,
    JobFunction,
    User,
)
from pop.models.catalogue import function_display_title
from pop.people.services import department_paths

# --- functions per function family, with their number of employees -----------------------------


@dataclass
class FunctionRow:
    id: int
    family: str | None
    title: str
    scales: list[str]
    employees: int


def functions_report(dashboard_filter: DashboardFilter) -> list[FunctionRow]:
    """Every function (of the family / with the scale filtered on) and its employees, counted
    from the maintained totals of the filter's cycle (their "function" figure)."""
    employees = {
        int(key): value
        for (_figure, key), value in read_totals(dashboard_filter, "function").items()
    }
    query = select(
        JobFunction.id, FunctionFamily.name, JobFunction.title, JobFunction.source_filename
    ).outerjoin(FunctionFamily, JobFunction.family_id == FunctionFamily.id)
    if dashboard_filter.family_id is not None:
        query = query.where(JobFunction.family_id == dashboard_filter.family_id)
    if dashboard_filter.function_id is not None:
        query = query.where(JobFunction.id == dashboard_filter.function_id)
    if dashboard_filter.scale is not None:
        query = query.where(
            JobFunction.id.in_(
                select(FunctionLevel.function_id).where(
                    FunctionLevel.scale == dashboard_filter.scale
                )
            )
        )
    rows = db.session.execute(query).all()
    scales: dict[int, list[str]] = {}
    for function_id, scale in db.session.execute(
        select(FunctionLevel.function_id, FunctionLevel.scale).order_by(
            FunctionLevel.function_id, FunctionLevel.position
        )
    ):
        scales.setdefault(function_id, []).append(scale)
    result = [
        FunctionRow(
            id_,
            family,
            function_display_title(title, source),
            scales.get(id_, []),
            employees.get(id_, 0),
        )
        for id_, family, title, source in rows
    ]
    return sorted(
        result,
        key=lambda row: (row.family is None, (row.family or "").casefold(), row.title.casefold()),
    )


# --- progress per department -------------------------------------------------------------------


@dataclass
class DepartmentProgress:
    department_id: int | None
    name: str
    employees: int
    with_pop: int
    goals: int
    agreed_goals: int
    done: int
    overdue: int
    progress_sum: int

    @property
    def coverage(self) -> float | None:
        return percentage(self.with_pop, self.employees)

    @property
    def average_progress(self) -> float | None:
        return round(self.progress_sum / self.agreed_goals, 1) if self.agreed_goals else None


def progress_report(dashboard_filter: DashboardFilter) -> list[DepartmentProgress]:
    """Per department (its own people, not its sub-departments'): coverage and goals."""
    agreed = Goal.status.in_(AGREED_STATUSES)
    overdue = and_(Goal.status.in_(OPEN_STATUS_VALUES), Goal.deadline < dashboard_filter.today)
    in_cycle = and_(Goal.employee_id == User.id, Goal.cycle_id == dashboard_filter.cycle_id)
    rows = db.session.execute(
        select(
            User.department_id,
            func.count(func.distinct(User.id)),
            func.count(func.distinct(case((agreed, Goal.employee_id)))),
            func.count(Goal.id),
            func.sum(case((agreed, 1), else_=0)),
            func.sum(case((Goal.status == GoalStatus.DONE.value, 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
            func.sum(case((agreed, Goal.progress), else_=0)),
        )
        .select_from(User)
        .outerjoin(Goal, in_cycle)
        .where(dashboard_filter.people_clause())
        .group_by(User.department_id)
    ).all()
    paths = department_paths()
    result = [
        DepartmentProgress(
            department_id,
            paths.get(department_id, ""),
            *(int(value or 0) for value in values),
        )
        for department_id, *values in rows
    ]
    return sorted(result, key=lambda row: (row.department_id is None, row.name.casefold()))


def progress_total(rows: list[DepartmentProgress], name: str) -> DepartmentProgress:
    return DepartmentProgress(
        None,
        name,
        *(
            sum(getattr(row, attribute) for row in rows)
            for attribute in (
                "employees",
                "with_pop",
                "goals",
                "agreed_goals",
                "done",
                "overdue",
                "progress_sum",
            )
        ),
    )


# --- conversations per manager -----------------------------------------------------------------


@dataclass
class ManagerProgress:
    """A manager's team (employees whose manager they are) and its conversations held."""

    manager_id: int | None
    name: str
    team: int
    done: dict[str, int]
    deadlines: dict[str, date | None] = field(default_factory=dict)
    today: date = field(default_factory=date.today)

    def open(self, kind: str) -> int:
        return self.team - self.done.get(kind, 0)

    def late(self, kind: str) -> int:
        due_on = self.deadlines.get(kind)
        return self.open(kind) if due_on is not None and due_on < self.today else 0

    @property
    def total_late(self) -> int:
        return sum(self.late(kind.value) for kind in ConversationKind)

    @property
    def total_open(self) -> int:
        return sum(self.open(kind.value) for kind in ConversationKind)


def deadlines_of(cycle_id: int) -> dict[str, date]:
    return dict(
        db.session.execute(
            select(ConversationDeadline.kind, ConversationDeadline.due_on).where(
                ConversationDeadline.cycle_id == cycle_id,
                ConversationDeadline.department_id.is_(None),
            )
        ).all()
    )


def conversations_report(dashboard_filter: DashboardFilter) -> list[ManagerProgress]:
    """Per manager: team size and, per kind, employees with that conversation held; those
    furthest behind first."""
    held = (
        select(Conversation.employee_id.label("employee_id"), Conversation.kind.label("kind"))
        .where(
            Conversation.cycle_id == dashboard_filter.cycle_id,
            Conversation.status.in_(HELD_STATUSES),
        )
        .distinct()
        .subquery()
    )
    manager = aliased(User)
    kinds = [kind.value for kind in ConversationKind]
    rows = db.session.execute(
        select(
            User.manager_id,
            manager.name,
            func.count(func.distinct(User.id)),
            *(
                func.count(func.distinct(case((held.c.kind == kind, held.c.employee_id))))
                for kind in kinds
            ),
        )
        .select_from(User)
        .outerjoin(manager, User.manager_id == manager.id)
        .outerjoin(held, held.c.employee_id == User.id)
        .where(dashboard_filter.people_clause())
        .group_by(User.manager_id, manager.name)
    ).all()
    deadlines = deadlines_of(dashboard_filter.cycle_id)
    result = [
        ManagerProgress(
            manager_id,
            name or "",
            team,
            dict(zip(kinds, done, strict=True)),
            deadlines,
            dashboard_filter.today,
        )
        for manager_id, name, team, *done in rows
    ]
    return sorted(
        result,
        key=lambda row: (-row.total_late, -row.total_open, row.manager_id is None, row.name),
    )


# --- competency development --------------------------------------------------------------------


@dataclass
class CycleRatings:
    ratings: int
    people: int
    average: float


@dataclass
class CompetencyDevelopment:
    id: int
    name: str
    by_cycle: dict[int, CycleRatings]


@dataclass
class DevelopmentReport:
    cycles: list[Cycle]
    competencies: list[CompetencyDevelopment]
    # The cycles held without ratings: left out of the figures, and named as left out.
    without_ratings: list[Cycle]


def development_report(dashboard_filter: DashboardFilter) -> DevelopmentReport:
    """Ratings per competency and cycle, from conversations held, across all cycles.

    History counts everyone who was rated, also people who have left since. A cycle without
    ratings has none to count; it is left out explicitly and listed in `without_ratings`.
    """
    rows = db.session.execute(
        select(
            Competency.id,
            Competency.name,
            Competency.description,
            Conversation.cycle_id,
            func.count(ConversationRating.id),
            func.count(func.distinct(Conversation.employee_id)),
            func.avg(ConversationRating.score),
        )
        .select_from(ConversationRating)
        .join(Conversation, ConversationRating.conversation_id == Conversation.id)
        .join(User, Conversation.employee_id == User.id)
        .join(Competency, ConversationRating.competency_id == Competency.id)
        .join(Cycle, Conversation.cycle_id == Cycle.id)
        .where(
            Conversation.status.in_(HELD_STATUSES),
            Cycle.with_ratings,
            dashboard_filter.organisation_clause(),
        )
        .group_by(Competency.id, Competency.name, Competency.description, Conversation.cycle_id)
    ).all()
    cycle_ids = {row[3] for row in rows}
    cycles = (
        list(
            db.session.scalars(
                select(Cycle).where(Cycle.id.in_(cycle_ids)).order_by(Cycle.starts_on)
            )
        )
        if cycle_ids
        else []
    )
    competencies: dict[int, CompetencyDevelopment] = {}
    for id_, name, description, cycle_id, ratings, people, average in rows:
        entry = competencies.setdefault(
            id_, CompetencyDevelopment(id_, competency_name(name, description), {})
        )
        entry.by_cycle[cycle_id] = CycleRatings(ratings, people, round(float(average), 2))
    ordered = sorted(competencies.values(), key=lambda row: (row.name.casefold(), row.id))
    without_ratings = list(
        db.session.scalars(select(Cycle).where(~Cycle.with_ratings).order_by(Cycle.starts_on))
    )
    return DevelopmentReport(cycles, ordered, without_ratings)
