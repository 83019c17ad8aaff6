"""A full export of the HR system: import every row, deactivate who is missing, record the run.

`--deactivate-missing` reads the file as the whole organisation. People in POP with an employee
number that the file does not have are deactivated (never deleted: their goals, conversations
and reports stay) and named in the report. People without an employee number were added by
hand, not by the HR system, and administrators are never switched off by a file: both are left
alone. All of it happens in one transaction, or nothing does.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from pop.extensions import db
from pop.models import PeopleImportRun, User
from pop.people import csv_file, csv_import
from pop.people import services as people


@dataclass
class FullImport:
    report: csv_file.ImportReport
    deactivated: list[User] = field(default_factory=list)
    run: PeopleImportRun | None = None


def employee_numbers_in(data: bytes) -> set[str]:
    """The employee numbers of a file that `import_people` accepted."""
    report = csv_file.ImportReport()
    records = csv_file._read_records(csv_file._decode(data, report), report)
    columns = csv_file._map_header(records[0][0], records[0][1], report)
    index = columns["employee_number"][0]
    return {
        cells[index].replace("\u00a0", " ").strip()
        for _line, cells in records[1:]
        if index < len(cells) and cells[index].strip()
    }


def missing_people(numbers: set[str]) -> list[User]:
    """Active people from the HR system (they have a number) whom the file no longer has."""
    candidates = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.employee_number.is_not(None))
        .order_by(User.employee_number)
    )
    return [
        person
        for person in candidates
        if person.employee_number not in numbers and not person.is_admin
    ]


def import_full_export(
    data: bytes, *, filename: str, deactivate_missing: bool, actor: User | None = None
) -> FullImport:
    """Import the file; commits the import and its run, or rolls back and records the failure."""
    result = FullImport(report=csv_import.import_people(data, actor))
    if result.report.ok and deactivate_missing:
        for person in missing_people(employee_numbers_in(data)):
            people.deactivate_person(actor, person)
            result.deactivated.append(person)
    if not result.report.ok:
        db.session.rollback()
    result.run = PeopleImportRun(
        actor_id=actor.id if actor is not None else None,
        filename=filename[:255],
        deactivate_missing=deactivate_missing,
        succeeded=result.report.ok,
        created=result.report.created,
        updated=result.report.updated,
        unchanged=result.report.unchanged,
        deactivated=len(result.deactivated),
        report={
            "problems": [str(problem) for problem in result.report.problems],
            "deactivated": [
                {"id": p.id, "name": p.name, "employee_number": p.employee_number}
                for p in result.deactivated
            ],
        },
    )
    db.session.add(result.run)
    db.session.commit()
    return result
