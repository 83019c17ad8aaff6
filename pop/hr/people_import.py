"""Importing people from a CSV file: every row is checked first, then all are stored, or none.

The file has a header row with Dutch (or English) column names; rows are matched on the
employee number. `import_people` only adds to the session and flushes: the caller commits
when `report.problems` is empty and rolls back otherwise.
"""

import codecs
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from pop import audit
from pop.access import managed_people, visible_departments
from pop.extensions import db
from pop.hr import people
from pop.hr import person_rules as rules
from pop.models import Department, JobFunction, Role, User


@dataclass
class RowProblem:
    """One thing wrong with the file; `line` counts from 1 (the header row)."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            return _(
                "regel %(line)d, kolom %(column)s: %(message)s",
                line=self.line,
                column=self.column,
                message=self.message,
            )
        return _("regel %(line)d: %(message)s", line=self.line, message=self.message)


@dataclass
class ImportReport:
    """What an import did, or (when `problems` is not empty) why it stored nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# Canonical column → accepted headers (compared lower-cased, "_" as a space).
COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_number": ("personeelsnummer", "employee number", "personnel number"),
    "name": ("naam", "name"),
    "email": ("e-mail", "email", "e-mailadres", "emailadres", "e-mail address", "email address"),
    "department": ("afdeling", "department"),
    "manager": ("leidinggevende", "manager"),
    "function": ("functie", "function", "job function"),
    "roles": ("rollen", "roles", "rol", "role"),
}
REQUIRED_COLUMNS = ("employee_number", "name", "email", "department")

ROLE_NAMES: dict[str, Role] = {
    "medewerker": Role.EMPLOYEE,
    "employee": Role.EMPLOYEE,
    "leidinggevende": Role.MANAGER,
    "manager": Role.MANAGER,
    "hr": Role.HR,
    "hr-adviseur": Role.HR,
    "hr adviseur": Role.HR,
    "beheerder": Role.ADMIN,
    "admin": Role.ADMIN,
}

EXAMPLE_ROWS: list[list[str]] = [
    line.split(";")
    for line in (
        "personeelsnummer;naam;e-mail;afdeling;leidinggevende;functie;rollen",
        "2001;Marieke de Vries;marieke.devries@gemeente.nl;Dienstverlening;;;"
        "leidinggevende|medewerker",
        "2002;Sanne Jansen;sanne.jansen@gemeente.nl;Dienstverlening;2001;"
        "Accountmanager dienstverlening;medewerker",
        "2003;Hanna Bakker;hanna.bakker@gemeente.nl;Bedrijfsvoering;;;hr/medewerker",
    )
]


def example_csv() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(EXAMPLE_ROWS)
    return buffer.getvalue()


def _fold(text: str) -> str:
    """Case- and whitespace-insensitive key for names, titles and headers."""
    return " ".join(text.replace("\u00a0", " ").split()).lower()


_HEADER_KEYS = {
    _fold(alias.replace("_", " ")): key for key, aliases in COLUMNS.items() for alias in aliases
}


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
    existing: User | None = None
    person: User | None = None


@dataclass
class _Known:
    """What the database already holds, loaded once for the whole file."""

    by_id: dict[int, User]
    by_number: dict[str, User]
    by_email: dict[str, User]
    in_scope: set[int]
    departments: dict[str, list[Department]]
    functions: dict[str, list[JobFunction]]


def import_people(data: bytes, actor: User | None) -> ImportReport:
    """Check every row of the CSV `data`; when all are fine, create and update the people.

    `actor` None is the command line, which may do everything; an HR user is held to their
    scope and (unless an administrator) cannot grant the admin role.
    """
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
    known = _load_known(actor)
    rows = [
        _check_row(line, cells, len(header), columns, known, actor, report)
        for line, cells in records[1:]
    ]
    _check_duplicates(rows, columns, report)
    _check_managers(rows, columns, known, report)
    if report.problems:
        report.problems.sort(key=lambda problem: problem.line)
        return report
    _store(rows, columns, known, actor, report)
    return report


def _decode(data: bytes, report: ImportReport) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        report.problems.append(
            RowProblem(1, None, _("Het bestand is UTF-16. Sla het op als ‘CSV UTF-8’."))
        )
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        report.problems.append(_encoding_problem(data, error.start))
        return None
    if not text.strip():
        report.problems.append(RowProblem(1, None, _("Het bestand is leeg.")))
        return None
    return text


def _encoding_problem(data: bytes, position: int) -> RowProblem:
    """Where the first byte that is not UTF-8 sits: its line, column and cell."""
    line = data[:position].count(b"\n") + 1
    line_start = data.rfind(b"\n", 0, position) + 1
    line_end = data.find(b"\n", position)
    raw_line = data[line_start : len(data) if line_end == -1 else line_end]
    text = raw_line.decode("utf-8", errors="replace").rstrip("\r")
    # Everything before the first bad byte is valid UTF-8.
    prefix = data[line_start:position].decode("utf-8")
    header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
    delimiter = _sniff_delimiter(header)
    index = len(next(csv.reader([prefix], delimiter=delimiter), [""])) - 1
    cells = next(csv.reader([text], delimiter=delimiter), [])
    names = next(csv.reader([header], delimiter=delimiter), [])
    column = names[index].strip() if line > 1 and index < len(names) else None
    cell = cells[index] if index < len(cells) else text
    return RowProblem(
        line,
        column,
        _(
            "Dit is geen UTF-8-tekst: “%(text)s”. Sla het bestand op als ‘CSV UTF-8’ "
            "en probeer het opnieuw.",
            text=cell.strip()[:80],
        ),
    )


def _sniff_delimiter(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def _read_records(text: str, report: ImportReport) -> list[tuple[int, list[str]]]:
    """The non-empty records with the line each starts on."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    records: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
    except csv.Error as error:
        report.problems.append(
            RowProblem(
                reader.line_num,
                None,
                _("Deze regel is geen geldige CSV (%(error)s).", error=str(error)),
            )
        )
    return records


def _map_header(
    line: int, header: list[str], report: ImportReport
) -> dict[str, tuple[int, str]] | None:
    """Canonical column → (index, header as written); None (with a problem) when unusable."""
    columns: dict[str, tuple[int, str]] = {}
    problems_before = len(report.problems)
    for index, cell in enumerate(header):
        key = _HEADER_KEYS.get(_fold(cell.replace("_", " ")))
        if key is None:
            continue
        if key in columns:
            report.problems.append(
                RowProblem(line, cell.strip(), _("Deze kolom staat meer dan eens in de kopregel."))
            )
            continue
        columns[key] = (index, cell.strip())
    missing = [COLUMNS[key][0] for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        report.problems.append(
            RowProblem(
                line,
                None,
                _(
                    "Deze kolommen ontbreken in de kopregel: %(columns)s. Gevonden: %(found)s.",
                    columns=", ".join(missing),
                    found=", ".join(cell.strip() for cell in header if cell.strip()) or "—",
                ),
            )
        )
    return None if len(report.problems) > problems_before else columns


def _load_known(actor: User | None) -> _Known:
    everyone = db.session.scalars(select(User)).all()
    scope = select(User.id) if actor is None else managed_people(actor).with_only_columns(User.id)
    departments: dict[str, list[Department]] = {}
    department_query = select(Department) if actor is None else visible_departments(actor)
    for department in db.session.scalars(department_query):
        departments.setdefault(_fold(department.name), []).append(department)
    functions: dict[str, list[JobFunction]] = {}
    for function in db.session.scalars(select(JobFunction).where(JobFunction.title.is_not(None))):
        functions.setdefault(_fold(function.title), []).append(function)
    return _Known(
        by_id={user.id: user for user in everyone},
        by_number={user.employee_number: user for user in everyone if user.employee_number},
        by_email={people.normalise_email(user.email): user for user in everyone},
        in_scope=set(db.session.scalars(scope)),
        departments=departments,
        functions=functions,
    )


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


def _check_width(reader: _RowReader, width: int) -> None:
    if any(extra.strip() for extra in reader.cells[width:]):
        reader.problem(
            None,
            _(
                "Deze regel heeft meer cellen dan de kopregel. Staat er een puntkomma of komma "
                "in een naam? Zet die cel dan tussen aanhalingstekens."
            ),
        )


def _match_existing(row: _Row, known: _Known) -> User | None:
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
            "employee_number", _("U mag de persoon met dit personeelsnummer niet wijzigen.")
        )
        may_change = False
    elif refused := rules.account_problems(actor, person):
        reader.rule_problems(refused)
        may_change = False
    reader.rule_problems(rules.employee_number_problems(row.number, person, known.by_number.get))
    reader.rule_problems(rules.name_problems(row.name))
    reader.rule_problems(rules.email_problems(row.email, person, known.by_email.get))
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


def _check_duplicates(rows: list[_Row], columns: dict, report: ImportReport) -> None:
    first_by_number: dict[str, int] = {}
    first_by_email: dict[str, int] = {}
    for row in rows:
        if row.number:
            if row.number in first_by_number:
                report.problems.append(
                    RowProblem(
                        row.line,
                        columns["employee_number"][1],
                        _(
                            "Personeelsnummer %(number)s staat ook op regel %(line)d.",
                            number=row.number,
                            line=first_by_number[row.number],
                        ),
                    )
                )
            else:
                first_by_number[row.number] = row.line
        if row.email:
            if row.email in first_by_email:
                report.problems.append(
                    RowProblem(
                        row.line,
                        columns["email"][1],
                        _(
                            "E-mailadres %(email)s staat ook op regel %(line)d.",
                            email=row.email,
                            line=first_by_email[row.email],
                        ),
                    )
                )
            else:
                first_by_email[row.email] = row.line


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


def _store(
    rows: list[_Row], columns: dict, known: _Known, actor: User | None, report: ImportReport
) -> None:
    """Create and update the people of checked rows, with an audit event for each change."""
    before: dict[int, dict[str, Any]] = {}
    by_number: dict[str, User] = {}
    for row in rows:
        person = row.existing
        if person is None:
            person = User(name=row.name, email=row.email, active=True)
            db.session.add(person)
        else:
            before[row.line] = people.snapshot(person)
        person.name = row.name
        person.email = row.email
        person.employee_number = row.number
        person.department = row.department
        if "function" in columns:
            if row.function is None or person.function_id != row.function.id:
                person.function_level = None
            person.function = row.function
        if row.roles is not None:
            person.roles = row.roles
        elif row.existing is None:
            person.roles = {Role.EMPLOYEE}
        row.person = person
        by_number[row.number] = person
    if "manager" in columns:
        for row in rows:
            number = row.manager_number
            row.person.manager = (
                None if number is None else by_number.get(number) or known.by_number[number]
            )
    db.session.flush()
    for row in rows:
        person = row.person
        if row.line not in before:
            report.created += 1
            audit.record(
                actor,
                "person_created",
                person,
                summary=f"{person.name} toegevoegd via CSV-import",
                changes=audit.diff({}, people.snapshot(person)),
            )
            continue
        changes = audit.diff(before[row.line], people.snapshot(person))
        if changes:
            report.updated += 1
            audit.record(
                actor,
                "person_updated",
                person,
                summary=f"{person.name} gewijzigd via CSV-import",
                changes=changes,
            )
        else:
            report.unchanged += 1
