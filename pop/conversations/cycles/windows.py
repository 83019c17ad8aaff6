"""Which window applies to whom: a department's own, else its nearest ancestor's, else the
cycle's. Set-based, so that the start page, the reminders, the dashboard and the calendar feed
resolve the windows of many people in one query, never one person at a time."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, literal, select, true
from sqlalchemy.orm import aliased

from pop.extensions import db
from pop.models import ConversationDeadline, Department, User


def department_windows(cycle_ids: Iterable[int] | Select):
    """Per department, cycle and kind, the window of the department or of its nearest ancestor
    that has one: a subquery of (department_id, cycle_id, kind, window_id, opens_on, due_on)."""
    ancestry = select(
        Department.id.label("department_id"),
        Department.id.label("ancestor_id"),
        literal(0).label("depth"),
    ).cte("department_ancestry", recursive=True)
    parent = aliased(Department)
    ancestry = ancestry.union_all(
        select(ancestry.c.department_id, parent.parent_id, ancestry.c.depth + 1)
        .join(parent, parent.id == ancestry.c.ancestor_id)
        .where(parent.parent_id.is_not(None))
    )
    window = aliased(ConversationDeadline)
    nearest_first = (
        func.row_number()
        .over(
            partition_by=(ancestry.c.department_id, window.cycle_id, window.kind),
            order_by=ancestry.c.depth,
        )
        .label("nearness")
    )
    ranked = (
        select(
            ancestry.c.department_id,
            window.cycle_id,
            window.kind,
            window.id.label("window_id"),
            window.opens_on,
            window.due_on,
            nearest_first,
        )
        .select_from(ancestry)
        .join(window, window.department_id == ancestry.c.ancestor_id)
        .where(window.cycle_id.in_(cycle_ids))
        .subquery("ranked_windows")
    )
    return (
        select(
            ranked.c.department_id,
            ranked.c.cycle_id,
            ranked.c.kind,
            ranked.c.window_id,
            ranked.c.opens_on,
            ranked.c.due_on,
        )
        .where(ranked.c.nearness == 1)
        .subquery("department_windows")
    )


def person_windows(cycle_ids: Iterable[int] | Select):
    """Per person, cycle and kind, the window that applies to them (their department's, else the
    cycle's): a subquery of (user_id, cycle_id, kind, window_id, department_id, opens_on,
    due_on); `department_id` is the window's, None for the cycle's own."""
    cycle_ids = cycle_ids if isinstance(cycle_ids, Select) else sorted(set(cycle_ids))
    kinds = (
        select(ConversationDeadline.cycle_id, ConversationDeadline.kind)
        .where(ConversationDeadline.cycle_id.in_(cycle_ids))
        .distinct()
        .subquery("window_kinds")
    )
    own = department_windows(cycle_ids)
    general = aliased(ConversationDeadline)
    department_window = aliased(ConversationDeadline)
    return (
        select(
            User.id.label("user_id"),
            kinds.c.cycle_id,
            kinds.c.kind,
            func.coalesce(own.c.window_id, general.id).label("window_id"),
            department_window.department_id,
            func.coalesce(own.c.opens_on, general.opens_on).label("opens_on"),
            func.coalesce(own.c.due_on, general.due_on).label("due_on"),
        )
        .select_from(User)
        .join(kinds, true())
        .outerjoin(
            own,
            and_(
                own.c.department_id == User.department_id,
                own.c.cycle_id == kinds.c.cycle_id,
                own.c.kind == kinds.c.kind,
            ),
        )
        .outerjoin(department_window, department_window.id == own.c.window_id)
        .outerjoin(
            general,
            and_(
                general.cycle_id == kinds.c.cycle_id,
                general.kind == kinds.c.kind,
                general.department_id.is_(None),
            ),
        )
        .where(func.coalesce(own.c.window_id, general.id).is_not(None))
        .subquery("person_windows")
    )


@dataclass(frozen=True)
class Window:
    kind: str
    opens_on: date
    due_on: date
    window_id: int
    department_id: int | None  # the window's department; None for the cycle's own

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today <= self.due_on

    def has_passed(self, today: date) -> bool:
        return self.due_on < today


def windows_by_department(cycle_id: int) -> tuple[dict[str, Window], dict[tuple[int, str], Window]]:
    """The cycle's own windows per kind, and per (department, kind) the department's own or
    inherited window where it has one: two queries, whatever the number of departments."""
    general = {
        window.kind: Window(window.kind, window.opens_on, window.due_on, window.id, None)
        for window in db.session.scalars(
            select(ConversationDeadline).where(
                ConversationDeadline.cycle_id == cycle_id,
                ConversationDeadline.department_id.is_(None),
            )
        )
    }
    own = department_windows([cycle_id])
    source = aliased(ConversationDeadline)
    rows = db.session.execute(
        select(
            own.c.department_id,
            own.c.kind,
            own.c.opens_on,
            own.c.due_on,
            own.c.window_id,
            source.department_id,
        )
        .select_from(own)
        .join(source, source.id == own.c.window_id)
    )
    by_department = {
        (department_id, kind): Window(kind, opens_on, due_on, window_id, source_department)
        for department_id, kind, opens_on, due_on, window_id, source_department in rows
    }
    return general, by_department
