"""Importing people from a CSV file: every row is checked first, then all are stored, or none.

The file has a header row with Dutch (or English) column names; rows are matched on the
employee number. `import_people` only adds to the session and flushes: the caller commits
when `report.problems` is empty and rolls back otherwise.
"""

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask_babel import gettext as _

from pop.models import Department, JobFunction, Role, User
from pop.people import rules
from pop.people import services as people
from pop.people.csv_file import (
    ROLE_NAMES,
    ImportReport,
    RowProblem,
    _decode,
    _fold,
    _map_header,
    _read_records,
)
from pop.people.csv_known import KnownPerson, _Known, load_known
from pop.people.csv_rows import _check_duplicates, _check_managers, _Row
from pop.people.csv_store import store_rows


def import_people(data: bytes, actor: User | None) -> ImportReport:
    """Check every row of the CSV `data`; when all are fine, create and update the people.

    `actor` None is the command line, which may do everything; an HR user is held to their
    scope and (unless an administrator) cannot grant the admin role.
    """
    with _collector_paused():
        return _import_people(data, actor)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the import: the rows, snapshots and
    statement parameters of a file stay alive until it is stored, so every collection the
    allocations trigger walks them (and the whole process) again for nothing: a quarter of an
    import of 10,000 rows. Reference counting frees what it can meanwhile; the collector runs
    again afterwards. Left as it was when something else paused it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import_people(data: bytes, actor: User | None) -> ImportReport:
    report = ImportReport()
    text = _decode(data, report)
    if text is None:
        return report
    records = _read_records(text, report)
    if not records and not report.problems:
        report.problems.append(RowProblem(1, None, _("Het bestand is leeg.")))
    if report.problems:
        return report
    header_line, header = records[0]
    columns = _map_header(header_line, header, report)
    if columns is None:
        return report
    if len(records) == 1:
        report.problems.append(
            RowProblem(header_line, None, _("Het bestand heeft alleen een kopregel, geen mensen."))
        )
        return report
    known = load_known(actor)
    known.moving = _moving_away(records[1:], columns, known)
    rows = [
        _check_row(line, cells, len(header), columns, known, actor, report)
        for line, cells in records[1:]
    ]
    _check_duplicates(rows, columns, report)
    _check_managers(rows, columns, known, report)
    if report.problems:
        report.problems.sort(key=lambda problem: problem.line)
        return report
    store_rows(rows, columns, known, actor, report)
    return report


class _RowReader:
    """One record's cells by canonical column, and the report its problems go to."""

    # The column a rule's problem is about; the person as a whole is their employee number.
    RULE_COLUMNS = {"department_id": "department", None: "employee_number"}

    def __init__(self, line: int, cells: list[str], columns: dict, report: ImportReport):
        self.line, self.cells, self.columns, self.report = line, cells, columns, report

    def cell(self, key: str) -> str:
        if key not in self.columns or self.columns[key][0] >= len(self.cells):
            return ""
        return self.cells[self.columns[key][0]].replace("\u00a0", " ").strip()

    def problem(self, key: str | None, message: str) -> None:
        column = self.columns[key][1] if key else None
        self.report.problems.append(RowProblem(self.line, column, message))

    def rule_problems(self, problems: list[rules.Problem]) -> None:
        for found in problems:
            self.problem(self.RULE_COLUMNS.get(found.field, found.field), found.message)


def _check_row(
    line: int,
    cells: list[str],
    width: int,
    columns: dict[str, tuple[int, str]],
    known: _Known,
    actor: User | None,
    report: ImportReport,
) -> _Row:
    """The row with its references looked up; what is wrong goes into the report."""
    reader = _RowReader(line, cells, columns, report)
    _check_width(reader, width)
    row = _Row(
        line=line,
        number=reader.cell("employee_number"),
        name=reader.cell("name"),
        email=people.normalise_email(reader.cell("email")),
    )
    row.existing = _match_existing(row, known)
    may_change = _check_person(reader, row, known, actor)
    row.department = _lookup_department(reader, known)
    if "manager" in columns:
        row.manager_number = reader.cell("manager") or None
    row.function = _lookup_function(reader, known)
    if may_change:
        row.roles = _check_roles(reader, row, actor)
    return row


def _moving_away(records: list, columns: dict, known: _Known) -> set[int]:
    """The people the file gives another e-mail address than they have: the file says how
    things end up, so their present address may go to someone else in the same file."""
    moving = set()
    for line, cells in records:
        reader = _RowReader(line, cells, columns, ImportReport())
        email = people.normalise_email(reader.cell("email"))
        row = _Row(line=line, number=reader.cell("employee_number"), name="", email=email)
        existing = _match_existing(row, known)
        if existing is not None and people.normalise_email(existing.email) != email:
            moving.add(existing.id)
    return moving


def _check_width(reader: _RowReader, width: int) -> None:
    if any(extra.strip() for extra in reader.cells[width:]):
        reader.problem(
            None,
            _(
                "Deze regel heeft meer cellen dan de kopregel. Staat er een puntkomma of komma "
                "in een naam? Zet die cel dan tussen aanhalingstekens."
            ),
        )


def _match_existing(row: _Row, known: _Known) -> KnownPerson | None:
    """The person a row is about: by employee number, or by e-mail for someone without one."""
    if row.number and row.number in known.by_number:
        return known.by_number[row.number]
    owner = known.by_email.get(row.email) if row.email else None
    # Someone added by hand without a number gets it from the file.
    return owner if owner is not None and owner.employee_number is None else None


def _check_person(reader: _RowReader, row: _Row, known: _Known, actor: User | None) -> bool:
    """The person rules (shared with the form) on the row's number, name and e-mail; False
    when the actor may not change the person the row is about at all."""
    if not row.number:
        reader.problem("employee_number", _("Deze cel is leeg; vul hem in."))
    person = row.existing
    may_change = True
    if person is not None and person.id not in known.in_scope:
        reader.problem(
            "employee_number", _("Je mag de persoon met dit personeelsnummer niet wijzigen.")
        )
        may_change = False
    elif refused := rules.account_problems(actor, person):
        reader.rule_problems(refused)
        may_change = False
    reader.rule_problems(rules.employee_number_problems(row.number, person, known.by_number.get))
    reader.rule_problems(rules.name_problems(row.name))
    reader.rule_problems(rules.email_problems(row.email, person, known.email_owner))
    return may_change


def _lookup_department(reader: _RowReader, known: _Known) -> Department | None:
    name = reader.cell("department")
    if not name:
        reader.problem("department", _("Deze cel is leeg; vul hem in."))
        return None
    matches = known.departments.get(_fold(name), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        message = _("Er zijn meerdere afdelingen met de naam “%(name)s”.", name=name)
    else:
        message = _("Onbekende afdeling “%(name)s”.", name=name)
    reader.problem("department", message)
    return None


def _lookup_function(reader: _RowReader, known: _Known) -> JobFunction | None:
    title = reader.cell("function")
    if not title:
        return None
    matches = known.functions.get(_fold(title), [])
    if len(matches) == 1:
        return matches[0]
    if matches:
        message = _("Er zijn meerdere functies met de titel “%(title)s”.", title=title)
    else:
        message = _("Onbekende functie “%(title)s”.", title=title)
    reader.problem("function", message)
    return None


def _check_roles(reader: _RowReader, row: _Row, actor: User | None) -> set[Role] | None:
    """The roles the person gets (None: the file does not say, they stay as they are)."""
    if "roles" not in reader.columns:
        return None
    wanted = _parse_roles(reader.cell("roles"), reader.problem)
    if wanted is None:
        return None
    roles, problems = rules.resolve_roles(actor, row.existing, wanted)
    reader.rule_problems(problems)
    return roles


def _parse_roles(value: str, problem: Callable[[str, str], None]) -> set[Role] | None:
    """The roles named in a cell ("hr|medewerker"); None (with a problem) for an unknown one."""
    if not value:
        return {Role.EMPLOYEE}
    roles: set[Role] = set()
    for token in value.replace("/", "|").split("|"):
        name = _fold(token)
        if not name:
            continue
        role = ROLE_NAMES.get(name)
        if role is None:
            problem(
                "roles",
                _(
                    "Onbekende rol “%(role)s”. Kies uit: medewerker, leidinggevende, hr, "
                    "beheerder.",
                    role=token.strip(),
                ),
            )
            return None
        roles.add(role)
    return roles or {Role.EMPLOYEE}
