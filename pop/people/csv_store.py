"""Storing the checked rows of a people CSV file in sets: a few statements per batch of rows,
not a few per person, with the same audit event for each change as one by one."""

from typing import Any

from sqlalchemy import bindparam, delete, select, tuple_, update

from pop import audit
from pop.conversations import handover
from pop.extensions import db
from pop.models import HrScope, Role, User, UserRole
from pop.models.org import ROLES_BY_VALUE
from pop.people.csv_file import ImportReport
from pop.people.csv_insert import COLUMNS, add_roles, batches, insert_new
from pop.people.csv_known import _Known
from pop.people.csv_rows import _Row
from pop.people.services import snapshot


def _scopes_of(user_ids: list[int]) -> dict[int, list[int]]:
    """The HR departments of these people: one query of the HR scopes, a few rows for each
    HR adviser, whatever the number of people."""
    wanted = set(user_ids)
    scopes: dict[int, list[int]] = {}
    for user_id, department_id in db.session.execute(
        select(HrScope.user_id, HrScope.department_id)
    ):
        if user_id in wanted:
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
    for batch in batches(moving):
        db.session.execute(free, batch)


# The fields of a person's audit event, in the order `audit.diff` gives them.
_AUDITED = tuple(sorted(_new(_Row(line=0, number="", name="", email=""))))


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`audit.diff(before, after)` of two snapshots, whose values are already JSON-friendly
    (text, numbers, booleans, lists of them) and whose fields are `_AUDITED`: without
    converting every value of 10,000 people again."""
    return {key: [before.get(key), after[key]] for key in _AUDITED if before.get(key) != after[key]}


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
    afters = {row.line: _after(row, befores[row.line], columns) for row in rows}
    new_numbers = {row.number for row in rows if row.existing is None}
    existing_ids = {row.number: row.existing.id for row in rows if row.existing is not None}
    if "manager" in columns:
        for row in rows:
            number = row.manager_number
            if number is None:
                afters[row.line]["manager_id"] = None
            elif number not in new_numbers:
                afters[row.line]["manager_id"] = (
                    existing_ids.get(number) or known.by_number[number].id
                )
    _free_moving_addresses(rows)
    new_ids = insert_new(rows, afters)
    id_of_row = {
        row.line: row.existing.id if row.existing is not None else new_ids[row.number]
        for row in rows
    }
    _write(rows, befores, afters, id_of_row)
    events = []
    for row in rows:
        user_id, after = id_of_row[row.line], afters[row.line]
        changes = _changes(befores[row.line] if row.existing is not None else {}, after)
        if row.existing is None:
            report.created += 1
            events.append(
                (
                    "person_created",
                    "User",
                    user_id,
                    f"{row.name} toegevoegd via CSV-import",
                    changes,
                )
            )
        elif changes:
            report.updated += 1
            events.append(
                ("person_updated", "User", user_id, f"{row.name} gewijzigd via CSV-import", changes)
            )
        else:
            report.unchanged += 1
    for batch in batches(events):
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
    """The column changes of the people POP held, an executemany per batch of those whose same
    columns change, and the role changes of everyone (the new people's roles included)."""
    changed: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    added: dict[Role, list[int]] = {}
    removed = []
    for row in rows:
        before, after, user_id = befores[row.line], afters[row.line], id_of_row[row.line]
        if row.existing is not None:
            keys = tuple(key for key in COLUMNS if before[key] != after[key])
            if keys:
                changed.setdefault(keys, []).append(
                    {"person": user_id, **{f"new_{key}": after[key] for key in keys}}
                )
        old, new = set(before["roles"]), set(after["roles"])
        for role in sorted(new - old):
            added.setdefault(ROLES_BY_VALUE[role], []).append(user_id)
        removed += [(user_id, ROLES_BY_VALUE[role]) for role in sorted(old - new)]
    for batch in batches(removed):
        db.session.execute(
            delete(UserRole).where(tuple_(UserRole.user_id, UserRole.role).in_(batch))
        )
    table = User.__table__
    for keys, people in changed.items():
        change = (
            update(table)
            .where(table.c.id == bindparam("person"))
            .values({key: bindparam(f"new_{key}") for key in keys})
        )
        for batch in batches(people):
            db.session.execute(change, batch)
    add_roles(added)
