"""An e-mail address that moves to another person within one people CSV file: the file says
how things end up, so the import stores that; an address someone keeps stays theirs."""

from sqlalchemy import select

from pop.extensions import db
from pop.models import AuditEvent, User
from tests.hr.test_people_import import csv_file, email_of, number_of, run_import, user_count


def _row(number: str, name: str, email: str) -> str:
    return f"{number};{name};{email};Dienstverlening;;;"


def _emails(app, *user_ids: int) -> list[str]:
    with app.app_context():
        return [db.session.get(User, user_id).email for user_id in user_ids]


def test_an_address_moves_from_someone_to_a_new_row(app, org):
    employee, old = number_of(app, org.employee), email_of(app, org.employee)
    data = csv_file(
        _row(employee, "Sanne Medewerker", "sanne.nieuw@pop.example"),
        _row("N-100", "Nina Nieuw", old),
    )
    before = user_count(app)
    report = run_import(app, data, org.hr)
    assert report.problems == []
    assert (report.created, report.updated) == (1, 1)
    assert _emails(app, org.employee) == ["sanne.nieuw@pop.example"]
    with app.app_context():
        newcomer = db.session.scalar(select(User).where(User.employee_number == "N-100"))
        assert newcomer.email == old
        changes = db.session.scalar(
            select(AuditEvent.changes).where(
                AuditEvent.object_id == org.employee, AuditEvent.action == "person_updated"
            )
        )
        assert changes["email"] == [old, "sanne.nieuw@pop.example"]
    assert user_count(app) == before + 1


def test_two_people_swap_their_addresses(app, org):
    employee, manager = number_of(app, org.employee), number_of(app, org.manager)
    employee_email, manager_email = _emails(app, org.employee, org.manager)
    data = csv_file(
        _row(employee, "Sanne Medewerker", manager_email),
        _row(manager, "Marieke Manager", employee_email),
    )
    report = run_import(app, data, org.hr)
    assert report.problems == []
    assert report.updated == 2
    assert _emails(app, org.employee, org.manager) == [manager_email, employee_email]


def test_an_address_moves_to_someone_whose_own_moves_on(app, org):
    employee, manager = number_of(app, org.employee), number_of(app, org.manager)
    employee_email, manager_email = _emails(app, org.employee, org.manager)
    data = csv_file(
        # The manager takes the employee's address; the manager's goes to someone new.
        _row(manager, "Marieke Manager", employee_email),
        _row(employee, "Sanne Medewerker", "sanne.elders@pop.example"),
        _row("N-200", "Nico Nieuw", manager_email),
    )
    report = run_import(app, data, org.hr)
    assert report.problems == []
    assert (report.created, report.updated) == (1, 2)
    assert _emails(app, org.manager, org.employee) == [employee_email, "sanne.elders@pop.example"]
    with app.app_context():
        assert db.session.scalar(select(User.email).where(User.employee_number == "N-200")) == (
            manager_email
        )


def test_an_address_its_owner_keeps_is_refused_for_another_and_nothing_is_stored(app, org):
    employee, manager = number_of(app, org.employee), number_of(app, org.manager)
    employee_email, manager_email = _emails(app, org.employee, org.manager)
    data = csv_file(
        _row(employee, "Sanne Medewerker", "sanne.nieuw@pop.example"),
        # The manager's row keeps their address, so the new row may not have it.
        _row(manager, "Marieke Manager", manager_email),
        _row("N-300", "Noor Nieuw", manager_email.upper()),
        # The other employee is not in the file: their address stays theirs.
        _row("N-301", "Nout Nieuw", email_of(app, org.other_employee)),
    )
    before = user_count(app)
    report = run_import(app, data, org.hr)
    problems = {(problem.line, problem.message) for problem in report.problems}
    taken = "Dit e-mailadres is al in gebruik bij een andere persoon."
    assert (4, taken) in problems
    assert (5, taken) in problems
    assert user_count(app) == before
    assert _emails(app, org.employee, org.manager) == [employee_email, manager_email]
