"""Who may use the HR overview: anonymous → log-in, employees and managers → 404, HR → 200;
HR limited to some departments sees only those, in every figure, list and export."""

import csv
import io

import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import Role, User
from tests.hr_overview.conftest import generate, subtree

PAGES = [
    "/hr/overzicht",
    "/hr/overzicht?department={social}",
    "/hr/overzicht/medewerkers",
    "/hr/overzicht/medewerkers?figuur=zonder-pop",
    "/hr/overzicht/medewerkers?figuur=gesprek&soort=planningsgesprek&stadium=open",
    "/hr/overzicht/medewerkers?figuur=oordeel&oordeel=3",
    "/hr/overzicht/doelen",
    "/hr/overzicht/doelen?te-laat=1",
    "/hr/overzicht/doelen?competentie={competency}",
    "/hr/rapportages",
    "/hr/rapportages/functies",
    "/hr/rapportages/voortgang",
    "/hr/rapportages/gesprekken",
    "/hr/rapportages/competenties",
    "/hr/auditlog",
    "/hr/cycli",
    "/hr/cycli/nieuw",
    "/hr/cycli/{cycle}/sluiten",
    "/hr/cycli/{cycle}/kalender",
    "/hr/privacy",
]
EXPORTS = [
    "/hr/overzicht.{fmt}",
    "/hr/overzicht/medewerkers.{fmt}",
    "/hr/overzicht/doelen.{fmt}",
    "/hr/rapportages/functies.{fmt}",
    "/hr/rapportages/voortgang.{fmt}",
    "/hr/rapportages/gesprekken.{fmt}",
    "/hr/rapportages/competenties.{fmt}",
    "/hr/auditlog.{fmt}",
]


def urls(catalogue) -> list[str]:
    values = {
        "social": catalogue.departments["Sociaal Domein"],
        "competency": catalogue.competencies[0],
        "cycle": catalogue.cycle_id,
    }
    pages = [page.format(**values) for page in PAGES]
    return pages + [export.format(fmt=fmt) for export in EXPORTS for fmt in ("csv", "xlsx")]


@pytest.fixture
def people(app, make_user, catalogue):
    department = catalogue.departments["Jeugd"]
    manager = make_user("Mo Manager", roles={Role.MANAGER, Role.EMPLOYEE}, department_id=department)
    employee = make_user("Eva Employee", manager_id=manager, department_id=department)
    return {"manager": manager, "employee": employee}


def test_anonymous_visitors_are_sent_to_log_in(client, catalogue):
    for url in [*urls(catalogue), "/mijn-gegevens", "/mijn-gegevens.json"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_employees_and_managers_get_404_on_every_hr_page(client, login, catalogue, people, who):
    login(people[who])
    for url in urls(catalogue):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/hr/cycli/{catalogue.cycle_id}/sluiten").status_code == 404
    assert client.post("/hr/privacy/1/anonimiseren").status_code == 404


def test_hr_gets_every_page_and_export(app, client, login, catalogue, hr_user):
    generate(app, catalogue, 40)
    login(hr_user)
    for url in urls(catalogue):
        with client.get(url) as response:  # closing it removes an XLSX's temporary file
            assert response.status_code == 200, url
            if url.endswith(".csv"):
                assert response.is_streamed, url
                assert response.mimetype == "text/csv"
            elif url.endswith(".xlsx"):
                assert response.data.startswith(b"PK"), url


def test_missing_objects_are_404(client, login, catalogue, hr_user):
    login(hr_user)
    for url in [
        "/hr/cycli/999999/sluiten",
        "/hr/cycli/999999/termijnen",
        "/hr/cycli/999999/kalender",
        "/hr/privacy/999999/anonimiseren",
        "/hr/overzicht.pdf",
    ]:
        assert client.get(url).status_code == 404, url


def test_an_admin_is_hr_for_the_whole_organisation(client, login, make_user, catalogue):
    admin = make_user("Bram Beheer", roles={Role.ADMIN})
    login(admin)
    assert client.get("/hr/overzicht").status_code == 200
    assert client.get("/hr/cycli/nieuw").status_code == 200


def employee_numbers_in(csv_bytes: bytes, column: str = "Personeelsnummer") -> set[str]:
    reader = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig")))
    return {row[column] for row in reader}


def test_department_scoped_hr_sees_only_its_departments_everywhere(
    app, client, login, catalogue, scoped_hr_user
):
    generated = generate(app, catalogue, 300)
    allowed = subtree(catalogue, catalogue.departments["Sociaal Domein"])
    inside = generated.employees(allowed)
    outside = [person for person in generated.employees() if person not in inside]
    assert inside
    assert outside
    login(scoped_hr_user)

    people_csv = client.get("/hr/overzicht/medewerkers.csv").data
    assert employee_numbers_in(people_csv) == {p["employee_number"] for p in inside}
    goals_csv = client.get("/hr/overzicht/doelen.csv").data
    inside_ids = {p["id"] for p in inside}
    expected_goals = [g for g in generated.goals if g["employee_id"] in inside_ids]
    assert len(goals_csv.decode("utf-8-sig").strip().splitlines()) == len(expected_goals) + 1
    assert employee_numbers_in(goals_csv) <= {p["employee_number"] for p in inside}

    page = client.get("/hr/overzicht").get_data(as_text=True)
    assert f">{len(inside)}</a>" in page
    # A department outside the scope is not offered, and asking for it shows nothing outside.
    ruimte = catalogue.departments["Ruimte"]
    department_select = page.split('id="department"', 1)[1].split("</select>", 1)[0]
    assert f'value="{catalogue.departments["Jeugd"]}"' in department_select
    assert f'value="{ruimte}"' not in department_select
    scoped = client.get(f"/hr/overzicht/medewerkers.csv?department={ruimte}").data
    assert employee_numbers_in(scoped) == {p["employee_number"] for p in inside}

    progress = client.get("/hr/rapportages/voortgang.csv").data.decode("utf-8-sig")
    departments = {row["Afdeling"] for row in csv.DictReader(io.StringIO(progress))}
    assert departments == {
        "Gemeente › Sociaal Domein",
        "Gemeente › Sociaal Domein › Jeugd",
        "Gemeente › Sociaal Domein › Wmo",
        "Totaal",
    }
    functions = client.get("/hr/rapportages/functies.csv").data.decode("utf-8-sig")
    total = sum(int(row["Medewerkers"]) for row in csv.DictReader(io.StringIO(functions)))
    assert total == len([p for p in inside if p["function_id"]])
    managers = client.get("/hr/rapportages/gesprekken.csv").data.decode("utf-8-sig")
    team_total = sum(int(row["Team"]) for row in csv.DictReader(io.StringIO(managers)))
    assert team_total == len(inside)


def test_department_scoped_hr_sees_cycles_but_cannot_change_them(
    client, login, catalogue, scoped_hr_user
):
    login(scoped_hr_user)
    assert client.get("/hr/cycli").status_code == 200
    assert client.get("/hr/cycli/nieuw").status_code == 403
    assert client.post(f"/hr/cycli/{catalogue.cycle_id}/sluiten", data={}).status_code == 403
    assert client.get(f"/hr/cycli/{catalogue.cycle_id}/termijnen").status_code == 403
    assert client.get(f"/hr/cycli/{catalogue.cycle_id}/kalender").status_code == 403


def test_department_scoped_hr_cannot_anonymise_someone_outside_its_departments(
    app, client, login, catalogue, scoped_hr_user, make_user
):
    leaver = make_user("Oud Collega", department_id=catalogue.departments["Ruimte"], active=False)
    login(scoped_hr_user)
    assert client.get(f"/hr/privacy/{leaver}/anonimiseren").status_code == 404
    assert (
        client.post(f"/hr/privacy/{leaver}/anonimiseren", data={"confirm": "y"}).status_code == 404
    )
    with app.app_context():
        assert db.session.scalar(select(User.anonymised).where(User.id == leaver)) is False
