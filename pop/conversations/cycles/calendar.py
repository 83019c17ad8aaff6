"""A cycle's calendar (HR): per conversation kind a window (from, to) for the whole cycle, and
per department a window that overrides the cycle's for that department and its subtree.

A window lies within the cycle and opens on or before it closes; a change of its dates raises
its calendar sequence (the feed's SEQUENCE). Every change is audited on the cycle, a
department's with the department's name in the summary. Services
check everything before they change anything, flush, and leave the commit to the caller.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from pop import audit
from pop.conversations.cycles.services import CycleError
from pop.dates import local_date
from pop.extensions import db
from pop.labels import kind_label
from pop.models import ConversationDeadline, ConversationKind, Cycle, Department, User

Dates = tuple[date, date]


def check_window(cycle: Cycle, kind: str, opens_on: date | None, due_on: date | None) -> None:
    """Refuse a window without both dates, closing before it opens, or outside the cycle."""
    ConversationKind(kind)  # an unknown kind is a programming error
    label = kind_label(kind)
    if opens_on is None or due_on is None:
        raise CycleError(
            _("Vul voor het %(kind)s zowel de begin- als de einddatum in.", kind=label)
        )
    if opens_on > due_on:
        raise CycleError(
            _(
                "De periode voor het %(kind)s moet eindigen op of na de dag waarop ze begint.",
                kind=label,
            )
        )
    if not (cycle.contains(opens_on) and cycle.contains(due_on)):
        raise CycleError(
            _(
                "De periode voor het %(kind)s moet binnen de cyclus %(name)s vallen "
                "(%(start)s – %(end)s).",
                kind=label,
                name=cycle.name,
                start=local_date(cycle.starts_on),
                end=local_date(cycle.ends_on),
            )
        )


def _dates(window: ConversationDeadline | None) -> list[str] | None:
    return None if window is None else [window.opens_on.isoformat(), window.due_on.isoformat()]


def _change(
    cycle: Cycle, window: ConversationDeadline | None, kind: str, wanted: Dates | None, **where
) -> ConversationDeadline | None:
    """Create, move or (with None) remove one window; the window after, or None."""
    if wanted is None:
        if window is not None:
            db.session.delete(window)
        return None
    opens_on, due_on = wanted
    if window is None:
        window = ConversationDeadline(
            cycle_id=cycle.id, kind=kind, opens_on=opens_on, due_on=due_on, **where
        )
        db.session.add(window)
    elif (window.opens_on, window.due_on) != wanted:
        window.opens_on, window.due_on = opens_on, due_on
        window.calendar_sequence += 1
    return window


def cycle_windows(cycle: Cycle) -> dict[str, ConversationDeadline]:
    """The cycle's own window per kind (not the departments')."""
    return {
        window.kind: window
        for window in db.session.scalars(
            select(ConversationDeadline).where(
                ConversationDeadline.cycle_id == cycle.id,
                ConversationDeadline.department_id.is_(None),
            )
        )
    }


def set_cycle_windows(
    cycle: Cycle, wanted: dict[str, Dates | None], actor: User
) -> dict[str, list]:
    """Set (or with None remove) the cycle's window of each kind; returns the changes."""
    for kind, dates in wanted.items():
        if dates is not None:
            check_window(cycle, kind, *dates)
        else:
            ConversationKind(kind)
    existing = cycle_windows(cycle)
    changes: dict[str, list] = {}
    for kind, dates in wanted.items():
        window = existing.get(kind)
        before = _dates(window)
        after = _dates(_change(cycle, window, kind, dates, department_id=None))
        if before != after:
            changes[kind] = [before, after]
    if changes:
        db.session.flush()
        audit.record(actor, "conversation_windows_set", cycle, summary=cycle.name, changes=changes)
    return changes


@dataclass(frozen=True)
class DepartmentWindowChange:
    window: ConversationDeadline
    created: bool
    changed: bool


def set_department_window(
    cycle: Cycle,
    department: Department,
    kind: str,
    opens_on: date | None,
    due_on: date | None,
    actor: User,
) -> DepartmentWindowChange:
    """Give `department` (and its subtree) its own window for `kind`, or move the one it has."""
    check_window(cycle, kind, opens_on, due_on)
    window = db.session.scalar(
        select(ConversationDeadline).where(
            ConversationDeadline.cycle_id == cycle.id,
            ConversationDeadline.department_id == department.id,
            ConversationDeadline.kind == kind,
        )
    )
    before = _dates(window)
    window = _change(cycle, window, kind, (opens_on, due_on), department_id=department.id)
    after = _dates(window)
    if before != after:
        db.session.flush()
        audit.record(
            actor,
            "department_window_set",
            cycle,
            summary=f"{cycle.name} · {department.name}",
            changes={kind: [before, after]},
        )
    return DepartmentWindowChange(window, created=before is None, changed=before != after)


def remove_department_window(window: ConversationDeadline, actor: User) -> None:
    """The department follows its parent's (or the cycle's) window again."""
    if window.department_id is None:
        raise CycleError(_("Dit is de periode van de hele cyclus, niet van een afdeling."))
    cycle, department = window.cycle, window.department
    audit.record(
        actor,
        "department_window_removed",
        cycle,
        summary=f"{cycle.name} · {department.name}",
        changes={window.kind: [_dates(window), None]},
    )
    db.session.delete(window)
    db.session.flush()


def department_windows_of(cycle: Cycle) -> list[ConversationDeadline]:
    """The departments' own windows of the cycle, with their department, in one query."""
    return list(
        db.session.scalars(
            select(ConversationDeadline)
            .join(Department, Department.id == ConversationDeadline.department_id)
            .where(ConversationDeadline.cycle_id == cycle.id)
            .options(joinedload(ConversationDeadline.department))
            .order_by(Department.name, Department.id, ConversationDeadline.kind)
        )
    )


def department_paths() -> dict[int, str]:
    """Every department's name with the names above it ("Gemeente › Sociaal domein"), from one
    query, in the order of the paths."""
    parents: dict[int, tuple[str, int | None]] = {
        id_: (name, parent_id)
        for id_, name, parent_id in db.session.execute(
            select(Department.id, Department.name, Department.parent_id)
        )
    }

    def path(id_: int) -> str:
        names, seen, current = [], set(), id_
        while current is not None and current in parents and current not in seen:
            seen.add(current)
            name, current = parents[current]
            names.append(name)
        return " › ".join(reversed(names))

    paths = {id_: path(id_) for id_ in parents}
    return dict(sorted(paths.items(), key=lambda item: (item[1].casefold(), item[0])))
