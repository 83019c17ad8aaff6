"""Rebuilding the dashboard's maintained totals (`hr_total`) from the base tables.

`refresh()` reads what `hr_total_stale` names, recomputes only those (cycle, department) slices
with one GROUP BY per figure over department × function × level, stores the cells and their
department sums, adds the departments up to the organisation's rows and records when. A cycle
whose totals are of an earlier day is recomputed whole: "over de deadline" and the weeks of
check-ins depend on the day. `recompute()` is the same computation, stored nowhere, for tests.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, delete, func, insert, literal, select, true
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


def recompute(cycle: Cycle, departments: set[int] | None, today: date) -> Figures:
    """Every figure of `cycle` per cell, for the people of `departments`, from the base tables."""
    cell = _cell_columns()
    people = _people(departments)
    figures: Figures = defaultdict(int)

    def put(rows: Iterable, figure: str, key_of=lambda row: "") -> None:
        for row in rows:
            figures[((row[0], row[1], row[2]), figure, str(key_of(row)))] += row[-1]

    agreed_employee = case((Goal.status.in_(AGREED_STATUSES), Goal.employee_id))
    coverage = db.session.execute(
        select(
            *cell,
            func.count(func.distinct(User.id)),
            func.count(func.distinct(Goal.employee_id)),
            func.count(func.distinct(agreed_employee)),
        )
        .select_from(User)
        .outerjoin(Goal, and_(Goal.employee_id == User.id, Goal.cycle_id == cycle.id))
        .where(people)
        .group_by(*cell)
    ).all()
    for index, figure in enumerate(("employees", "with_goals", "with_pop")):
        put(((*row[:3], row[3 + index]) for row in coverage), figure)
    put(
        ((*row[:3], row[3]) for row in coverage if row[1] != NONE),
        "function",
        lambda row: row[1],
    )

    overdue = case((Goal.deadline < today, 1), else_=0)
    statuses = db.session.execute(
        select(*cell, Goal.status, func.count(Goal.id), func.sum(overdue), func.sum(Goal.progress))
        .join(User, Goal.employee_id == User.id)
        .where(Goal.cycle_id == cycle.id, people)
        .group_by(*cell, Goal.status)
    ).all()
    for index, figure in enumerate(("goals", "overdue", "progress")):
        put(((*row[:4], row[4 + index] or 0) for row in statuses), figure, lambda row: row[3])

    starts = week_starts(today, cycle)
    week = case(
        *((CheckIn.on >= start, index) for index, start in reversed(list(enumerate(starts))))
    )
    bucketed = (
        select(*(column.label(f"c{i}") for i, column in enumerate(cell)), week.label("week"))
        .add_columns(CheckIn.id.label("check_in_id"), Goal.employee_id)
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
    weekly = db.session.execute(
        select(
            bucketed.c.c0,
            bucketed.c.c1,
            bucketed.c.c2,
            bucketed.c.week,
            func.count(bucketed.c.check_in_id),
            func.count(func.distinct(bucketed.c.employee_id)),
        ).group_by(bucketed.c.c0, bucketed.c.c1, bucketed.c.c2, bucketed.c.week)
    ).all()
    week_key = lambda row: starts[row[3]].isoformat()  # noqa: E731
    put(((*row[:4], row[4]) for row in weekly), "week_check_ins", week_key)
    put(((*row[:4], row[5]) for row in weekly), "week_people", week_key)

    stage = case(
        (Conversation.status == ConversationStatus.SIGNED.value, STAGE_SIGNED),
        (Conversation.status == ConversationStatus.HELD.value, STAGE_HELD),
        (Conversation.status == ConversationStatus.PREPARED.value, STAGE_PREPARED),
        else_=STAGE_PLANNED,
    )
    per_employee = (
        select(
            *(column.label(f"c{i}") for i, column in enumerate(cell)),
            Conversation.kind.label("kind"),
            Conversation.employee_id.label("employee_id"),
            func.max(stage).label("stage"),
        )
        .join(User, Conversation.employee_id == User.id)
        .where(Conversation.cycle_id == cycle.id, people)
        .group_by(*cell, Conversation.kind, Conversation.employee_id)
        .subquery()
    )
    columns = (per_employee.c.c0, per_employee.c.c1, per_employee.c.c2)
    stages = db.session.execute(
        select(*columns, per_employee.c.kind, per_employee.c.stage, func.count()).group_by(
            *columns, per_employee.c.kind, per_employee.c.stage
        )
    ).all()
    put(stages, "stage", lambda row: f"{row[3]}:{row[4]}")

    judgements = db.session.execute(
        select(
            *cell, Conversation.overall_rating, func.count(func.distinct(Conversation.employee_id))
        )
        .join(User, Conversation.employee_id == User.id)
        .where(
            Conversation.cycle_id == cycle.id,
            Conversation.status.in_(HELD_STATUSES),
            Conversation.overall_rating.is_not(None),
            people,
        )
        .group_by(*cell, Conversation.overall_rating)
    ).all()
    put(judgements, "judgement", lambda row: row[3])

    competencies = db.session.execute(
        select(
            *cell,
            Goal.competency_id,
            func.count(Goal.id),
            func.count(func.distinct(Goal.employee_id)),
        )
        .join(User, Goal.employee_id == User.id)
        .where(
            Goal.cycle_id == cycle.id,
            Goal.competency_id.is_not(None),
            Goal.status.in_(AGREED_STATUSES),
            people,
        )
        .group_by(*cell, Goal.competency_id)
    ).all()
    put(((*row[:4], row[4]) for row in competencies), "competency_goals", lambda row: row[3])
    put(((*row[:4], row[5]) for row in competencies), "competency_people", lambda row: row[3])
    return {key: value for key, value in figures.items() if value}


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
        rows = rows_of(cycle_id, recompute(cycle, departments, today))
        if rows:
            db.session.execute(insert(HrTotal), rows)
        rows_written += len(rows)
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
            [
                "cycle_id",
                "grain",
                "department_id",
                "function_id",
                "level_id",
                "figure",
                "key",
                "value",
            ],
            summed.group_by(HrTotal.cycle_id, HrTotal.figure, HrTotal.key),
        )
    )
