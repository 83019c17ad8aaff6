"""Maintained totals: the HR dashboard's figures per cycle and department, and people per function.

`hr_total` holds the dashboard's figures at three grains: the whole organisation, a department,
and a cell of department × function × level (for the function, family and scale filters). A job
rebuilds the rows of what `hr_total_stale` names; every change to goals, check-ins,
conversations, people, roles and cycles adds a row there in its own transaction, through the
session events below, so that no change path can forget it. `function_holder_count` (active
people per function, the catalogue's overview) is kept in the same transaction as each change.
"""

from datetime import date, datetime

from sqlalchemy import Index, Integer, String, delete, event, func, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from pop.extensions import db
from pop.models._statements import before_commit_after_bulk, dialect_insert
from pop.models._time import utcnow
from pop.models.conversations import Conversation
from pop.models.org import User, UserRole
from pop.models.plan import CheckIn, Cycle, Goal

GRAIN_ORGANISATION, GRAIN_DEPARTMENT, GRAIN_CELL = 0, 1, 2
NONE = 0  # no department, function or level (and the organisation's row)


class HrTotal(db.Model):
    """One figure of the dashboard (`figure`, `key`: a status, a week, ...) for one slice."""

    __tablename__ = "hr_total"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(Integer)
    grain: Mapped[int] = mapped_column(Integer)
    department_id: Mapped[int] = mapped_column(Integer)
    function_id: Mapped[int] = mapped_column(Integer)
    level_id: Mapped[int] = mapped_column(Integer)
    figure: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_hr_total_slice", "cycle_id", "grain", "department_id"),)


class HrTotalStale(db.Model):
    """What to recompute: a cycle (None: all), a department, a person or a goal (None: all)."""

    __tablename__ = "hr_total_stale"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int | None] = mapped_column(Integer)
    department_id: Mapped[int | None] = mapped_column(Integer)
    employee_id: Mapped[int | None] = mapped_column(Integer)
    goal_id: Mapped[int | None] = mapped_column(Integer)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


class HrTotalState(db.Model):
    """When a cycle's totals were last brought up to date (overdue counts depend on the day)."""

    __tablename__ = "hr_total_state"

    cycle_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    computed_at: Mapped[datetime]
    computed_on: Mapped[date]


class FunctionHolderCount(db.Model):
    """Active people per function, kept in the transaction of each change to a person."""

    __tablename__ = "function_holder_count"

    function_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    holders: Mapped[int] = mapped_column(Integer, default=0)


# --- marking what changed ------------------------------------------------------------------------

# Tables whose bulk statements (outside the unit of work) make everything stale.
_BULK_TABLES = {"goal", "check_in", "conversation", "user_account", "user_role", "cycle"}


def _values(instance, name: str) -> set:
    """The instance's value of `name` now and, where this flush changed it, before: by the
    column's history or, set through a relationship, by that relationship's."""
    state = inspect(instance)
    values = {getattr(instance, name)}
    values.update(state.attrs[name].history.deleted)
    relationship = _RELATIONSHIPS.get(name)
    if relationship is not None:
        values.update(getattr(old, "id", None) for old in state.attrs[relationship].history.deleted)
    return values


def _changed(instance, *names: str) -> bool:
    state = inspect(instance)
    for name in names:
        if state.attrs[name].history.has_changes():
            return True
        relationship = _RELATIONSHIPS.get(name)
        if relationship is not None and state.attrs[relationship].history.has_changes():
            return True
    return False


_RELATIONSHIPS = {
    "department_id": "department",
    "function_id": "function",
    "function_level_id": "function_level",
    "employee_id": "employee",
    "cycle_id": "cycle",
    "goal_id": "goal",
}
_PERSON_COUNTS = ("department_id", "active", "function_id", "function_level_id")
_BLANK = {"cycle_id": None, "department_id": None, "employee_id": None, "goal_id": None}


def _marks_for(instance, change: str) -> list[dict]:
    """The stale marks of one new, dirty or deleted instance."""
    if isinstance(instance, Goal | Conversation):
        return [
            {**_BLANK, "cycle_id": cycle_id, "employee_id": employee_id}
            for cycle_id in _values(instance, "cycle_id")
            for employee_id in _values(instance, "employee_id")
        ]
    if isinstance(instance, CheckIn):
        return [{**_BLANK, "goal_id": goal_id} for goal_id in _values(instance, "goal_id")]
    if isinstance(instance, User):
        if change == "dirty" and not _changed(instance, *_PERSON_COUNTS):
            return []
        return [
            {**_BLANK, "department_id": department_id or NONE}
            for department_id in _values(instance, "department_id")
        ]
    if isinstance(instance, UserRole):
        return [{**_BLANK, "employee_id": user_id} for user_id in _values(instance, "user_id")]
    if isinstance(instance, Cycle):
        return [{**_BLANK, "cycle_id": instance.id}]
    return []


def _holder_changes(session: Session) -> dict[int, int]:
    """Per function, how many active holders this flush added (or took away)."""
    changes: dict[int, int] = {}

    def count(function_id: int | None, active: bool | None, delta: int) -> None:
        if function_id is not None and active:
            changes[function_id] = changes.get(function_id, 0) + delta

    def before(instance: User, name: str):
        state = inspect(instance)
        history = state.attrs[name].history
        if history.deleted:
            return history.deleted[0]
        relationship = _RELATIONSHIPS.get(name)
        if relationship is not None:
            old = state.attrs[relationship].history.deleted
            if old:
                return getattr(old[0], "id", None)
        return getattr(instance, name)

    for instance in session.new:
        if isinstance(instance, User):
            count(instance.function_id, instance.active, 1)
    for instance in session.deleted:
        if isinstance(instance, User):
            count(before(instance, "function_id"), before(instance, "active"), -1)
    for instance in session.dirty:
        if isinstance(instance, User) and _changed(instance, "function_id", "active"):
            count(instance.function_id, instance.active, 1)
            count(before(instance, "function_id"), before(instance, "active"), -1)
    return {key: delta for key, delta in changes.items() if delta}


def _add_holders(session: Session, changes: dict[int, int]) -> None:
    connection = session.connection()
    table = FunctionHolderCount.__table__
    statement = dialect_insert(connection, table)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.function_id],
        set_={"holders": table.c.holders + statement.excluded.holders},
    )
    connection.execute(
        statement, [{"function_id": key, "holders": delta} for key, delta in changes.items()]
    )


def recount_function_holders(session: Session) -> None:
    """Count every function's active holders again (after a bulk change to people)."""
    connection = session.connection()
    connection.execute(delete(FunctionHolderCount.__table__))
    connection.execute(
        insert(FunctionHolderCount.__table__).from_select(
            ["function_id", "holders"],
            select(User.function_id, func.count(User.id))
            .where(User.function_id.is_not(None), User.active.is_(True))
            .group_by(User.function_id),
        )
    )


def mark_everything_stale(session: Session) -> None:
    session.connection().execute(
        insert(HrTotalStale.__table__), [{"cycle_id": None, "marked_at": utcnow()}]
    )


@event.listens_for(Session, "after_flush")
def _write_marks(session: Session, flush_context) -> None:
    """After the flush (new rows have their keys, the history still holds the old values):
    mark what it made stale, and count function holders, in the same transaction."""
    marks = [mark for instance in session.new for mark in _marks_for(instance, "new")]
    marks += [mark for instance in session.dirty for mark in _marks_for(instance, "dirty")]
    marks += [mark for instance in session.deleted for mark in _marks_for(instance, "deleted")]
    unique = {tuple(sorted(mark.items())) for mark in marks}
    if unique:
        now = utcnow()
        session.connection().execute(
            insert(HrTotalStale.__table__), [{**dict(row), "marked_at": now} for row in unique]
        )
    changes = _holder_changes(session)
    if changes:
        _add_holders(session, changes)


# A bulk INSERT, UPDATE or DELETE on a counted table makes every total stale, and one on people
# has the function holders counted again (once per transaction, just before it commits).
before_commit_after_bulk(_BULK_TABLES, mark_everything_stale)
before_commit_after_bulk([User.__tablename__], recount_function_holders)
