"""The figures of the dashboard's maintained totals, as one SELECT over the base tables.

`figure_rows` gives every figure per cell of department × function × level (a GROUP BY per kind
of figure); `totals_refresh` inserts its rows into `hr_total`, and `recompute` reads the same
figures into a dict and stores them nowhere, for the tests.
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement

from pop.extensions import db
from pop.hr.dashboard import week_starts
from pop.hr.filter import AGREED_STATUSES, HELD_STATUSES
from pop.models import (
    CheckIn,
    Conversation,
    ConversationStatus,
    Cycle,
    Goal,
    Role,
    User,
    UserRole,
)
from pop.models.totals import GRAIN_CELL, GRAIN_DEPARTMENT, NONE

Cell = tuple[int, int, int]  # department, function, level (NONE for none)
Figures = dict[tuple[Cell, str, str], int]  # (cell, figure, key) -> value


def _cell_columns():
    return (
        func.coalesce(User.department_id, NONE),
        func.coalesce(User.function_id, NONE),
        func.coalesce(User.function_level_id, NONE),
    )


def _people(departments: set[int] | None) -> ColumnElement[bool]:
    """The employees the figures count, in `departments` (None: all; NONE: without one)."""
    is_employee = (
        select(UserRole.user_id)
        .where(UserRole.user_id == User.id, UserRole.role == Role.EMPLOYEE.value)
        .exists()
    )
    where = departments_clause(departments)
    return and_(User.active.is_(True), is_employee, where)


def departments_clause(departments: set[int] | None) -> ColumnElement[bool]:
    if departments is None:
        return true()
    return func.coalesce(User.department_id, NONE).in_(sorted(departments))


STAGE_PLANNED, STAGE_PREPARED, STAGE_HELD, STAGE_SIGNED = 1, 2, 3, 4
FIGURE_COLUMNS = ("department_id", "function_id", "level_id", "figure", "key", "value")


def figure_rows(cycle: Cycle, departments: set[int] | None, today: date) -> Select:
    """Every figure of `cycle` per cell, for the people of `departments`, from the base tables:
    one select of (department, function, level, figure, key, value), the values not zero.

    Each GROUP BY is a common table expression that several figures read; the refresh inserts
    the rows straight into `hr_total`, `recompute` reads them."""
    cell = [column.label(f"c{i}") for i, column in enumerate(_cell_columns())]
    people = _people(departments)
    figures: list[Select] = []

    def put(source, figure: str, value, key=None, *where) -> None:
        key = literal("") if key is None else cast(key, String)
        figures.append(
            select(
                *(
                    column.label(name)
                    for column, name in zip(
                        (
                            source.c.c0,
                            source.c.c1,
                            source.c.c2,
                            literal(figure, String),
                            key,
                            value,
                        ),
                        FIGURE_COLUMNS,
                        strict=True,
                    )
                )
            ).where(value != 0, *where)
        )

    # Each person's goals of the cycle first, one row per person, so that people join it by
    # their id: joined to the goals directly, a planner without statistics walks the whole
    # cycle's goals for every person (SQLite, before ANALYZE).
    goals_of = (
        select(
            Goal.employee_id.label("employee_id"),
            func.max(case((Goal.status.in_(AGREED_STATUSES), 1), else_=0)).label("agreed"),
        )
        .where(Goal.cycle_id == cycle.id)
        .group_by(Goal.employee_id)
        .subquery()
    )
    coverage = (
        select(
            *cell,
            func.count(User.id).label("employees"),
            func.count(goals_of.c.employee_id).label("with_goals"),
            func.coalesce(func.sum(goals_of.c.agreed), 0).label("with_pop"),
        )
        .select_from(User)
        .outerjoin(goals_of, goals_of.c.employee_id == User.id)
        .where(people)
        .group_by(*cell)
        .cte("coverage")
    )
    for figure in ("employees", "with_goals", "with_pop"):
        put(coverage, figure, coverage.c[figure])
    put(coverage, "function", coverage.c.employees, coverage.c.c1, coverage.c.c1 != NONE)

    overdue = case((Goal.deadline < today, 1), else_=0)
    statuses = (
        select(
            *cell,
            cast(Goal.status, String).label("status"),
            func.count(Goal.id).label("goals"),
            func.coalesce(func.sum(overdue), 0).label("overdue"),
            func.coalesce(func.sum(Goal.progress), 0).label("progress"),
        )
        .join(User, Goal.employee_id == User.id)
        .where(Goal.cycle_id == cycle.id, people)
        .group_by(*cell, Goal.status)
        .cte("statuses")
    )
    for figure in ("goals", "overdue", "progress"):
        put(statuses, figure, statuses.c[figure], statuses.c.status)

    starts = week_starts(today, cycle)
    week = case(
        *((CheckIn.on >= start, start.isoformat()) for start in reversed(starts)),
    )
    bucketed = (
        select(*cell, week.label("week"), CheckIn.id.label("check_in_id"), Goal.employee_id)
        .join(Goal, CheckIn.goal_id == Goal.id)
        .join(User, Goal.employee_id == User.id)
        .where(
            Goal.cycle_id == cycle.id,
            people,
            CheckIn.on >= starts[0],
            CheckIn.on < starts[-1] + timedelta(days=7),
        )
        .subquery()
    )
    weekly = (
        select(
            bucketed.c.c0,
            bucketed.c.c1,
            bucketed.c.c2,
            bucketed.c.week,
            func.count(bucketed.c.check_in_id).label("check_ins"),
            func.count(func.distinct(bucketed.c.employee_id)).label("people"),
        )
        .group_by(bucketed.c.c0, bucketed.c.c1, bucketed.c.c2, bucketed.c.week)
        .cte("weekly")
    )
    put(weekly, "week_check_ins", weekly.c.check_ins, weekly.c.week)
    put(weekly, "week_people", weekly.c.people, weekly.c.week)

    stage = case(
        (Conversation.status == ConversationStatus.SIGNED.value, STAGE_SIGNED),
        (Conversation.status == ConversationStatus.HELD.value, STAGE_HELD),
        (Conversation.status == ConversationStatus.PREPARED.value, STAGE_PREPARED),
        else_=STAGE_PLANNED,
    )
    per_employee = (
        select(
            *cell,
            cast(Conversation.kind, String).label("kind"),
            Conversation.employee_id.label("employee_id"),
            func.max(stage).label("stage"),
        )
        .join(User, Conversation.employee_id == User.id)
        .where(Conversation.cycle_id == cycle.id, people)
        .group_by(*cell, Conversation.kind, Conversation.employee_id)
        .subquery()
    )
    stages = (
        select(
            per_employee.c.c0,
            per_employee.c.c1,
            per_employee.c.c2,
            (per_employee.c.kind + ":" + cast(per_employee.c.stage, String)).label("stage"),
            func.count().label("people"),
        )
        .group_by(
            per_employee.c.c0,
            per_employee.c.c1,
            per_employee.c.c2,
            per_employee.c.kind,
            per_employee.c.stage,
        )
        .cte("stages")
    )
    put(stages, "stage", stages.c.people, stages.c.stage)

    judgements = (
        select(
            *cell,
            Conversation.overall_rating.label("rating"),
            func.count(func.distinct(Conversation.employee_id)).label("people"),
        )
        .join(User, Conversation.employee_id == User.id)
        .where(
            Conversation.cycle_id == cycle.id,
            Conversation.status.in_(HELD_STATUSES),
            Conversation.overall_rating.is_not(None),
            people,
        )
        .group_by(*cell, Conversation.overall_rating)
        .cte("judgements")
    )
    put(judgements, "judgement", judgements.c.people, judgements.c.rating)

    competencies = (
        select(
            *cell,
            Goal.competency_id.label("competency_id"),
            func.count(Goal.id).label("goals"),
            func.count(func.distinct(Goal.employee_id)).label("people"),
        )
        .join(User, Goal.employee_id == User.id)
        .where(
            Goal.cycle_id == cycle.id,
            Goal.competency_id.is_not(None),
            Goal.status.in_(AGREED_STATUSES),
            people,
        )
        .group_by(*cell, Goal.competency_id)
        .cte("competencies")
    )
    put(competencies, "competency_goals", competencies.c.goals, competencies.c.competency_id)
    put(competencies, "competency_people", competencies.c.people, competencies.c.competency_id)
    return union_all(*figures)


def recompute(cycle: Cycle, departments: set[int] | None, today: date) -> Figures:
    """The figures of `figure_rows`, read into a dict and stored nowhere (for the tests)."""
    return {
        ((row[0], row[1], row[2]), row[3], row[4]): row[5]
        for row in db.session.execute(figure_rows(cycle, departments, today))
    }


def rows_of(cycle_id: int, figures: Figures) -> list[dict]:
    """The cells' rows and their sums per department."""
    per_department: dict[tuple[int, str, str], int] = defaultdict(int)
    rows = []
    for ((department_id, function_id, level_id), figure, key), value in figures.items():
        per_department[(department_id, figure, key)] += value
        rows.append(
            {
                "cycle_id": cycle_id,
                "grain": GRAIN_CELL,
                "department_id": department_id,
                "function_id": function_id,
                "level_id": level_id,
                "figure": figure,
                "key": key,
                "value": value,
            }
        )
    for (department_id, figure, key), value in per_department.items():
        rows.append(
            {
                "cycle_id": cycle_id,
                "grain": GRAIN_DEPARTMENT,
                "department_id": department_id,
                "function_id": NONE,
                "level_id": NONE,
                "figure": figure,
                "key": key,
                "value": value,
            }
        )
    return rows
