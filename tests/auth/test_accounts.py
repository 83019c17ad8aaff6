"""Invitations and password resets by e-mail; an administrator's reset of an account."""

import re
import time

import pytest
from sqlalchemy import select, update

from pop.extensions import db
from pop.models import AuditEvent, HrScope, Role, User
from tests.conftest import PASSWORD, email_of
from tests.notifications.conftest import body_text

NEW_PASSWORD = "paars fietspad onder de brug"
LINK = re.compile(r"https://pop\.gemeente\.example(/auth/wachtwoord-instellen/\S+)")


@pytest.fixture
def app_config(mail_app_config):
    return mail_app_config


def _link_in(smtp_server, email: str) -> str:
    for _ in range(50):  # the reset mail leaves after the answer
        messages = smtp_server.handler.to(email)
        if messages:
            return LINK.search(body_text(messages[-1])).group(1)
        time.sleep(0.05)
    raise AssertionError(f"no mail for {email}")


def _without_password(app, user_id: int) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.id == user_id).values(password_hash=None))
        db.session.commit()


def _choose(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"new_password": password, "confirm_password": password})


def test_a_reset_link_arrives_built_from_the_public_url_and_works_once(
    app, client, org, smtp_server
):
    email = email_of(app, org.employee)
    response = client.post(
        "/auth/wachtwoord-vergeten",
        data={"email": email.upper()},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 302
    response.close()
    path = _link_in(smtp_server, email)
    assert "evil.example" not in body_text(smtp_server.handler.to(email)[0])
    assert "Kies een wachtwoord voor" in client.get(path).text
    assert "te makkelijk te raden" in _choose(client, path, "Wachtwoord2026").text
    response = _choose(client, path)
    assert response.headers["Location"] == "/auth/login"
    login = client.post("/auth/login", data={"email": email, "password": NEW_PASSWORD})
    assert login.headers["Location"] == "/"
    client.post("/auth/logout")
    assert client.get(path).status_code == 410, "a link works once"


def test_the_reset_page_says_the_same_for_unknown_addresses(app, client, org, smtp_server):
    known = client.post(
        "/auth/wachtwoord-vergeten",
        data={"email": email_of(app, org.employee)},
        follow_redirects=True,
    )
    unknown = client.post(
        "/auth/wachtwoord-vergeten", data={"email": "niemand@pop.example"}, follow_redirects=True
    )
    assert known.status_code == unknown.status_code == 200
    message = "Als dit adres bij een account hoort, is er een e-mail onderweg"
    assert message in known.text
    assert message in unknown.text
    assert smtp_server.handler.to("niemand@pop.example") == []


def test_a_reset_ends_every_session(app, client, org, login, smtp_server):
    login(org.employee)
    other = app.test_client()
    other.post("/auth/wachtwoord-vergeten", data={"email": email_of(app, org.employee)}).close()
    _choose(other, _link_in(smtp_server, email_of(app, org.employee)))
    assert client.get("/pop/").status_code == 302


class TestExpiry:
    @pytest.fixture
    def app_config(self, mail_app_config):
        return {**mail_app_config, "PASSWORD_RESET_VALID_MINUTES": 1 / 60}

    def test_a_reset_link_expires(self, app, client, org, smtp_server):
        email = email_of(app, org.employee)
        client.post("/auth/wachtwoord-vergeten", data={"email": email}).close()
        path = _link_in(smtp_server, email)
        time.sleep(2.1)
        response = client.get(path)
        assert response.status_code == 410
        assert "Deze link werkt niet meer" in response.text


def test_a_forged_link_is_refused(client):
    assert client.get("/auth/wachtwoord-instellen/eyJ1IjoxfQ.forged").status_code == 410


def test_hr_invites_an_imported_employee_who_then_logs_in(app, client, org, login, smtp_server):
    _without_password(app, org.employee)
    login(org.hr)
    response = client.post(f"/auth/personen/{org.employee}/uitnodigen", follow_redirects=True)
    assert "De uitnodiging is verstuurd" in response.text
    email = email_of(app, org.employee)
    message = smtp_server.handler.to(email)[0]
    assert message["Subject"] == "Je account voor POP"
    employee = app.test_client()
    _choose(employee, _link_in(smtp_server, email))
    assert (
        employee.post("/auth/login", data={"email": email, "password": NEW_PASSWORD}).status_code
        == 302
    )
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert {"invitation_sent", "invitation_accepted"} <= set(actions)


def test_hr_invites_everyone_without_a_password_once(app, client, org, login, smtp_server):
    for person in (org.employee, org.colleague, org.admin):
        _without_password(app, person)
    login(org.hr)
    response = client.post("/auth/uitnodigingen", follow_redirects=True)
    assert "2 uitnodigingen verstuurd." in response.text, "not the administrator"
    assert {address for item in smtp_server.handler.received for address in item.envelope_to} == {
        email_of(app, org.employee),
        email_of(app, org.colleague),
    }
    response = client.post("/auth/uitnodigingen", follow_redirects=True)
    assert "0 uitnodigingen verstuurd." in response.text


def test_scoped_hr_invites_only_inside_its_departments(app, client, org, login, make_user):
    scoped = make_user("Hidde Deel-HR", roles={Role.HR}, department_id=org.department_a)
    with app.app_context():
        db.session.add(HrScope(user_id=scoped, department_id=org.department_a))
        db.session.commit()
    for person in (org.employee, org.other_employee):
        _without_password(app, person)
    login(scoped)
    assert client.post(f"/auth/personen/{org.other_employee}/uitnodigen").status_code == 404
    client.post("/auth/uitnodigingen")
    with app.app_context():
        invited = db.session.scalars(
            select(AuditEvent.object_id).where(AuditEvent.action == "invitation_sent")
        ).all()
    assert invited == [org.employee]


def test_hr_cannot_invite_or_reset_an_administrator(app, client, org, login):
    _without_password(app, org.admin)
    login(org.hr)
    assert client.post(f"/auth/personen/{org.admin}/uitnodigen").status_code == 403
    assert client.post(f"/auth/personen/{org.admin}/toegang-herstellen").status_code == 404


def test_an_admin_resets_an_account(app, client, org, login, smtp_server):
    employee = app.test_client()
    employee.post("/auth/login", data={"email": email_of(app, org.employee), "password": PASSWORD})
    login(org.admin)
    response = client.post(f"/auth/personen/{org.employee}/toegang-herstellen")
    assert response.status_code == 302
    assert employee.get("/pop/").status_code == 302, "the employee's session ended"
    email = email_of(app, org.employee)
    assert smtp_server.handler.to(email)[0]["Subject"] == "Nieuw wachtwoord voor POP"
    refused = app.test_client().post("/auth/login", data={"email": email, "password": PASSWORD})
    assert refused.status_code == 200
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "password_reset_by_admin")
        ).one()
        assert event.actor_id == org.admin
        assert event.object_id == org.employee
