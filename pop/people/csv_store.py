"""Storing the checked rows of a people CSV file in sets: a few statements per batch of rows,
not a few per person, with the same audit event for each change as one by one."""

from typing import Any

from sqlalchemy import bindparam, delete, insert, select, tuple_, update

from pop import audit
from pop.conversations import handover
from pop.extensions import db
from pop.models import HrScope, Role, User, UserRole
from pop.people.csv_file import ImportReport
from pop.people.csv_rows import _Known, _Row
from pop.people.services import snapshot

BATCH = 500


def _batches(items: list) -> list[list]:
    return [items[start : start + BATCH] for start in range(0, len(items), BATCH)]


def _scopes_of(user_ids: list[int]) -> dict[int, list[int]]:
    """The HR departments of these people, a query per batch."""
    scopes: dict[int, list[int]] = {}
    for batch in _batches(user_ids):
        query = select(HrScope.user_id, HrScope.department_id).where(HrScope.user_id.in_(batch))
        for user_id, department_id in db.session.execute(query):
            scopes.setdefault(user_id, []).append(department_id)
    return scopes


def _new(row: _Row) -> dict[str, Any]:
    return {
        "name": row.name,
        "email": row.email,
        "employee_number": row.number,
        "department_id": None,
        "manager_id": None,
        "function_id": None,
        "function_level_id": None,
        "roles": [],
        "hr_scope": [],
        "hr_organisation_wide": False,
        "active": True,
        "has_password": False,
    }


def _after(row: _Row, before: dict[str, Any], columns: dict) -> dict[str, Any]:
    """The person's audited fields once the row is stored (the manager follows later)."""
    after = dict(before)
    after.update(
        name=row.name,
        email=row.email,
        employee_number=row.number,
        department_id=row.department.id if row.department is not None else None,
    )
    if "function" in columns:
        function_id = row.function.id if row.function is not None else None
        if row.function is None or before["function_id"] != function_id:
            after["function_level_id"] = None
        after["function_id"] = function_id
    if row.roles is not None:
        after["roles"] = sorted(role.value for role in row.roles)
    elif row.existing is None:
        after["roles"] = [Role.EMPLOYEE.value]
    return after


def _free_moving_addresses(rows: list[_Row]) -> None:
    """Give the people whose address changes a unique stand-in address first, an executemany
    per batch: an address that moves to someone else in the file (swapped, say, or to a new
    row) is then free when the new rows are inserted and the others updated."""
    moving = [
        {"person": row.existing.id, "stand_in": f"pop-import-{row.existing.id}@verhuizen.invalid"}
        for row in rows
        if row.existing is not None and row.existing.email != row.email
    ]
    table = User.__table__
    free = (
        update(table).where(table.c.id == bindparam("person")).values(email=bindparam("stand_in"))
    )
    for batch in _batches(moving):
        db.session.execute(free, batch)


def _insert_new(rows: list[_Row]) -> dict[str, int]:
    """Insert the people new to POP; their ids by employee number."""
    ids: dict[str, int] = {}
    for batch in _batches([row for row in rows if row.existing is None]):
        result = db.session.execute(
            insert(User).returning(User.id, User.employee_number),
            [
                {
                    "name": row.name,
                    "email": row.email,
                    "employee_number": row.number,
                    "active": True,
                }
                for row in batch
            ],
        )
        ids.update({number: user_id for user_id, number in result})
    return ids


_COLUMNS = (
    "name",
    "email",
    "employee_number",
    "department_id",
    "manager_id",
    "function_id",
    "function_level_id",
)


def store_rows(
    rows: list[_Row], columns: dict, known: _Known, actor: User | None, report: ImportReport
) -> None:
    """Create and update the people of checked rows, with an audit event for each change."""
    with db.session.no_autoflush:
        scopes = _scopes_of([row.existing.id for row in rows if row.existing is not None])
        befores = {
            row.line: snapshot(row.existing, scopes.get(row.existing.id, []))
            if row.existing is not None
            else _new(row)
            for row in rows
        }
    _free_moving_addresses(rows)
    new_ids = _insert_new(rows)
    id_of_row = {
        row.line: row.existing.id if row.existing is not None else new_ids[row.number]
        for row in rows
    }
    id_by_number = {row.number: id_of_row[row.line] for row in rows}
    afters: dict[int, dict[str, Any]] = {}
    for row in rows:
        after = _after(row, befores[row.line], columns)
        if "manager" in columns:
            number = row.manager_number
            after["manager_id"] = (
                None if number is None else id_by_number.get(number) or known.by_number[number].id
            )
        afters[row.line] = after
    _write(rows, befores, afters, id_of_row)
    events = []
    for row in rows:
        user_id, after = id_of_row[row.line], afters[row.line]
        if row.existing is None:
            report.created += 1
            changes = audit.diff({}, after)
            events.append(
                (
                    "person_created",
                    "User",
                    user_id,
                    f"{row.name} toegevoegd via CSV-import",
                    changes,
                )
            )
            continue
        changes = audit.diff(befores[row.line], after)
        if changes:
            report.updated += 1
            events.append(
                (
                    "person_updated",
                    "User",
                    user_id,
                    f"{row.name} gewijzigd via CSV-import",
                    changes,
                )
            )
        else:
            report.unchanged += 1
    for batch in _batches(events):
        audit.record_many(actor, batch)
    db.session.expire_all()
    # Who moved to another manager: their planned conversations and proposals go along.
    handover.hand_over(
        actor,
        [
            handover.ManagerChange(
                id_of_row[row.line], befores[row.line]["manager_id"], afters[row.line]["manager_id"]
            )
            for row in rows
            if befores[row.line]["manager_id"] != afters[row.line]["manager_id"]
        ],
    )


def _write(rows: list[_Row], befores: dict, afters: dict, id_of_row: dict) -> None:
    """The column changes and the role changes, an executemany per batch."""
    changed, added, removed = [], [], []
    for row in rows:
        before, after, user_id = befores[row.line], afters[row.line], id_of_row[row.line]
        if any(before[key] != after[key] for key in _COLUMNS) or row.existing is None:
            changed.append({"person": user_id, **{f"new_{key}": after[key] for key in _COLUMNS}})
        old, new = set(before["roles"]), set(after["roles"])
        added += [{"user_id": user_id, "role": Role(role)} for role in sorted(new - old)]
        removed += [(user_id, Role(role)) for role in sorted(old - new)]
    for batch in _batches(removed):
        db.session.execute(
            delete(UserRole).where(tuple_(UserRole.user_id, UserRole.role).in_(batch))
        )
    table = User.__table__
    change = (
        update(table)
        .where(table.c.id == bindparam("person"))
        .values({key: bindparam(f"new_{key}") for key in _COLUMNS})
    )
    for batch in _batches(changed):
        db.session.execute(change, batch)
    for batch in _batches(added):
        db.session.execute(insert(UserRole), batch)
