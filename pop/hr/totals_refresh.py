"""Rebuilding the dashboard's maintained totals (`hr_total`) from the base tables.

`refresh()` reads what `hr_total_stale` names and recomputes only those (cycle, department)
slices, in sets: one INSERT … SELECT of every figure per cell of department × function × level
(a GROUP BY per kind of figure over the base tables), one of the departments' sums of their
cells and one of the organisation's sum of the departments; then it records when. No row
passes through Python. A cycle whose totals are of an earlier day is recomputed whole: "over
de deadline" and the weeks of check-ins depend on the day. `recompute()` reads the same
figures into a dict and stores them nowhere, for the tests.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import (
    Select,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
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
    HrTotal,
    HrTotalStale,
    HrTotalState,
    Role,
    User,
    UserRole,
)
from pop.models._time import utcnow
from pop.models.totals import GRAIN_CELL, GRAIN_DEPARTMENT, GRAIN_ORGANISATION, NONE

Cell = tuple[int, int, int]  # department, function, level (NONE for none)
Figures = dict[tuple[Cell, str, str], int]  # (cell, figure, key) -> value


@dataclass
class RefreshOutcome:
    cycles: int
    departments: int
    rows: int


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


# --- what is stale -------------------------------------------------------------------------------


@dataclass
class Stale:
    ids: list[int]
    slices: dict[int, set[int] | None]  # cycle id -> departments (None: all)


def stale_slices(today: date) -> Stale:
    """The (cycle, departments) to recompute, from the marks and from the day."""
    marks = db.session.execute(
        select(
            HrTotalStale.id,
            HrTotalStale.cycle_id,
            HrTotalStale.department_id,
            HrTotalStale.employee_id,
            HrTotalStale.goal_id,
        )
    ).all()
    cycles = list(db.session.scalars(select(Cycle.id)))
    states = dict(db.session.execute(select(HrTotalState.cycle_id, HrTotalState.computed_on)).all())
    slices: dict[int, set[int] | None] = {
        cycle_id: (None if states.get(cycle_id) != today else set()) for cycle_id in cycles
    }
    employees = {mark.employee_id for mark in marks if mark.employee_id is not None}
    goals = {mark.goal_id for mark in marks if mark.goal_id is not None}
    department_of = dict(
        db.session.execute(
            select(User.id, func.coalesce(User.department_id, NONE)).where(
                User.id.in_(sorted(employees))
            )
        ).all()
    )
    goal_slice = {
        row[0]: (row[1], row[2])
        for row in db.session.execute(
            select(Goal.id, Goal.cycle_id, func.coalesce(User.department_id, NONE))
            .join(User, Goal.employee_id == User.id)
            .where(Goal.id.in_(sorted(goals)))
        )
    }

    def add(cycle_id: int | None, department_id: int | None) -> None:
        for key in [cycle_id] if cycle_id is not None else cycles:
            if key not in slices or slices[key] is None:
                continue
            if department_id is None:
                slices[key] = None
            else:
                slices[key].add(department_id)

    for mark in marks:
        if mark.goal_id is not None:
            if mark.goal_id in goal_slice:
                add(*goal_slice[mark.goal_id])
        elif mark.employee_id is not None:
            if mark.employee_id in department_of:
                add(mark.cycle_id, department_of[mark.employee_id])
        else:
            add(mark.cycle_id, mark.department_id)
    return Stale(
        [mark.id for mark in marks],
        {key: value for key, value in slices.items() if value is None or value},
    )


def refresh(today: date | None = None) -> RefreshOutcome:
    """Bring the stale totals up to date in one transaction (the caller commits)."""
    today = today or date.today()
    stale = stale_slices(today)
    cycles = {cycle.id: cycle for cycle in db.session.scalars(select(Cycle))}
    rows_written = departments_done = 0
    for cycle_id, departments in stale.slices.items():
        cycle = cycles[cycle_id]
        stored = delete(HrTotal).where(
            HrTotal.cycle_id == cycle_id, HrTotal.grain != GRAIN_ORGANISATION
        )
        if departments is not None:
            stored = stored.where(HrTotal.department_id.in_(sorted(departments)))
        db.session.execute(stored, execution_options={"synchronize_session": False})
        _store_cells(cycle, departments, today)
        rows_written += _sum_the_departments(cycle_id, departments)
        departments_done += len(departments) if departments is not None else 0
        _sum_the_organisation(cycle_id)
        state = db.session.get(HrTotalState, cycle_id)
        if state is None:
            state = HrTotalState(cycle_id=cycle_id)
            db.session.add(state)
        state.computed_at, state.computed_on = utcnow(), today
    for table in (HrTotal, HrTotalState):  # the totals of cycles that are gone
        db.session.execute(
            delete(table).where(table.cycle_id.not_in(sorted(cycles))),
            execution_options={"synchronize_session": False},
        )
    for start in range(0, len(stale.ids), 500):
        db.session.execute(
            delete(HrTotalStale).where(HrTotalStale.id.in_(stale.ids[start : start + 500])),
            execution_options={"synchronize_session": False},
        )
    db.session.flush()
    return RefreshOutcome(len(stale.slices), departments_done, rows_written)


_TOTAL_COLUMNS = [
    "cycle_id",
    "grain",
    "department_id",
    "function_id",
    "level_id",
    "figure",
    "key",
    "value",
]


def _store_cells(cycle: Cycle, departments: set[int] | None, today: date) -> None:
    """Insert the cells' figures straight from the base tables."""
    cells = figure_rows(cycle, departments, today).subquery()
    selected = select(
        literal(cycle.id),
        literal(GRAIN_CELL),
        *(cells.c[name] for name in FIGURE_COLUMNS),
    )
    db.session.execute(insert(HrTotal).from_select(_TOTAL_COLUMNS, selected))


def _sum_the_departments(cycle_id: int, departments: set[int] | None) -> int:
    """Each department's rows: the sums of its cells; the rows of cells and departments."""
    where = [HrTotal.cycle_id == cycle_id, HrTotal.grain == GRAIN_CELL]
    if departments is not None:
        where.append(HrTotal.department_id.in_(sorted(departments)))
    summed = (
        select(
            HrTotal.cycle_id,
            literal(GRAIN_DEPARTMENT),
            HrTotal.department_id,
            literal(NONE),
            literal(NONE),
            HrTotal.figure,
            HrTotal.key,
            func.sum(HrTotal.value),
        )
        .where(*where)
        .group_by(HrTotal.cycle_id, HrTotal.department_id, HrTotal.figure, HrTotal.key)
    )
    db.session.execute(insert(HrTotal).from_select(_TOTAL_COLUMNS, summed))
    # The rows stored, cells and departments (an INSERT that starts with WITH has no rowcount
    # in Python's sqlite3).
    return db.session.scalar(
        select(func.count(HrTotal.id)).where(
            HrTotal.cycle_id == cycle_id, HrTotal.grain != GRAIN_ORGANISATION, *where[2:]
        )
    )


def _sum_the_organisation(cycle_id: int) -> None:
    db.session.execute(
        delete(HrTotal).where(HrTotal.cycle_id == cycle_id, HrTotal.grain == GRAIN_ORGANISATION),
        execution_options={"synchronize_session": False},
    )
    summed = select(
        HrTotal.cycle_id,
        literal(GRAIN_ORGANISATION),
        literal(NONE),
        literal(NONE),
        literal(NONE),
        HrTotal.figure,
        HrTotal.key,
        func.sum(HrTotal.value),
    ).where(HrTotal.cycle_id == cycle_id, HrTotal.grain == GRAIN_DEPARTMENT)
    db.session.execute(
        insert(HrTotal).from_select(
            _TOTAL_COLUMNS, summed.group_by(HrTotal.cycle_id, HrTotal.figure, HrTotal.key)
        )
    )
