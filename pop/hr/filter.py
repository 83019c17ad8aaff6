"""What the HR overview, its lists and the reports count over: the cycle, the viewer's
departments and the filters chosen, as one `DashboardFilter`."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, false, select, true
from sqlalchemy.sql.elements import ColumnElement

from pop.access import department_subtree_ids
from pop.models import (
    OPEN_STATUSES,
    ConversationStatus,
    FunctionLevel,
    Goal,
    GoalStatus,
    JobFunction,
    Role,
    User,
    UserRole,
)

# A POP "counts" once a goal has been agreed: agreed, under way or finished.
AGREED_STATUSES = (GoalStatus.AGREED.value, GoalStatus.IN_PROGRESS.value, GoalStatus.DONE.value)
OPEN_STATUS_VALUES = tuple(status.value for status in OPEN_STATUSES)
HELD_STATUSES = (ConversationStatus.HELD.value, ConversationStatus.SIGNED.value)
CHECK_IN_WEEKS = 8


# --- the filter --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilter:
    """Which cycle, and which people: `department_ids` None means the whole organisation."""

    cycle_id: int
    department_ids: frozenset[int] | None = None
    family_id: int | None = None
    function_id: int | None = None
    scale: str | None = None
    today: date = field(default_factory=date.today)

    @property
    def by_function(self) -> bool:
        """Whether a function family, a function or a scale is chosen."""
        return self.family_id is not None or self.function_id is not None or self.scale is not None

    def organisation_clause(
        self,
        department_id: ColumnElement = User.department_id,
        function_id: ColumnElement = User.function_id,
        level_id: ColumnElement = User.function_level_id,
    ) -> ColumnElement[bool]:
        """A WHERE clause on User (or on the same columns of another table, such as the
        maintained totals): department, function family, function and scale."""
        clauses: list[ColumnElement[bool]] = []
        if self.department_ids is not None:
            clauses.append(
                department_id.in_(sorted(self.department_ids)) if self.department_ids else false()
            )
        if self.family_id is not None:
            clauses.append(
                function_id.in_(
                    select(JobFunction.id).where(JobFunction.family_id == self.family_id)
                )
            )
        if self.function_id is not None:
            clauses.append(function_id == self.function_id)
        if self.scale is not None:
            clauses.append(
                level_id.in_(select(FunctionLevel.id).where(FunctionLevel.scale == self.scale))
            )
        return and_(true(), *clauses)

    def people_clause(self) -> ColumnElement[bool]:
        """A WHERE clause on User: the employees the figures are about."""
        is_employee = exists().where(
            UserRole.user_id == User.id, UserRole.role == Role.EMPLOYEE.value
        )
        return and_(User.active.is_(True), is_employee, self.organisation_clause())


def make_filter(
    *,
    cycle_id: int,
    allowed_department_ids: set[int] | None,
    department_id: int | None = None,
    family_id: int | None = None,
    function_id: int | None = None,
    scale: str | None = None,
    today: date | None = None,
) -> DashboardFilter:
    """A filter within the viewer's departments (`allowed_department_ids`, None for all)."""
    ids = allowed_department_ids
    if department_id is not None:
        subtree = department_subtree_ids([department_id])
        ids = subtree if ids is None else subtree & ids
    return DashboardFilter(
        cycle_id=cycle_id,
        department_ids=frozenset(ids) if ids is not None else None,
        family_id=family_id,
        function_id=function_id,
        scale=scale,
        today=today or date.today(),
    )


# --- the figures -------------------------------------------------------------------------------


def percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def goal_in_cycle(dashboard_filter: DashboardFilter) -> ColumnElement[bool]:
    """Joins an employee (User) to their goals of the filtered cycle."""
    return and_(Goal.employee_id == User.id, Goal.cycle_id == dashboard_filter.cycle_id)
