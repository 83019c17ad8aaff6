"""The people administration: who may use it, the list, creating, editing and (de)activating."""

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import AuditEvent, FunctionLevel, HrScope, JobFunction, Role, User
from pop.people import services as people
from tests.conftest import PASSWORD

LIST = "/hr/medewerkers"
NEW = "/hr/medewerkers/nieuw"
IMPORT = "/hr/medewerkers/importeren"
ORG_PEOPLE = 7  # the people of the `org` fixture


def edit_url(person_id: int) -> str:
    return f"/hr/medewerkers/{person_id}"


def person_form(department_id: int | str, **overrides) -> dict:
    data = {
        "name": "Nina Nieuw",
        "email": "nina.nieuw@pop.example",
        "employee_number": "N0001",
        "department_id": str(department_id),
        "manager_id": "",
        "function_id": "",
        "function_level_id": "",
        "roles": ["employee"],
    }
    data.update(overrides)
    return data


def form_of(app, person_id: int, **overrides) -> dict:
    """The edit form as it would be posted back unchanged, with `overrides`."""
    with app.app_context():
        person = db.session.get(User, person_id)
        data = {
            "name": person.name,
            "email": person.email,
            "employee_number": person.employee_number or "",
            "department_id": str(person.department_id or ""),
            "manager_id": str(person.manager_id or ""),
            "function_id": str(person.function_id or ""),
            "function_level_id": str(person.function_level_id or ""),
            "roles": sorted(role.value for role in person.roles),
        }
    data.update(overrides)
    return data


def get_user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def audit_events(app, action: str, object_id: int | None = None) -> list[AuditEvent]:
    with app.app_context():
        query = select(AuditEvent).where(AuditEvent.action == action)
        if object_id is not None:
            query = query.where(AuditEvent.object_id == object_id)
        return list(db.session.scalars(query))


def user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


@pytest.fixture
def scoped_hr(app, org, make_user):
    """An HR adviser who only looks after department A."""
    user_id = make_user("Sacha Scoped", roles={Role.HR}, department_id=org.department_a)
    with app.app_context():
        db.session.add(HrScope(user_id=user_id, department_id=org.department_a))
        db.session.commit()
    return user_id


@pytest.fixture
def function_with_levels(app):
    """A function with two levels, and another function with one: ids as a dict."""
    with app.app_context():
        adviser = JobFunction(
            title="Beleidsadviseur",
            source_filename="beleidsadviseur.txt",
            content_hash="a",
            levels=[
                FunctionLevel(position=1, name="medior", scale="10"),
                FunctionLevel(position=2, name="senior", scale="11"),
            ],
        )
        clerk = JobFunction(
            title="Medewerker Burgerzaken",
            source_filename="burgerzaken.txt",
            content_hash="b",
            levels=[FunctionLevel(position=1, scale="7")],
        )
        db.session.add_all([adviser, clerk])
        db.session.commit()
        return {
            "adviser": adviser.id,
            "adviser_senior": adviser.levels[1].id,
            "clerk": clerk.id,
            "clerk_level": clerk.levels[0].id,
        }


# --- access: anonymous → login, other roles → 404, missing → 404, HR → 200 ---------------------

GET_PAGES = [
    lambda org: LIST,
    lambda org: NEW,
    lambda org: edit_url(org.employee),
    lambda org: IMPORT,
    lambda org: IMPORT + "/voorbeeld.csv",
]
POST_ACTIONS = [
    lambda org: edit_url(org.employee) + "/deactiveren",
    lambda org: edit_url(org.employee) + "/activeren",
    lambda org: edit_url(org.employee),
    lambda org: NEW,
    lambda org: IMPORT,
]


@pytest.mark.parametrize("page", GET_PAGES)
def test_anonymous_visitor_is_sent_to_login(client, org, page):
    response = client.get(page(org))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize("action", POST_ACTIONS)
def test_anonymous_post_is_sent_to_login_and_changes_nothing(app, client, org, action):
    response = client.post(action(org))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")
    assert get_user(app, org.employee).active


@pytest.mark.parametrize("who", ["employee", "manager"])
@pytest.mark.parametrize("page", GET_PAGES)
def test_employee_and_manager_get_404(client, org, login, who, page):
    login(getattr(org, who))
    assert client.get(page(org)).status_code == 404


@pytest.mark.parametrize("who", ["employee", "manager"])
@pytest.mark.parametrize("action", POST_ACTIONS)
def test_employee_and_manager_cannot_post(app, client, org, login, who, action):
    login(getattr(org, who))
    assert client.post(action(org)).status_code == 404
    assert get_user(app, org.employee).active


@pytest.mark.parametrize("who", ["hr", "admin"])
@pytest.mark.parametrize("page", GET_PAGES)
def test_hr_and_admin_get_the_pages(client, org, login, who, page):
    login(getattr(org, who))
    assert client.get(page(org)).status_code == 200


@pytest.mark.parametrize("suffix", ["", "/deactiveren", "/activeren"])
def test_missing_person_is_404(client, org, login, suffix):
    login(org.hr)
    url = edit_url(99_999) + suffix
    response = client.post(url) if suffix else client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize("suffix", ["", "/deactiveren"])
def test_department_scoped_hr_gets_404_for_person_of_other_department(
    app, client, org, login, scoped_hr, suffix
):
    login(scoped_hr)
    url = edit_url(org.other_employee) + suffix
    response = client.post(url) if suffix else client.get(url)
    assert response.status_code == 404
    assert get_user(app, org.other_employee).active


def test_department_scoped_hr_can_edit_person_of_own_department(client, org, login, scoped_hr):
    login(scoped_hr)
    assert client.get(edit_url(org.employee)).status_code == 200


def test_department_scoped_hr_sees_only_own_department_in_list(client, org, login, scoped_hr):
    login(scoped_hr)
    response = client.get(LIST)
    assert "Sanne Medewerker" in response.text
    assert "Marieke Manager" in response.text
    assert "Lotte Anderteam" not in response.text
    assert "Karim Manager" not in response.text
    assert "Sociaal Domein</option>" not in response.text


def test_department_scoped_hr_cannot_put_person_in_other_department(
    app, client, org, login, scoped_hr
):
    login(scoped_hr)
    response = client.post(
        edit_url(org.employee), data=form_of(app, org.employee, department_id=org.department_b)
    )
    assert response.status_code == 200
    assert "Kies een afdeling uit de lijst." in response.text
    assert get_user(app, org.employee).department_id == org.department_a


# --- the list -------------------------------------------------------------------------------


def test_list_shows_people_with_their_details(client, org, login):
    login(org.hr)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "</caption>" in response.text
    assert '<th scope="col">Personeelsnummer</th>' in response.text
    assert f'href="{edit_url(org.employee)}">Sanne Medewerker</a>' in response.text
    assert "Marieke Manager" in response.text
    assert "Dienstverlening" in response.text
    assert "leidinggevende" in response.text


@pytest.mark.parametrize(
    "search", ["sanne", "SANNE.MEDEWERKER", "E00005", "medewerker.5@pop"], ids=str
)
def test_search_matches_name_email_and_employee_number(app, client, org, login, search):
    login(org.hr)
    response = client.get(LIST, query_string={"q": search})
    assert "Sanne Medewerker" in response.text
    assert "Pieter Collega" not in response.text


def test_search_treats_percent_sign_literally(client, org, login):
    login(org.hr)
    response = client.get(LIST, query_string={"q": "%"})
    assert "Sanne Medewerker" not in response.text
    assert "Geen medewerkers gevonden." in response.text


def test_department_filter_includes_sub_departments(client, org, login, make_department, make_user):
    team = make_department("Team Balie", org.department_a)
    make_user("Bas Balie", department_id=team)
    login(org.hr)
    response = client.get(LIST, query_string={"department": org.department_a})
    assert "Bas Balie" in response.text
    assert "Sanne Medewerker" in response.text
    assert "Lotte Anderteam" not in response.text
    assert f'href="{edit_url(org.hr)}"' not in response.text


def test_list_hides_deactivated_people_unless_asked(client, org, login, make_user):
    make_user("Otto Oud", active=False)
    login(org.hr)
    assert "Otto Oud" not in client.get(LIST).text
    inactive = client.get(LIST, query_string={"status": "inactief"}).text
    assert "Otto Oud" in inactive
    assert "Sanne Medewerker" not in inactive
    everyone = client.get(LIST, query_string={"status": "alle"}).text
    assert "Otto Oud" in everyone
    assert "Sanne Medewerker" in everyone


def test_list_ignores_unknown_filter_values(client, org, login):
    login(org.hr)
    response = client.get(LIST, query_string={"department": "abc", "status": "x", "page": "z"})
    assert response.status_code == 200
    assert "Sanne Medewerker" in response.text
    assert 'aria-invalid="true"' not in response.text


def test_department_scoped_hr_cannot_filter_on_other_department(client, org, login, scoped_hr):
    login(scoped_hr)
    response = client.get(LIST, query_string={"department": org.department_b})
    assert response.status_code == 200
    assert "Lotte Anderteam" not in response.text


def test_list_is_paginated(app, client, org, login):
    app.config["PEOPLE_PER_PAGE"] = 3
    login(org.hr)
    first = client.get(LIST).text
    assert "pagina 1 van 3" in first
    assert 'rel="next"' in first
    last = client.get(LIST, query_string={"page": 3}).text
    assert "pagina 3 van 3" in last
    assert 'rel="prev"' in last


def test_list_query_count_does_not_grow_with_rows(
    app, client, org, login, make_user, count_queries
):
    login(org.hr)

    def statements_for_list() -> int:
        with count_queries() as statements:
            assert client.get(LIST).status_code == 200
        return len(statements)

    for index in range(2):
        make_user(f"Extra {index}", manager_id=org.manager, department_id=org.department_a)
    statements_for_list()  # the department list is read once, then cached
    few = statements_for_list()
    for index in range(2, 50):
        make_user(f"Extra {index}", manager_id=org.manager, department_id=org.department_a)
    many = statements_for_list()
    assert few == many


# --- create -------------------------------------------------------------------------------


def test_hr_creates_person_without_password(app, client, org, login):
    login(org.hr)
    response = client.post(
        NEW,
        data=person_form(
            org.department_a,
            email="Nina.Nieuw@POP.example",
            manager_id=str(org.manager),
            roles=["employee", "manager"],
        ),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == LIST
    assert "Nina Nieuw is toegevoegd." in client.get(LIST).text
    with app.app_context():
        person = db.session.scalar(select(User).where(User.employee_number == "N0001"))
        assert person.email == "nina.nieuw@pop.example"
        assert person.department_id == org.department_a
        assert person.manager_id == org.manager
        assert person.roles == {Role.EMPLOYEE, Role.MANAGER}
        assert person.active
        assert person.password_hash is None
        person_id = person.id
    [event] = audit_events(app, "person_created", person_id)
    assert event.actor_id == org.hr
    assert event.changes["email"] == [None, "nina.nieuw@pop.example"]


def test_person_created_with_password_can_log_in(app, client, org, login):
    login(org.hr)
    data = person_form(org.department_a, password="een lange zin als wachtwoord")
    assert client.post(NEW, data=data).status_code == 302
    client.post("/auth/logout")
    response = client.post(
        "/auth/login",
        data={"email": "nina.nieuw@pop.example", "password": "een lange zin als wachtwoord"},
    )
    assert response.status_code == 302


def test_create_refuses_weak_password(app, client, org, login):
    login(org.hr)
    response = client.post(NEW, data=person_form(org.department_a, password="welkom01"))
    assert response.status_code == 200
    assert "Kies een wachtwoord van minstens 12 tekens." in response.text
    assert 'aria-describedby="password-hint password-error"' in response.text
    assert user_count(app) == ORG_PEOPLE


def test_create_refuses_duplicate_email_whatever_its_case(app, client, org, login):
    login(org.hr)
    taken = get_user(app, org.employee).email.upper()
    response = client.post(NEW, data=person_form(org.department_a, email=taken))
    assert response.status_code == 200
    assert "Dit e-mailadres is al in gebruik bij een andere persoon." in response.text
    assert 'aria-invalid="true"' in response.text
    assert user_count(app) == ORG_PEOPLE


def test_create_refuses_duplicate_employee_number(app, client, org, login):
    login(org.hr)
    taken = get_user(app, org.employee).employee_number
    response = client.post(NEW, data=person_form(org.department_a, employee_number=taken))
    assert "Dit personeelsnummer is al in gebruik bij een andere persoon." in response.text
    assert user_count(app) == ORG_PEOPLE


def test_create_requires_name_email_department_and_a_role(app, client, org, login):
    login(org.hr)
    response = client.post(NEW, data=person_form("", name="", email="", roles=[]))
    assert response.status_code == 200
    assert "Er is iets niet goed ingevuld" in response.text
    for message in ("Vul de naam in.", "Vul het e-mailadres in.", "Kies een afdeling."):
        assert message in response.text
    assert "Kies minstens één rol." in response.text
    assert user_count(app) == ORG_PEOPLE


def test_hr_cannot_grant_admin_role(app, client, org, login):
    login(org.hr)
    response = client.post(NEW, data=person_form(org.department_a, roles=["admin"]))
    assert response.status_code == 200
    assert "Kies alleen rollen uit de lijst." in response.text
    assert 'value="admin"' not in response.text
    assert user_count(app) == ORG_PEOPLE


def test_admin_can_grant_admin_role(app, client, org, login):
    login(org.admin)
    response = client.post(NEW, data=person_form(org.department_a, roles=["admin"]))
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(User).where(User.employee_number == "N0001"))
        assert person.roles == {Role.ADMIN}


# --- edit -----------------------------------------------------------------------------------


def test_edit_form_shows_current_details(client, org, login):
    login(org.hr)
    response = client.get(edit_url(org.employee))
    assert 'value="Sanne Medewerker"' in response.text
    assert f'<option selected value="{org.manager}">' in response.text


def test_hr_changes_function_and_level(app, client, org, login, function_with_levels):
    login(org.hr)
    data = form_of(
        app,
        org.employee,
        name="Sanne de Medewerker",
        function_id=function_with_levels["adviser"],
        function_level_id=function_with_levels["adviser_senior"],
    )
    response = client.post(edit_url(org.employee), data=data)
    assert response.status_code == 302
    assert response.headers["Location"] == LIST
    assert "De gegevens van Sanne de Medewerker zijn opgeslagen." in client.get(LIST).text
    person = get_user(app, org.employee)
    assert person.name == "Sanne de Medewerker"
    assert person.function_id == function_with_levels["adviser"]
    assert person.function_level_id == function_with_levels["adviser_senior"]
    [event] = audit_events(app, "person_updated", org.employee)
    assert event.actor_id == org.hr
    assert event.changes["function_id"] == [None, function_with_levels["adviser"]]
    assert event.changes["name"] == ["Sanne Medewerker", "Sanne de Medewerker"]
    assert "email" not in event.changes


def test_edit_offers_levels_grouped_by_function(client, org, login, function_with_levels):
    login(org.hr)
    response = client.get(edit_url(org.employee))
    assert '<optgroup label="Beleidsadviseur">' in response.text
    assert "senior (schaal 11)" in response.text


def test_edit_refuses_level_of_another_function(app, client, org, login, function_with_levels):
    login(org.hr)
    data = form_of(
        app,
        org.employee,
        function_id=function_with_levels["adviser"],
        function_level_id=function_with_levels["clerk_level"],
    )
    response = client.post(edit_url(org.employee), data=data)
    assert response.status_code == 200
    assert "Dit niveau hoort niet bij de gekozen functie." in response.text
    assert get_user(app, org.employee).function_id is None


def test_edit_refuses_level_without_function(app, client, org, login, function_with_levels):
    login(org.hr)
    data = form_of(app, org.employee, function_level_id=function_with_levels["clerk_level"])
    response = client.post(edit_url(org.employee), data=data)
    assert "Kies eerst een functie bij dit niveau." in response.text


def test_edit_refuses_manager_cycle(app, client, org, login):
    # Sanne reports to Marieke; Marieke cannot report to Sanne.
    login(org.hr)
    response = client.post(
        edit_url(org.manager), data=form_of(app, org.manager, manager_id=org.employee)
    )
    assert response.status_code == 200
    assert "Sanne Medewerker kan niet leidinggevende van Marieke Manager worden" in response.text
    assert get_user(app, org.manager).manager_id is None
    assert audit_events(app, "person_updated") == []


def test_edit_refuses_longer_manager_cycle(app, client, org, login, make_user):
    trainee = make_user("Tim Trainee", manager_id=org.employee, department_id=org.department_a)
    login(org.hr)
    response = client.post(
        edit_url(org.manager), data=form_of(app, org.manager, manager_id=trainee)
    )
    assert response.status_code == 200
    assert "Marieke Manager → Sanne Medewerker → Tim Trainee" in response.text
    assert get_user(app, org.manager).manager_id is None


def test_edit_does_not_offer_person_as_own_manager(app, client, org, login):
    login(org.hr)
    response = client.get(edit_url(org.employee))
    assert f'value="{org.employee}"' not in response.text
    response = client.post(
        edit_url(org.employee), data=form_of(app, org.employee, manager_id=org.employee)
    )
    assert "Kies een leidinggevende uit de lijst." in response.text


def test_edit_refuses_email_of_another_person_in_other_case(app, client, org, login):
    login(org.hr)
    taken = get_user(app, org.colleague).email.upper()
    response = client.post(edit_url(org.employee), data=form_of(app, org.employee, email=taken))
    assert "Dit e-mailadres is al in gebruik bij een andere persoon." in response.text


def test_edit_keeps_own_email_in_other_case(app, client, org, login):
    login(org.hr)
    own = get_user(app, org.employee).email
    response = client.post(
        edit_url(org.employee), data=form_of(app, org.employee, email=own.upper())
    )
    assert response.status_code == 302
    assert get_user(app, org.employee).email == own


def test_edit_without_changes_writes_no_audit_event(app, client, org, login):
    login(org.hr)
    response = client.post(edit_url(org.employee), data=form_of(app, org.employee))
    assert response.status_code == 302
    assert "Er was niets gewijzigd." in client.get(LIST).text
    assert audit_events(app, "person_updated") == []


def test_hr_editing_an_admin_is_refused_and_keeps_the_admin_role(app, client, org, login):
    login(org.hr)
    data = form_of(app, org.admin, roles=["employee"])
    response = client.post(edit_url(org.admin), data=data)
    assert response.status_code == 403
    assert get_user(app, org.admin).roles == {Role.ADMIN}


def test_admin_can_revoke_admin_role(app, client, org, login, make_user):
    other_admin = make_user("Ada Admin", roles={Role.ADMIN}, department_id=org.department_a)
    login(org.admin)
    response = client.post(edit_url(other_admin), data=form_of(app, other_admin, roles=["hr"]))
    assert response.status_code == 302
    assert get_user(app, other_admin).roles == {Role.HR}


def test_hr_cannot_take_away_own_hr_role(app, client, org, login):
    login(org.hr)
    page = client.get(edit_url(org.hr)).text
    assert 'value="hr"' not in page  # only an administrator grants or removes it
    response = client.post(edit_url(org.hr), data=form_of(app, org.hr, roles=["employee"]))
    assert response.status_code == 302
    assert Role.HR in get_user(app, org.hr).roles


def test_admin_cannot_take_away_own_admin_role(app, client, org, login):
    login(org.admin)
    response = client.post(edit_url(org.admin), data=form_of(app, org.admin, roles=["employee"]))
    assert response.status_code == 200
    assert "Je kunt je eigen HR-rol niet intrekken." in response.text
    assert get_user(app, org.admin).roles == {Role.ADMIN}


def test_password_can_be_set_only_while_there_is_none(app, client, org, login):
    login(org.hr)
    assert 'name="password"' not in client.get(edit_url(org.employee)).text
    with app.app_context():
        db.session.get(User, org.employee).password_hash = None
        db.session.commit()
    assert 'name="password"' in client.get(edit_url(org.employee)).text
    data = form_of(app, org.employee, password="een nieuwe lange zin")
    assert client.post(edit_url(org.employee), data=data).status_code == 302
    assert get_user(app, org.employee).password_hash is not None


# --- deactivate and reactivate -----------------------------------------------------------


def test_hr_deactivates_person_who_then_cannot_log_in(app, client, org, login):
    login(org.hr)
    response = client.post(edit_url(org.employee) + "/deactiveren")
    assert response.status_code == 302
    assert response.headers["Location"] == edit_url(org.employee)
    page = client.get(edit_url(org.employee)).text
    assert "Sanne Medewerker is gedeactiveerd en kan niet meer inloggen." in page
    assert "Activeren" in page
    assert not get_user(app, org.employee).active
    [event] = audit_events(app, "person_deactivated", org.employee)
    assert event.actor_id == org.hr
    assert event.changes == {"active": [True, False]}
    client.post("/auth/logout")
    email = get_user(app, org.employee).email
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 200


def test_deactivated_person_is_kept_in_the_database(app, client, org, login):
    login(org.hr)
    client.post(edit_url(org.employee) + "/deactiveren")
    assert user_count(app) == ORG_PEOPLE


def test_hr_cannot_deactivate_themselves(app, client, org, login):
    login(org.hr)
    response = client.post(edit_url(org.hr) + "/deactiveren")
    assert response.status_code == 302
    assert "Je kunt jezelf niet deactiveren." in client.get(edit_url(org.hr)).text
    assert get_user(app, org.hr).active
    assert audit_events(app, "person_deactivated") == []


def test_hr_reactivates_person(app, client, org, login, make_user):
    former = make_user("Otto Oud", active=False, department_id=org.department_a)
    login(org.hr)
    response = client.post(edit_url(former) + "/activeren")
    assert response.status_code == 302
    assert response.headers["Location"] == edit_url(former)
    assert "Otto Oud is weer actief." in client.get(edit_url(former)).text
    assert get_user(app, former).active
    [event] = audit_events(app, "person_reactivated", former)
    assert event.changes == {"active": [False, True]}


def test_deactivate_is_post_only(client, org, login):
    login(org.hr)
    assert client.get(edit_url(org.employee) + "/deactiveren").status_code == 405


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_deactivate_without_csrf_token_is_refused(self, app, client, org, login):
        # Log in through the form with its token, as the browser would.
        page = client.get("/auth/login").text
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        client.post(
            "/auth/login",
            data={"email": get_user(app, org.hr).email, "password": PASSWORD, "csrf_token": token},
        )
        response = client.post(edit_url(org.employee) + "/deactiveren")
        assert response.status_code == 400
        assert get_user(app, org.employee).active


# --- the service on its own ------------------------------------------------------------------


def test_service_refuses_manager_cycle(app, org):
    with app.app_context():
        actor = db.session.get(User, org.hr)
        manager = db.session.get(User, org.manager)
        details = people.PersonDetails(
            name=manager.name,
            email=manager.email,
            employee_number=manager.employee_number,
            department_id=manager.department_id,
            manager_id=org.employee,
            roles=set(manager.roles),
        )
        with pytest.raises(people.PersonRuleError) as refused:
            people.update_person(actor, manager, details)
        assert refused.value.field == "manager_id"
        assert manager.manager_id is None


def test_service_refuses_admin_role_from_non_admin(app, org):
    with app.app_context():
        actor = db.session.get(User, org.hr)
        details = people.PersonDetails(
            name="Nina",
            email="nina@pop.example",
            department_id=org.department_a,
            roles={Role.ADMIN},
        )
        with pytest.raises(people.PersonRuleError, match="beheerder"):
            people.create_person(actor, details)


def test_service_refuses_duplicate_email_in_other_case(app, org):
    with app.app_context():
        actor = db.session.get(User, org.hr)
        taken = db.session.get(User, org.employee).email.upper()
        details = people.PersonDetails(name="Nina", email=taken, department_id=org.department_a)
        with pytest.raises(people.PersonRuleError) as refused:
            people.create_person(actor, details)
        assert refused.value.field == "email"


def test_admin_limits_an_hr_adviser_to_departments(app, client, org, login):
    login(org.admin)
    response = client.post(
        edit_url(org.hr), data=form_of(app, org.hr, hr_scope=[str(org.department_b)])
    )
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(User, org.hr)
        assert [link.department_id for link in person.hr_scope_links] == [org.department_b]
    changes = audit_events(app, "person_updated", org.hr)[-1].changes
    assert changes["hr_scope"] == [[], [org.department_b]]
    client.post("/auth/logout")
    login(org.hr)
    assert client.get(edit_url(org.employee)).status_code == 404  # department A is out of scope
    assert client.get(edit_url(org.other_employee)).status_code == 200


def test_hr_adviser_cannot_set_an_hr_scope(app, client, org, login):
    login(org.hr)
    page = client.get(edit_url(org.employee)).text
    assert "HR-bereik" not in page
    client.post(edit_url(org.employee), data=form_of(app, org.employee, hr_scope=["1"]))
    with app.app_context():
        assert db.session.get(User, org.employee).hr_scope_links == []
