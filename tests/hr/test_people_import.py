"""The CSV import of people: the service, the upload page and the `import-people` command."""

import io

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import AuditEvent, Department, FunctionLevel, HrScope, JobFunction, Role, User
from pop.people.csv_file import ImportReport, RowProblem
from pop.people.csv_import import import_people

HEADER = "personeelsnummer;naam;e-mail;afdeling;leidinggevende;functie;rollen"
UPLOAD = "/hr/medewerkers/importeren"


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return "\r\n".join([header, *lines]).encode("utf-8")


def run_import(app, data: bytes, actor_id: int | None = None) -> ImportReport:
    """Import and commit whatever the service left in the session, problems or not.

    Committing even after problems proves the service adds nothing until every row is fine.
    """
    with app.app_context():
        actor = db.session.get(User, actor_id) if actor_id is not None else None
        report = import_people(data, actor)
        db.session.commit()
        return report


def person_by_number(app, number: str) -> User | None:
    with app.app_context():
        person = db.session.scalar(select(User).where(User.employee_number == number))
        if person is not None:
            person.roles  # noqa: B018  (load the roles before leaving the session)
            db.session.expunge(person)
        return person


def number_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).employee_number


def email_of(app, user_id: int) -> str:
    with app.app_context():
        return db.session.get(User, user_id).email


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEvent.id)))


def only_problem(report: ImportReport) -> RowProblem:
    assert len(report.problems) == 1, [str(problem) for problem in report.problems]
    return report.problems[0]


@pytest.fixture
def adviser_function(app):
    with app.app_context():
        function = JobFunction(
            title="Beleidsadviseur",
            source_filename="beleidsadviseur.txt",
            content_hash="a",
            levels=[FunctionLevel(position=1, scale="10")],
        )
        db.session.add(function)
        db.session.commit()
        return function.id


# --- a good file ---------------------------------------------------------------------------


def test_import_creates_new_and_updates_existing_people(app, org, adviser_function):
    sanne = number_of(app, org.employee)
    marieke = number_of(app, org.manager)
    data = csv_file(
        # The manager of the first row comes later in the file.
        "3001;Anna Nieuw;Anna.Nieuw@POP.example;Dienstverlening;3002;beleidsadviseur;medewerker",
        f"3002;Bert Baas;bert@pop.example;dienstverlening;{marieke};;leidinggevende|medewerker",
        f"{sanne};Sanne Bijgewerkt;{email_of(app, org.employee)};Sociaal Domein;3002;;"
        "employee/manager",
    )
    before = user_count(app)

    report = run_import(app, data, org.hr)

    assert report.problems == []
    assert (report.created, report.updated) == (2, 1)
    assert user_count(app) == before + 2
    anna = person_by_number(app, "3001")
    bert = person_by_number(app, "3002")
    assert anna.name == "Anna Nieuw"
    assert anna.email == "anna.nieuw@pop.example"
    assert anna.department_id == org.department_a
    assert anna.manager_id == bert.id
    assert anna.function_id == adviser_function
    assert anna.roles == {Role.EMPLOYEE}
    assert anna.password_hash is None
    assert anna.active
    assert bert.manager_id == org.manager
    assert bert.roles == {Role.MANAGER, Role.EMPLOYEE}
    updated = person_by_number(app, sanne)
    assert updated.id == org.employee
    assert updated.name == "Sanne Bijgewerkt"
    assert updated.department_id == org.department_b
    assert updated.manager_id == bert.id
    assert updated.roles == {Role.EMPLOYEE, Role.MANAGER}


def test_import_accepts_english_headers_commas_quotes_and_a_bom(app, org):
    data = b"\xef\xbb\xbf" + csv_file(
        '4001,"Vries, Jan de",jan@pop.example,Dienstverlening,,,',
        "4002,Kim Klein,kim@pop.example,Dienstverlening,4001,,Employee",
        header="Employee number,Name,Email,Department,Manager,Function,Roles",
    )
    report = run_import(app, data, org.hr)
    assert report.problems == []
    assert report.created == 2
    assert person_by_number(app, "4001").name == "Vries, Jan de"
    assert person_by_number(app, "4002").manager_id == person_by_number(app, "4001").id


def test_import_writes_an_audit_event_per_changed_person(app, org):
    sanne = number_of(app, org.employee)
    unchanged = number_of(app, org.colleague)
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;",
        f"{sanne};Sanne Anders;{email_of(app, org.employee)};Dienstverlening;"
        f"{number_of(app, org.manager)};;medewerker",
        f"{unchanged};Pieter Collega;{email_of(app, org.colleague)};Dienstverlening;"
        f"{number_of(app, org.manager)};;medewerker",
    )
    report = run_import(app, data, org.hr)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [(event.action, event.actor_id) for event in events] == [
            ("person_created", org.hr),
            ("person_updated", org.hr),
        ]
        assert events[1].object_id == org.employee
        assert events[1].changes == {"name": ["Sanne Medewerker", "Sanne Anders"]}


def test_import_without_optional_columns_keeps_roles_and_manager(app, org):
    data = csv_file(
        f"{number_of(app, org.hr)};Hanna HR;{email_of(app, org.hr)};Dienstverlening",
        header="personeelsnummer;naam;e-mail;afdeling",
    )
    report = run_import(app, data)
    assert report.problems == []
    hanna = person_by_number(app, number_of(app, org.hr))
    assert hanna.roles == {Role.HR, Role.EMPLOYEE}
    assert hanna.department_id == org.department_a


def test_import_gives_a_number_to_a_person_who_had_none(app, org):
    with app.app_context():
        db.session.get(User, org.colleague).employee_number = None
        db.session.commit()
    data = csv_file(f"5005;Pieter Collega;{email_of(app, org.colleague)};Dienstverlening;;;")
    report = run_import(app, data, org.hr)
    assert (report.created, report.updated) == (0, 1)
    assert person_by_number(app, "5005").id == org.colleague


def test_import_changing_function_clears_the_level(app, org, adviser_function):
    with app.app_context():
        other = JobFunction(title="Jurist", source_filename="jurist.txt", content_hash="j")
        db.session.add(other)
        person = db.session.get(User, org.employee)
        person.function_id = adviser_function
        person.function_level_id = db.session.scalar(select(FunctionLevel.id))
        db.session.commit()
    data = csv_file(
        f"{number_of(app, org.employee)};Sanne Medewerker;{email_of(app, org.employee)};"
        "Dienstverlening;;Jurist;medewerker"
    )
    assert run_import(app, data, org.hr).problems == []
    sanne = person_by_number(app, number_of(app, org.employee))
    assert sanne.function_level_id is None


# --- problems: each names line and column, and nothing is stored --------------------------------


def test_import_with_duplicate_email_stores_nothing(app, org):
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;",
        "3002;Anna Twee;ANNA@pop.example;Dienstverlening;;;",
    )
    before = user_count(app)
    report = run_import(app, data, org.hr)
    problem = only_problem(report)
    assert (problem.line, problem.column) == (3, "e-mail")
    assert "staat ook op regel 2" in problem.message
    assert user_count(app) == before
    assert audit_count(app) == 0


def test_import_with_email_of_another_person_in_the_database_stores_nothing(app, org):
    taken = email_of(app, org.employee).upper()
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;",
        f"3002;Anna Twee;{taken};Dienstverlening;;;",
    )
    before = user_count(app)
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (3, "e-mail")
    assert problem.message == "Dit e-mailadres is al in gebruik bij een andere persoon."
    assert user_count(app) == before


def test_import_with_unknown_manager_stores_nothing(app, org):
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;",
        "3002;Bert Baas;bert@pop.example;Dienstverlening;9999;;",
    )
    before = user_count(app)
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (3, "leidinggevende")
    assert "9999" in problem.message
    assert user_count(app) == before


def test_import_with_manager_cycle_stores_nothing(app, org):
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;3002;;",
        "3002;Bert Baas;bert@pop.example;Dienstverlening;3001;;",
        "3003;Cor Collega;cor@pop.example;Dienstverlening;3001;;",
    )
    before = user_count(app)
    report = run_import(app, data, org.hr)
    assert [(problem.line, problem.column) for problem in report.problems] == [
        (2, "leidinggevende"),
        (3, "leidinggevende"),
    ]
    assert "3001 (Anna Nieuw) → 3002 (Bert Baas) → 3001 (Anna Nieuw)" in report.problems[0].message
    assert user_count(app) == before


def test_import_with_manager_cycle_through_existing_data_stores_nothing(app, org):
    # In the database Sanne reports to Marieke; the file makes Marieke report to Sanne.
    marieke, sanne = number_of(app, org.manager), number_of(app, org.employee)
    data = csv_file(
        f"{marieke};Marieke Manager;{email_of(app, org.manager)};Dienstverlening;{sanne};;"
        "leidinggevende"
    )
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (2, "leidinggevende")
    assert "kring" in problem.message
    with app.app_context():
        assert db.session.get(User, org.manager).manager_id is None


def test_import_of_person_as_own_manager_stores_nothing(app, org):
    data = csv_file("3001;Anna Nieuw;anna@pop.example;Dienstverlening;3001;;")
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (2, "leidinggevende")


def test_import_of_latin1_file_stores_nothing(app, org):
    data = "\r\n".join(
        [
            HEADER,
            "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;",
            "3002;José Álvarez;jose@pop.example;Dienstverlening;;;",
        ]
    ).encode("latin-1")
    before = user_count(app)
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (3, "naam")
    assert "UTF-8" in problem.message
    assert "Jos" in problem.message
    assert user_count(app) == before


def test_import_with_missing_columns_names_them_on_line_1(app, org):
    data = csv_file(
        "3001;Anna Nieuw;Dienstverlening",
        header="personeelsnummer;naam;afdelingen",
    )
    before = user_count(app)
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (1, None)
    assert "e-mail, afdeling" in problem.message
    assert user_count(app) == before


def test_import_with_unknown_department_stores_nothing(app, org):
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;",
        "3002;Bert Baas;bert@pop.example;Afdeling Nergens;;;",
    )
    before = user_count(app)
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (3, "afdeling")
    assert problem.message == "Onbekende afdeling “Afdeling Nergens”."
    assert user_count(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count(Department.id))) == 3


def test_import_with_ambiguous_department_stores_nothing(app, org, make_department):
    make_department("Dienstverlening", org.department_b)
    data = csv_file("3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;")
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (2, "afdeling")
    assert "meerdere afdelingen" in problem.message


def test_import_reports_every_problem_with_line_and_column(app, org):
    data = csv_file(
        "3001;;anna@pop.example;Dienstverlening;;;",
        "3002;Bert Baas;geen-adres;Dienstverlening;;;",
        "3003;Cor Collega;cor@pop.example;Dienstverlening;;Astronaut;",
        "3003;Dirk Dubbel;dirk@pop.example;Dienstverlening;;;koning",
        "3005;Eva;eva@pop.example;;;;",
        "3006;Fien;fien@pop.example;Dienstverlening;;;;extra",
    )
    report = run_import(app, data, org.hr)
    found = [(problem.line, problem.column) for problem in report.problems]
    assert found == [
        (2, "naam"),
        (3, "e-mail"),
        (4, "functie"),
        (5, "rollen"),
        (5, "personeelsnummer"),
        (6, "afdeling"),
        (7, None),
    ]
    assert "regel 5, kolom rollen: Onbekende rol “koning”." in str(report.problems[3])
    assert person_by_number(app, "3001") is None


def test_import_of_empty_file_is_a_problem(app, org):
    problem = only_problem(run_import(app, b"\xef\xbb\xbf  \r\n"))
    assert (problem.line, problem.message) == (1, "Het bestand is leeg.")


def test_import_of_header_only_is_a_problem(app, org):
    problem = only_problem(run_import(app, csv_file()))
    assert problem.line == 1


def test_hr_cannot_grant_admin_role_by_import(app, org):
    data = csv_file("3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;beheerder")
    problem = only_problem(run_import(app, data, org.hr))
    assert (problem.line, problem.column) == (2, "rollen")
    assert run_import(app, data, org.admin).problems == []


def test_department_scoped_hr_imports_only_within_scope(app, org, make_user):
    scoped = make_user("Sacha Scoped", roles={Role.HR}, department_id=org.department_a)
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_a))
        db.session.commit()
    lotte = number_of(app, org.other_employee)
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Sociaal Domein;;;",
        f"{lotte};Lotte Anderteam;{email_of(app, org.other_employee)};Dienstverlening;;;",
    )
    report = run_import(app, data, scoped)
    assert [(problem.line, problem.column) for problem in report.problems] == [
        (2, "afdeling"),
        (3, "personeelsnummer"),
    ]


def test_row_problem_reads_as_line_column_and_message(app):
    with app.test_request_context():
        assert str(RowProblem(3, "e-mail", "Fout.")) == "regel 3, kolom e-mail: Fout."
        assert str(RowProblem(1, None, "Leeg.")) == "regel 1: Leeg."


# --- the upload page --------------------------------------------------------------------------


def test_upload_page_explains_the_format_with_an_example(client, org, login):
    login(org.hr)
    response = client.get(UPLOAD)
    assert ">Voorbeeld</caption>" in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert "personeelsnummer" in response.text


def test_example_file_can_be_imported_as_is(app, client, org, login):
    login(org.hr)
    example = client.get(UPLOAD + "/voorbeeld.csv")
    assert example.mimetype == "text/csv"
    with app.app_context():
        db.session.add(Department(name="Bedrijfsvoering"))
        db.session.add(
            JobFunction(
                title="Accountmanager dienstverlening", source_filename="a.txt", content_hash="a"
            )
        )
        db.session.commit()
    report = run_import(app, example.data, org.admin)
    assert report.problems == []
    assert report.created == 3


def test_upload_of_good_file_imports_and_returns_to_list(app, client, org, login):
    login(org.hr)
    data = csv_file("3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;")
    response = client.post(UPLOAD, data={"file": (io.BytesIO(data), "mensen.csv")})
    assert response.status_code == 302
    assert response.headers["Location"] == "/hr/medewerkers"
    assert (
        "Import geslaagd: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd."
        in client.get("/hr/medewerkers").text
    )
    assert person_by_number(app, "3001").department_id == org.department_a


def test_upload_with_problems_shows_them_all_and_stores_nothing(app, client, org, login):
    login(org.hr)
    data = csv_file(
        "3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;",
        "3002;Bert Baas;bert@pop.example;Afdeling Nergens;9999;;",
    )
    before = user_count(app)
    response = client.post(UPLOAD, data={"file": (io.BytesIO(data), "mensen.csv")})
    assert response.status_code == 200
    assert "Er is niets geïmporteerd" in response.text
    assert ">Problemen in het bestand</caption>" in response.text
    assert "Onbekende afdeling “Afdeling Nergens”." in response.text
    assert "<td>leidinggevende</td>" in response.text
    assert user_count(app) == before


def test_upload_without_file_asks_for_one(client, org, login):
    login(org.hr)
    response = client.post(UPLOAD, data={})
    assert response.status_code == 200
    assert "Kies een CSV-bestand." in response.text


# --- the command line ------------------------------------------------------------------------


def test_cli_imports_good_file(app, runner, org, tmp_path):
    path = tmp_path / "mensen.csv"
    path.write_bytes(csv_file("3001;Anna Nieuw;anna@pop.example;Dienstverlening;;;"))
    result = runner.invoke(args=["import-people", str(path)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 new and 0 updated people." in result.output
    assert person_by_number(app, "3001") is not None


def test_cli_refuses_file_with_problems_and_stores_nothing(app, runner, org, tmp_path):
    path = tmp_path / "mensen.csv"
    path.write_bytes(
        csv_file(
            "3001;Anna Nieuw;anna@pop.example;Dienstverlening;3002;;",
            "3002;Bert Baas;bert@pop.example;Dienstverlening;3001;;",
        )
    )
    before = user_count(app)
    result = runner.invoke(args=["import-people", str(path)])
    assert result.exit_code == 1
    assert "regel 2, kolom leidinggevende:" in result.output
    assert "Nothing was imported." in result.output
    assert user_count(app) == before
