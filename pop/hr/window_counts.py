"""Per conversation kind, how many employees are due now and how many are late by the window
that applies to them (their department's, else the cycle's), from the maintained totals.

The totals hold, per department, the employees and how far each kind of conversation got; each
department's figures are weighed against its own window. A fixed number of queries, however many
departments and people there are. Where no department has a window of its own, the whole
organisation's figures are read from its own rows instead of summing every department's.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from pop.conversations.cycles.windows import Window, windows_by_department
from pop.extensions import db
from pop.hr.filter import DashboardFilter
from pop.models import HrTotal
from pop.models.totals import GRAIN_CELL, GRAIN_DEPARTMENT, GRAIN_ORGANISATION

# The stages of the totals' "stage" figure at which a conversation counts as held.
HELD_STAGES = frozenset({3, 4})


@dataclass
class WindowCounts:
    general: Window | None = None  # the cycle's own window
    departments_with_own: int = 0  # departments (in the filter) with a window of their own
    due: int = 0  # without a held conversation, their window open today
    late: int = 0  # without a held conversation, their window closed

    @property
    def has_windows(self) -> bool:
        return self.general is not None or self.departments_with_own > 0


def window_counts(dashboard_filter: DashboardFilter) -> dict[str, WindowCounts]:
    """Per kind (only kinds with a window somewhere), the employees due and late."""
    general, by_department = windows_by_department(dashboard_filter.cycle_id)
    result = {kind: WindowCounts(general=window) for kind, window in general.items()}
    if not general and not by_department:
        return result
    if dashboard_filter.by_function:
        grain = GRAIN_CELL
    elif dashboard_filter.department_ids is None and not by_department:
        grain = GRAIN_ORGANISATION  # one window for everyone: the organisation's own rows do
    else:
        grain = GRAIN_DEPARTMENT
    rows = db.session.execute(
        select(HrTotal.department_id, HrTotal.figure, HrTotal.key, func.sum(HrTotal.value))
        .where(
            HrTotal.cycle_id == dashboard_filter.cycle_id,
            HrTotal.grain == grain,
            HrTotal.figure.in_(("employees", "stage")),
            dashboard_filter.organisation_clause(
                HrTotal.department_id, HrTotal.function_id, HrTotal.level_id
            ),
        )
        .group_by(HrTotal.department_id, HrTotal.figure, HrTotal.key)
    ).all()
    employees: dict[int, int] = defaultdict(int)
    held: dict[tuple[int, str], int] = defaultdict(int)
    for department_id, figure, key, value in rows:
        if figure == "employees":
            employees[department_id] += int(value)
            continue
        kind, _sep, stage = key.rpartition(":")
        if int(stage) in HELD_STAGES:
            held[(department_id, kind)] += int(value)
    today = dashboard_filter.today
    kinds = set(general) | {kind for _department, kind in by_department}
    for kind in sorted(kinds):
        counts = result.setdefault(kind, WindowCounts())
        for department_id, people in employees.items():
            window = by_department.get((department_id, kind))
            if window is not None and window.department_id == department_id:
                counts.departments_with_own += 1
            window = window or general.get(kind)
            if window is None:
                continue
            still_open = people - held[(department_id, kind)]
            if window.has_passed(today):
                counts.late += still_open
            elif window.is_open(today):
                counts.due += still_open
    return result
