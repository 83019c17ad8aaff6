"""Rebuilding the dashboard's maintained totals (`hr_total`) from the base tables.

`refresh()` reads what `hr_total_stale` names and recomputes only those (cycle, department)
slices, in sets: one INSERT … SELECT of every figure per cell of department × function × level
(a GROUP BY per kind of figure over the base tables), one of the departments' sums of their
cells and one of the organisation's sum of the departments; then it records when. No row
passes through Python. A cycle whose totals are of an earlier day is recomputed whole: "over
de deadline" and the weeks of check-ins depend on the day. The figures themselves are
`totals_figures.figure_rows`.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    delete,
    func,
    insert,
    literal,
    select,
)

from pop.extensions import db
from pop.hr.totals_figures import FIGURE_COLUMNS, figure_rows
from pop.models import (
    Cycle,
    Goal,
    HrTotal,
    HrTotalStale,
    HrTotalState,
    User,
)
from pop.models._time import utcnow
from pop.models.totals import GRAIN_CELL, GRAIN_DEPARTMENT, GRAIN_ORGANISATION, NONE


@dataclass
class RefreshOutcome:
    cycles: int
    departments: int
    rows: int


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
