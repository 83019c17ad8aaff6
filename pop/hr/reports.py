"""HR's management reports and the lists behind the dashboard, with the tables they export.

Every report is one or two GROUP BY queries; its rows are few (one per function, department,
manager or competency). The lists (people, goals) can be as long as the organisation: their
exports stream from the database.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from pop.exports import Column, Table, streamed
from pop.extensions import db
from pop.hr.dashboard import (
    AGREED_STATUSES,
    HELD_STATUSES,
    OPEN_STATUS_VALUES,
    DashboardFilter,
    GoalQuestion,
    PeopleQuestion,
    competency_name,
    goal_clause,
    people_clause,
    percentage,
)
from pop.hr.people import department_paths
from pop.labels import goal_status_label as status_label
from pop.labels import kind_label
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


def yes_no(value: bool, language: str) -> str:
    if language == "en":
        return "yes" if value else "no"
    return "ja" if value else "nee"


def function_title(title: str | None, source_filename: str | None) -> str:
    return title or source_filename or ""


# --- the people behind a figure ----------------------------------------------------------------

PEOPLE_COLUMNS = (
    Column("Personeelsnummer", "Employee number"),
    Column("Naam", "Name"),
    Column("E-mailadres", "E-mail address"),
    Column("Afdeling", "Department"),
    Column("Leidinggevende", "Manager"),
    Column("Functie", "Function"),
    Column("Schaal", "Scale"),
    Column("Doelen in de cyclus", "Goals in the cycle"),
    Column("Afgesproken doelen", "Agreed goals"),
)


def goal_counts_subquery(cycle_id: int):
    """Per employee: goals in the cycle, and how many of them are agreed."""
    return (
        select(
            Goal.employee_id.label("employee_id"),
            func.count(Goal.id).label("goals"),
            func.sum(case((Goal.status.in_(AGREED_STATUSES), 1), else_=0)).label("agreed"),
        )
        .where(Goal.cycle_id == cycle_id)
        .group_by(Goal.employee_id)
        .subquery()
    )


def goal_counts_for(cycle_id: int, employee_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Goals and agreed goals of some employees (one page of a list), in one GROUP BY."""
    if not employee_ids:
        return {}
    rows = db.session.execute(
        select(
            Goal.employee_id,
            func.count(Goal.id),
            func.sum(case((Goal.status.in_(AGREED_STATUSES), 1), else_=0)),
        )
        .where(Goal.cycle_id == cycle_id, Goal.employee_id.in_(employee_ids))
        .group_by(Goal.employee_id)
    ).all()
    return {employee_id: (goals, agreed or 0) for employee_id, goals, agreed in rows}


def people_table(
    dashboard_filter: DashboardFilter, question: PeopleQuestion, name: str, language: str
) -> Table:
    manager = aliased(User)
    counts = goal_counts_subquery(dashboard_filter.cycle_id)
    statement = (
        select(
            User.employee_number,
            User.name,
            User.email,
            User.department_id,
            manager.name,
            JobFunction.title,
            JobFunction.source_filename,
            FunctionLevel.scale,
            func.coalesce(counts.c.goals, 0),
            func.coalesce(counts.c.agreed, 0),
        )
        .select_from(User)
        .outerjoin(manager, User.manager_id == manager.id)
        .outerjoin(JobFunction, User.function_id == JobFunction.id)
        .outerjoin(FunctionLevel, User.function_level_id == FunctionLevel.id)
        .outerjoin(counts, counts.c.employee_id == User.id)
        .where(people_clause(dashboard_filter, question))
        .order_by(func.lower(User.name), User.id)
    )
    paths = department_paths()

    def convert(row) -> tuple:
        number, person, email, department_id, manager_name, title, source, scale, goals, agreed = (
            row
        )
        return (
            number,
            person,
            email,
            paths.get(department_id, ""),
            manager_name,
            function_title(title, source),
            scale,
            int(goals),
            int(agreed),
        )

    return Table(name, PEOPLE_COLUMNS, streamed(statement, convert))


# --- the goals behind a figure -----------------------------------------------------------------

GOAL_COLUMNS = (
    Column("Doel-ID", "Goal ID"),
    Column("Personeelsnummer", "Employee number"),
    Column("Medewerker", "Employee"),
    Column("Afdeling", "Department"),
    Column("Functie", "Function"),
    Column("Doel", "Goal"),
    Column("Competentie", "Competency"),
    Column("Status", "Status"),
    Column("Voortgang (%)", "Progress (%)"),
    Column("Startdatum", "Start date"),
    Column("Deadline", "Deadline"),
    Column("Te laat", "Overdue"),
)


def goals_table(
    dashboard_filter: DashboardFilter, question: GoalQuestion, name: str, language: str
) -> Table:
    statement = (
        select(
            Goal.id,
            User.employee_number,
            User.name,
            User.department_id,
            JobFunction.title,
            JobFunction.source_filename,
            Goal.title,
            Competency.name,
            Competency.description,
            Goal.status,
            Goal.progress,
            Goal.starts_on,
            Goal.deadline,
        )
        .select_from(Goal)
        .join(User, Goal.employee_id == User.id)
        .outerjoin(JobFunction, User.function_id == JobFunction.id)
        .outerjoin(Competency, Goal.competency_id == Competency.id)
        .where(goal_clause(dashboard_filter, question))
        .order_by(func.lower(User.name), User.id, Goal.deadline, Goal.id)
    )
    paths = department_paths()
    today = dashboard_filter.today
    statuses = {status.value: status_label(status.value) for status in GoalStatus}
    late, in_time = yes_no(True, language), yes_no(False, language)

    def convert(row) -> tuple:
        (
            goal_id,
            number,
            person,
            department_id,
            title,
            source,
            goal_title,
            competency,
            description,
            status,
            progress,
            starts_on,
            deadline,
        ) = row
        has_competency = competency is not None or description is not None
        return (
            goal_id,
            number,
            person,
            paths.get(department_id, ""),
            function_title(title, source),
            goal_title,
            competency_name(competency, description) if has_competency else "",
            statuses[status],
            progress,
            starts_on,
            deadline,
            late if status in OPEN_STATUS_VALUES and deadline < today else in_time,
        )

    return Table(name, GOAL_COLUMNS, streamed(statement, convert))


# --- functions per function family, with their number of employees -----------------------------


@dataclass
class FunctionRow:
    id: int
    family: str | None
    title: str
    scales: list[str]
    employees: int


FUNCTION_COLUMNS = (
    Column("Functiefamilie", "Function family"),
    Column("Functie", "Function"),
    Column("Schalen", "Scales"),
    Column("Medewerkers", "Employees"),
)


def functions_report(dashboard_filter: DashboardFilter) -> list[FunctionRow]:
    """Every function (of the family / with the scale filtered on) and its employees."""
    employees = and_(User.function_id == JobFunction.id, dashboard_filter.people_clause())
    query = (
        select(
            JobFunction.id,
            FunctionFamily.name,
            JobFunction.title,
            JobFunction.source_filename,
            func.count(User.id),
        )
        .select_from(JobFunction)
        .outerjoin(FunctionFamily, JobFunction.family_id == FunctionFamily.id)
        .outerjoin(User, employees)
        .group_by(
            JobFunction.id, FunctionFamily.name, JobFunction.title, JobFunction.source_filename
        )
    )
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
        FunctionRow(id_, family, function_title(title, source), scales.get(id_, []), count)
        for id_, family, title, source, count in rows
    ]
    return sorted(
        result,
        key=lambda row: (row.family is None, (row.family or "").casefold(), row.title.casefold()),
    )


def functions_table(rows: list[FunctionRow], name: str, no_family: str) -> Table:
    return Table(
        name,
        FUNCTION_COLUMNS,
        lambda: (
            (row.family or no_family, row.title, ", ".join(row.scales), row.employees)
            for row in rows
        ),
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


PROGRESS_COLUMNS = (
    Column("Afdeling", "Department"),
    Column("Medewerkers", "Employees"),
    Column("Met afgesproken POP", "With an agreed POP"),
    Column("Dekking (%)", "Coverage (%)"),
    Column("Doelen", "Goals"),
    Column("Afgesproken doelen", "Agreed goals"),
    Column("Afgerond", "Completed"),
    Column("Te laat", "Overdue"),
    Column("Gemiddelde voortgang (%)", "Average progress (%)"),
)


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


def progress_table(rows: list[DepartmentProgress], name: str, no_department: str) -> Table:
    return Table(
        name,
        PROGRESS_COLUMNS,
        lambda: (
            (
                row.name or no_department,
                row.employees,
                row.with_pop,
                row.coverage,
                row.goals,
                row.agreed_goals,
                row.done,
                row.overdue,
                row.average_progress,
            )
            for row in rows
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
                ConversationDeadline.cycle_id == cycle_id
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


def conversations_columns() -> list[Column]:
    columns = [Column("Leidinggevende", "Manager"), Column("Team", "Team")]
    english = {
        ConversationKind.PLANNING: "planning meeting",
        ConversationKind.REVIEW: "performance review",
        ConversationKind.APPRAISAL: "appraisal",
    }
    for kind in ConversationKind:
        columns += [
            Column(f"{kind.value}: gevoerd", f"{english[kind]}: held"),
            Column(f"{kind.value}: nog niet", f"{english[kind]}: not yet held"),
        ]
    columns.append(Column("Te laat", "Overdue"))
    return columns


def conversations_table(rows: list[ManagerProgress], name: str, no_manager: str) -> Table:
    def cells(row: ManagerProgress) -> tuple:
        counts = []
        for kind in ConversationKind:
            counts += [row.done.get(kind.value, 0), row.open(kind.value)]
        return (row.name or no_manager, row.team, *counts, row.total_late)

    return Table(name, conversations_columns(), lambda: (cells(row) for row in rows))


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


DEVELOPMENT_COLUMNS = (
    Column("Competentie", "Competency"),
    Column("Cyclus", "Cycle"),
    Column("Aantal oordelen", "Ratings"),
    Column("Medewerkers", "Employees"),
    Column("Gemiddelde score", "Average score"),
)


def development_report(dashboard_filter: DashboardFilter) -> DevelopmentReport:
    """Ratings per competency and cycle, from conversations held, across all cycles.

    History counts everyone who was rated, also people who have left since.
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
        .where(Conversation.status.in_(HELD_STATUSES), dashboard_filter.organisation_clause())
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
    return DevelopmentReport(cycles, ordered)


def development_table(report: DevelopmentReport, name: str) -> Table:
    def rows():
        for competency in report.competencies:
            for cycle in report.cycles:
                figures = competency.by_cycle.get(cycle.id)
                if figures is not None:
                    yield (
                        competency.name,
                        cycle.name,
                        figures.ratings,
                        figures.people,
                        figures.average,
                    )

    return Table(name, DEVELOPMENT_COLUMNS, rows)


def kind_labels() -> dict[str, str]:
    return {kind.value: kind_label(kind.value) for kind in ConversationKind}
