"""The rows of a people CSV file together: each person and manager once, managers that exist,
and no circle of managers. `csv_import` checks each row on its own."""

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from pop.models import Department, JobFunction, Role
from pop.people.csv_file import (
    ImportReport,
    RowProblem,
)
from pop.people.csv_known import KnownPerson, _Known


@dataclass
class _Row:
    line: int
    number: str
    name: str
    email: str
    department: Department | None = None
    manager_number: str | None = None
    function: JobFunction | None = None
    roles: set[Role] | None = None
    existing: KnownPerson | None = None


def _check_duplicates(rows: list[_Row], columns: dict, report: ImportReport) -> None:
    """Each employee number and each e-mail address on one row of the file only."""
    checks = (
        (
            "employee_number",
            lambda row: row.number,
            lambda value, line: _(
                "Personeelsnummer %(number)s staat ook op regel %(line)d.", number=value, line=line
            ),
        ),
        (
            "email",
            lambda row: row.email,
            lambda value, line: _(
                "E-mailadres %(email)s staat ook op regel %(line)d.", email=value, line=line
            ),
        ),
    )
    for column, value_of, message in checks:
        first_line: dict[str, int] = {}
        for row in rows:
            value = value_of(row)
            if not value:
                continue
            if value in first_line:
                text = message(value, first_line[value])
                report.problems.append(RowProblem(row.line, columns[column][1], text))
            else:
                first_line[value] = row.line


def _check_managers(rows: list[_Row], columns: dict, known: _Known, report: ImportReport) -> None:
    """Every manager number must exist (in the file or the database); no circles."""
    if "manager" not in columns:
        return
    column = columns["manager"][1]
    in_file = {row.number: row for row in rows if row.number}
    matched_ids = {row.existing.id: row.number for row in rows if row.existing is not None}
    resolvable: list[_Row] = []
    for row in rows:
        number = row.manager_number
        if number is None:
            continue
        if number == row.number:
            report.problems.append(
                RowProblem(
                    row.line, column, _("Iemand kan niet zijn of haar eigen leidinggevende zijn.")
                )
            )
        elif number in in_file:
            resolvable.append(row)
        else:
            manager = known.by_number.get(number)
            if manager is None or manager.id not in known.in_scope:
                report.problems.append(
                    RowProblem(
                        row.line,
                        column,
                        _(
                            "Onbekende leidinggevende: personeelsnummer %(number)s staat niet in "
                            "het bestand en niet in POP.",
                            number=number,
                        ),
                    )
                )
            elif not manager.active:
                report.problems.append(
                    RowProblem(
                        row.line,
                        column,
                        _(
                            "Leidinggevende %(name)s (%(number)s) is gedeactiveerd.",
                            name=manager.name,
                            number=number,
                        ),
                    )
                )
            else:
                resolvable.append(row)

    # The organisation after the import, as a graph: a file row is ("file", number),
    # anyone else ("db", id); each points at their manager.
    def node_of_user(user_id: int | None) -> tuple[str, Any] | None:
        if user_id is None:
            return None
        return ("file", matched_ids[user_id]) if user_id in matched_ids else ("db", user_id)

    by_id = known.by_id

    def manager_of(node: tuple[str, Any]) -> tuple[str, Any] | None:
        kind, key = node
        if kind == "db":
            return node_of_user(by_id[key].manager_id) if key in by_id else None
        row = in_file[key]
        if row.manager_number is None:
            return None
        if row.manager_number in in_file:
            return ("file", row.manager_number)
        manager = known.by_number.get(row.manager_number)
        return node_of_user(manager.id) if manager is not None else None

    def label(node: tuple[str, Any]) -> str:
        kind, key = node
        if kind == "file":
            return f"{key} ({in_file[key].name})"
        user = by_id[key]
        return f"{user.employee_number or user.email} ({user.name})"

    for row in resolvable:
        if not row.number:
            continue
        start = ("file", row.number)
        chain, seen, node = [start], {start}, manager_of(start)
        while node is not None and node not in seen:
            chain.append(node)
            seen.add(node)
            node = manager_of(node)
        if node == start:
            report.problems.append(
                RowProblem(
                    row.line,
                    column,
                    _(
                        "Deze leidinggevende maakt een kring: %(chain)s. "
                        "(→ betekent: heeft als leidinggevende.)",
                        chain=" → ".join(label(step) for step in [*chain, start]),
                    ),
                )
            )
