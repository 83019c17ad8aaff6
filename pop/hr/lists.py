"""The drill-down lists' goal counts and the tables their exports stream from the database."""

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from pop.exports import Column, Table, streamed
from pop.extensions import db
from pop.hr.dashboard import competency_name
from pop.hr.drill_down import GoalQuestion, PeopleQuestion, goal_clause, people_clause
from pop.hr.filter import AGREED_STATUSES, OPEN_STATUS_VALUES, DashboardFilter
from pop.labels import goal_status_label as status_label
from pop.models import (
    Competency,
    FunctionLevel,
    Goal,
    GoalStatus,
    JobFunction,
    User,
)
from pop.models.catalogue import function_display_title
from pop.people.services import department_paths


def yes_no(value: bool, language: str) -> str:
    if language == "en":
        return "yes" if value else "no"
    return "ja" if value else "nee"


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
            function_display_title(title, source),
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
            function_display_title(title, source),
            goal_title,
            competency_name(competency, description) if has_competency else "",
            statuses[status],
            progress,
            starts_on,
            deadline,
            late if status in OPEN_STATUS_VALUES and deadline < today else in_time,
        )

    return Table(name, GOAL_COLUMNS, streamed(statement, convert))
