"""Inserting the people a CSV file adds to POP, in sets: down the manager lines in waves, so
that everyone is inserted with their manager's id and needs no UPDATE after, and the roles of
many people in one INSERT … SELECT per role."""

from typing import Any

from sqlalchemy import bindparam, insert, literal, select, update

from pop.extensions import db
from pop.models import Role, User, UserRole
from pop.people.csv_rows import _Row

BATCH = 500
# Waves inserted with their manager's id; someone further down a chain of new people than
# this gets theirs by one UPDATE per batch once everyone is in.
WAVES = 8
COLUMNS = (
    "name",
    "email",
    "employee_number",
    "department_id",
    "manager_id",
    "function_id",
    "function_level_id",
)


def batches(items: list) -> list[list]:
    return [items[start : start + BATCH] for start in range(0, len(items), BATCH)]


def _depths(new_rows: list[_Row]) -> dict[str, int]:
    """Per new person's number, how many new people are above them on their manager line (the
    file has no circles: `csv_rows._check_managers` refused them)."""
    by_number = {row.number: row for row in new_rows}
    depth: dict[str, int] = {}
    for row in new_rows:
        chain: list[_Row] = []
        node: _Row | None = row
        while node is not None and node.number not in depth:
            if len(chain) > len(by_number):
                raise ValueError("a circle of managers among the new people")
            chain.append(node)
            node = by_number.get(node.manager_number)
        level = -1 if node is None else depth[node.number]
        for item in reversed(chain):
            level += 1
            depth[item.number] = level
    return depth


def insert_new(rows: list[_Row], afters: dict[int, dict[str, Any]]) -> dict[str, int]:
    """Insert the people new to POP with their columns as `afters` gives them; their ids by
    employee number. Fills in the manager id of every row whose manager is new."""
    new_rows = [row for row in rows if row.existing is None]
    depths = _depths(new_rows)
    waves: list[list[_Row]] = [[] for _ in range(WAVES)]
    for row in new_rows:
        waves[min(depths[row.number], WAVES - 1)].append(row)
    ids: dict[str, int] = {}
    later: list[_Row] = []
    table = User.__table__
    for wave in waves:
        for row in wave:
            if row.manager_number in depths:
                if row.manager_number in ids:
                    afters[row.line]["manager_id"] = ids[row.manager_number]
                else:
                    later.append(row)
        for batch in batches(wave):
            # An executemany and a SELECT of the ids, not INSERT … RETURNING: PostgreSQL's
            # driver parses a multi-row VALUES of thousands of parameters at twice the cost.
            db.session.execute(
                insert(table),
                [
                    {key: afters[row.line][key] for key in COLUMNS} | {"active": True}
                    for row in batch
                ],
            )
            numbers = [row.number for row in batch]
            ids.update(
                (number, user_id)
                for user_id, number in db.session.execute(
                    select(table.c.id, table.c.employee_number).where(
                        table.c.employee_number.in_(numbers)
                    )
                )
            )
    for row in rows:
        if row.manager_number in ids:
            afters[row.line]["manager_id"] = ids[row.manager_number]
    _link_managers(later, ids, afters)
    return ids


def _link_managers(rows: list[_Row], ids: dict[str, int], afters: dict) -> None:
    """The manager line of new people inserted before their (new) manager: an executemany of
    two columns per batch."""
    table = User.__table__
    link = (
        update(table)
        .where(table.c.id == bindparam("person"))
        .values(manager_id=bindparam("new_manager_id"))
    )
    for batch in batches(rows):
        db.session.execute(
            link,
            [
                {"person": ids[row.number], "new_manager_id": afters[row.line]["manager_id"]}
                for row in batch
            ],
        )


def add_roles(holders: dict[Role, list[int]]) -> None:
    """Give each role to the people listed for it: an INSERT … SELECT per role and batch."""
    table = UserRole.__table__
    for role, user_ids in holders.items():
        for batch in batches(user_ids):
            db.session.execute(
                insert(table).from_select(
                    ["user_id", "role"],
                    select(User.id, literal(role, table.c.role.type)).where(User.id.in_(batch)),
                )
            )
