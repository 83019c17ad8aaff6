"""Who may grant what: only an administrator gives the HR and admin roles, sets HR scope and
organisation-wide HR, and changes an administrator's account — through the form, the edit
page, a CSV row and the service alike."""

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import AuditEvent, HrScope, Role, User
from pop.people import rules
from pop.people import services as people
from tests.hr.test_people_admin import (
    NEW,
    ORG_PEOPLE,
    edit_url,
    form_of,
    get_user,
    person_form,
    user_count,
)
from tests.hr.test_people_import import csv_file, person_by_number, run_import


@pytest.fixture
def scoped_hr(app, org, make_user):
    """An HR adviser who only looks after department A."""
    user_id = make_user(
        "Sacha Scoped",
        roles={Role.HR},
        department_id=org.department_a,
        hr_organisation_wide=False,
    )
    with app.app_context():
        db.session.add(HrScope(user_id=user_id, department_id=org.department_a))
        db.session.commit()
    return user_id


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEvent.id)))


# --- scoped HR grants nothing beyond employee and manager ------------------------------------


def test_scoped_hr_is_not_offered_the_hr_role_on_the_form(client, org, login, scoped_hr):
    login(scoped_hr)
    page = client.get(NEW).text
    assert 'value="employee"' in page
    assert 'value="manager"' in page
    assert 'value="hr"' not in page
    assert 'value="admin"' not in page
    assert 'name="hr_organisation_wide"' not in page


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_scoped_hr_cannot_grant_hr_through_the_create_form(
    app, client, org, login, scoped_hr, role
):
    login(scoped_hr)
    response = client.post(NEW, data=person_form(org.department_a, roles=["employee", role]))
    assert response.status_code == 200
    assert "Kies alleen rollen uit de lijst." in response.text
    assert user_count(app) == ORG_PEOPLE + 1  # the scoped HR adviser; nobody new


def test_scoped_hr_cannot_grant_hr_through_the_edit_page(app, client, org, login, scoped_hr):
    login(scoped_hr)
    data = form_of(app, org.employee, roles=["employee", "hr"], name="Sanne Anders")
    response = client.post(edit_url(org.employee), data=data)
    assert response.status_code == 200
    assert "Kies alleen rollen uit de lijst." in response.text
    employee = get_user(app, org.employee)
    assert employee.roles == {Role.EMPLOYEE}
    assert employee.name == "Sanne Medewerker"  # nothing half stored


def test_scoped_hr_cannot_make_itself_organisation_wide(app, client, org, login, scoped_hr):
    login(scoped_hr)
    # The HR role is not on the adviser's form: it stays as it is.
    data = form_of(app, scoped_hr, roles=[], hr_organisation_wide="y", hr_scope=[])
    assert client.post(edit_url(scoped_hr), data=data).status_code == 302
    with app.app_context():
        me = db.session.get(User, scoped_hr)
        assert not me.hr_organisation_wide
        assert [link.department_id for link in me.hr_scope_links] == [org.department_a]


def test_scoped_hr_cannot_grant_hr_through_a_csv_row(app, org, scoped_hr):
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;medewerker",
        "3002;Bert Baas;bert@pop.example;Dienstverlening;;;hr|medewerker",
    )
    before = audit_count(app)
    report = run_import(app, data, scoped_hr)
    [problem] = report.problems
    assert (problem.line, problem.column) == (3, "rollen")
    assert problem.message == "Alleen een beheerder kan de rol HR-adviseur toekennen."
    assert person_by_number(app, "3001") is None  # the whole file is refused
    assert person_by_number(app, "3002") is None
    assert audit_count(app) == before


def test_scoped_hr_cannot_grant_hr_through_the_service(app, org, scoped_hr):
    with app.app_context():
        actor = db.session.get(User, scoped_hr)
        details = people.PersonDetails(
            name="Nina", email="nina@pop.example", department_id=org.department_a, roles={Role.HR}
        )
        with pytest.raises(people.PersonRuleError) as refused:
            people.create_person(actor, details)
        assert refused.value.field == "roles"
        employee = db.session.get(User, org.employee)
        details = people.PersonDetails(
            name=employee.name,
            email=employee.email,
            department_id=employee.department_id,
            roles={Role.EMPLOYEE, Role.HR},
        )
        with pytest.raises(people.PersonRuleError):
            people.update_person(actor, employee, details)
        assert db.session.scalar(select(func.count(User.id)).where(User.name == "Nina")) == 0


def test_scoped_hr_cannot_put_someone_outside_its_scope_through_the_service(app, org, scoped_hr):
    with app.app_context():
        actor = db.session.get(User, scoped_hr)
        details = people.PersonDetails(
            name="Nina", email="nina@pop.example", department_id=org.department_b
        )
        with pytest.raises(people.PersonRuleError) as refused:
            people.create_person(actor, details)
        assert refused.value.field == "department_id"


def test_hr_keeps_a_colleagues_hr_role_it_may_not_remove(app, client, org, login, make_user):
    colleague = make_user("Henk HR", roles={Role.HR}, department_id=org.department_a)
    login(org.hr)
    page = client.get(edit_url(colleague)).text
    assert "ze blijven zoals ze zijn: HR-adviseur." in page
    response = client.post(edit_url(colleague), data=form_of(app, colleague, roles=["manager"]))
    assert response.status_code == 302
    assert get_user(app, colleague).roles == {Role.HR, Role.MANAGER}


# --- HR does not change an administrator --------------------------------------------------


@pytest.mark.parametrize("hr", ["hr", "scoped"])
def test_hr_cannot_change_an_admin(app, client, org, login, scoped_hr, hr):
    actor = org.hr if hr == "hr" else scoped_hr
    with app.app_context():  # an administrator inside the scoped adviser's department
        db.session.get(User, org.admin).department_id = org.department_a
        db.session.commit()
    login(actor)
    assert client.get(edit_url(org.admin)).status_code == 403
    data = form_of(app, org.admin, email="overgenomen@pop.example", name="Overgenomen")
    assert client.post(edit_url(org.admin), data=data).status_code == 403
    assert client.post(edit_url(org.admin) + "/deactiveren").status_code == 403
    admin = get_user(app, org.admin)
    assert (admin.name, admin.active) == ("Bram Beheer", True)
    assert admin.email != "overgenomen@pop.example"
    page = client.get("/hr/medewerkers").text
    assert "Bram Beheer" in page
    assert f'href="{edit_url(org.admin)}"' not in page


def test_hr_cannot_change_an_admin_through_the_service(app, org):
    with app.app_context():
        actor = db.session.get(User, org.hr)
        admin = db.session.get(User, org.admin)
        details = people.PersonDetails(
            name=admin.name,
            email="overgenomen@pop.example",
            department_id=admin.department_id,
            roles=set(admin.roles),
        )
        with pytest.raises(people.PersonRuleError, match="beheerder"):
            people.update_person(actor, admin, details)
        with pytest.raises(people.PersonRuleError, match="beheerder"):
            people.deactivate_person(actor, admin)
        assert admin.active
        assert admin.email != "overgenomen@pop.example"


def test_hr_cannot_change_an_admin_through_a_csv_row(app, org):
    with app.app_context():
        admin = db.session.get(User, org.admin)
        number, email = admin.employee_number, admin.email
    data = csv_file(f"{number};Overgenomen;{email};Gemeente;;;beheerder")
    [problem] = run_import(app, data, org.hr).problems
    assert (problem.line, problem.column) == (2, "personeelsnummer")
    assert "beheerder" in problem.message
    assert person_by_number(app, number).name == "Bram Beheer"
    assert run_import(app, data, org.admin).problems == []
    assert person_by_number(app, number).name == "Overgenomen"


def test_admin_can_change_an_admin(app, client, org, login, make_user):
    other_admin = make_user("Ada Admin", roles={Role.ADMIN}, department_id=org.department_a)
    login(org.admin)
    data = form_of(app, other_admin, email="ada.nieuw@pop.example", name="Ada Nieuw")
    assert client.post(edit_url(other_admin), data=data).status_code == 302
    assert client.post(edit_url(other_admin) + "/deactiveren").status_code == 302
    admin = get_user(app, other_admin)
    assert (admin.name, admin.email, admin.active) == (
        "Ada Nieuw",
        "ada.nieuw@pop.example",
        False,
    )


# --- an administrator grants -------------------------------------------------------------


def test_admin_grants_hr_and_organisation_wide_hr(app, client, org, login):
    login(org.admin)
    page = client.get(NEW).text
    assert 'value="hr"' in page
    assert 'name="hr_organisation_wide"' in page
    data = person_form(org.department_a, roles=["employee", "hr"], hr_organisation_wide="y")
    assert client.post(NEW, data=data).status_code == 302
    person = person_by_number(app, "N0001")
    assert person.roles == {Role.EMPLOYEE, Role.HR}
    assert person.hr_organisation_wide


def test_admin_takes_organisation_wide_hr_away(app, client, org, login):
    login(org.admin)
    assert get_user(app, org.hr).hr_organisation_wide
    assert client.post(edit_url(org.hr), data=form_of(app, org.hr)).status_code == 302
    assert not get_user(app, org.hr).hr_organisation_wide
    with app.app_context():
        [event] = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "person_updated", AuditEvent.object_id == org.hr
            )
        )
        assert event.changes["hr_organisation_wide"] == [True, False]


def test_admin_grants_hr_through_a_csv_row(app, org):
    data = csv_file("3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;hr")
    assert run_import(app, data, org.admin).problems == []
    assert person_by_number(app, "3001").roles == {Role.HR}


# --- one rule set, collecting every problem ----------------------------------------------


def test_the_rules_collect_every_problem_of_a_person(app, org, scoped_hr):
    with app.test_request_context():
        actor = db.session.get(User, scoped_hr)
        taken = db.session.get(User, org.employee).email
        details = people.PersonDetails(
            name="x" * (rules.NAME_MAX + 1),
            email=taken.upper(),
            department_id=org.department_b,
            roles={Role.ADMIN},
            hr_organisation_wide=True,
        )
        roles, problems = people.details_problems(actor, None, details)
        assert [problem.field for problem in problems] == [
            "name",
            "email",
            "department_id",
            "roles",
            "hr_scope",
        ]
        assert roles == set()
