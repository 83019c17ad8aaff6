"""A name or e-mail address with a line break or other control character is refused everywhere
people are written: the person form, the CSV import, SCIM and the first single sign-on log-in.

One rule (`pop.people.rules.name_problems`, and `is_valid_email` for addresses) serves all
four; a name such as "Jan\\r\\nBcc: iedereen@..." would otherwise break every mail header.
"""

import io

import pytest
from sqlalchemy import func, select

from pop.auth.sso import ClaimNames, LoginRefused, person_for_login
from pop.extensions import db
from pop.models import Role, User
from tests.hr.test_people_import import UPLOAD, csv_file, run_import, user_count
from tests.html import page, text

BAD_NAMES = [
    "Jan\r\nBcc: iedereen@pop.example",
    "Jan\nJansen",
    "Jan\tJansen",
    "Jan\x00Jansen",
    "Jan\x1b[2JJansen",
    "Jan\x85Jansen",  # NEXT LINE, a C1 control
    "Jan\u2028Jansen",  # LINE SEPARATOR
]
BAD_EMAILS = ["jan\x00@pop.example", "jan\x1b@pop.example", "jan@pop.example\x7f"]
REFUSED_NL = "Een naam past op één regel: zonder regeleinde, tab of ander stuurteken."


def people_named(app, fragment: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)).where(User.name.contains(fragment)))


def _person_form(org, email: str = "jan.jansen@pop.example", name: str = "Jan Jansen") -> dict:
    return {
        "name": name,
        "email": email,
        "employee_number": "7001",
        "department_id": org.department_a,
        "roles": "employee",
    }


@pytest.mark.parametrize("name", BAD_NAMES)
def test_the_person_form_refuses_a_name_with_control_characters(app, client, org, login, name):
    login(org.hr)
    before = user_count(app)

    response = client.post("/hr/medewerkers/nieuw", data=_person_form(org, name=name))

    assert response.status_code == 200
    assert REFUSED_NL in text(page(response))
    assert user_count(app) == before


@pytest.mark.parametrize("email", BAD_EMAILS)
def test_the_person_form_refuses_an_address_with_control_characters(app, client, org, login, email):
    login(org.hr)
    before = user_count(app)

    response = client.post("/hr/medewerkers/nieuw", data=_person_form(org, email=email))

    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in" in text(page(response))
    assert user_count(app) == before


def test_editing_a_name_to_hold_a_line_break_changes_nothing(app, client, org, login):
    login(org.hr)
    with app.app_context():
        person = db.session.get(User, org.employee)
        form = _person_form(org, email=person.email, name="Sanne\r\nMedewerker")
        form["employee_number"] = person.employee_number

    response = client.post(f"/hr/medewerkers/{org.employee}", data=form)

    assert response.status_code == 200
    assert REFUSED_NL in text(page(response))
    with app.app_context():
        assert db.session.get(User, org.employee).name == "Sanne Medewerker"


def test_the_form_speaks_english_to_an_english_reader(app, client, org, login):
    login(org.hr)
    client.post("/language", data={"language": "en"})

    response = client.post("/hr/medewerkers/nieuw", data=_person_form(org, name="Jan\nJansen"))

    assert "A name fits on one line: no line break, tab or other control character." in text(
        page(response)
    )


@pytest.mark.parametrize("name", BAD_NAMES[:3])
def test_the_csv_import_refuses_a_name_with_control_characters(app, org, name):
    quoted = '"' + name.replace('"', '""') + '"'
    data = csv_file(f"7001;{quoted};jan.jansen@pop.example;Dienstverlening;;;medewerker")
    before = user_count(app)

    with app.test_request_context():
        report = run_import(app, data, org.hr)

    assert [(problem.line, problem.message) for problem in report.problems] == [(2, REFUSED_NL)]
    assert user_count(app) == before


def test_the_csv_upload_page_names_the_refused_line(app, client, org, login):
    login(org.hr)
    data = csv_file('7001;"Jan\r\nJansen";jan.jansen@pop.example;Dienstverlening;;;medewerker')

    response = client.post(UPLOAD, data={"file": (io.BytesIO(data), "mensen.csv")})

    assert response.status_code == 200
    assert REFUSED_NL in text(page(response))
    assert people_named(app, "Jansen") == 0


@pytest.mark.parametrize("name", BAD_NAMES[:2])
def test_the_first_single_sign_on_log_in_refuses_a_name_with_control_characters(app, org, name):
    claims = {"sub": "abc-123", "email": "jan.jansen@pop.example", "name": name}
    before = user_count(app)

    with app.test_request_context(), pytest.raises(LoginRefused) as refused:
        person_for_login(
            "https://login.example",
            claims,
            names=ClaimNames(),
            link_by="email",
            create_people=True,
            organisation="Gemeente",
        )

    assert refused.value.message == REFUSED_NL
    assert user_count(app) == before


@pytest.mark.parametrize("role", ["superuser", "0x10", "\t\x0b\x0c"])
def test_a_role_that_does_not_exist_is_a_form_error_not_a_500(app, client, org, login, role):
    # Found by tests/web/test_fuzz.py: the roles rule read the value before the list had.
    login(org.hr)
    before = user_count(app)

    created = client.post("/hr/medewerkers/nieuw", data={**_person_form(org), "roles": role})
    with app.app_context():
        person = db.session.get(User, org.employee)
        form = _person_form(org, email=person.email, name=person.name)
        form["employee_number"] = person.employee_number
    edited = client.post(f"/hr/medewerkers/{org.employee}", data={**form, "roles": role})

    for response in (created, edited):
        assert response.status_code == 200
        assert "Kies alleen rollen uit de lijst." in text(page(response))
    assert user_count(app) == before
    with app.app_context():
        assert db.session.get(User, org.employee).roles == {Role.EMPLOYEE}
