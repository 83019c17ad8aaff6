"""The second factor: enrolment with a QR code, codes at log-in, recovery codes, per role."""

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import AuditEvent, TotpState
from tests.conftest import PASSWORD, email_of

SECRET = re.compile(r'id="totp-secret">([A-Z2-7]+)<')


def next_code(secret: str) -> str:
    """The code of the next time step: the current one was spent on the enrolment."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def _log_in(app, client, user_id, password=PASSWORD):
    return client.post("/auth/login", data={"email": email_of(app, user_id), "password": password})


def _enrol(client) -> tuple[str, list[str]]:
    page = client.get("/auth/tweestapsverificatie").text
    assert '<svg role="img" aria-label="QR-code om POP aan je app toe te voegen"' in page
    secret = SECRET.search(page).group(1)
    response = client.post("/auth/tweestapsverificatie", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", response.text)
    assert len(codes) == 10
    return secret, codes


def test_showing_the_qr_code_writes_nothing(app, client, org, login):
    login(org.employee)
    client.get("/auth/tweestapsverificatie")
    with app.app_context():
        assert db.session.scalars(select(TotpState)).all() == []


def test_a_wrong_first_code_enrols_nothing(app, client, org, login):
    login(org.employee)
    client.get("/auth/tweestapsverificatie")
    response = client.post("/auth/tweestapsverificatie", data={"code": "000000"})
    assert "Deze code klopt niet" in response.text
    with app.app_context():
        assert db.session.scalars(select(TotpState)).all() == []


def test_after_enrolment_log_in_asks_for_a_code(app, client, org, login):
    login(org.employee)
    secret, _codes = _enrol(client)
    client.post("/auth/logout")
    response = _log_in(app, client, org.employee)
    assert response.headers["Location"] == "/auth/code"
    assert client.get("/pop/").status_code == 302, "not logged in before the code"
    assert "Deze code klopt niet" in client.post("/auth/code", data={"code": "123456"}).text
    response = client.post("/auth/code", data={"code": next_code(secret)})
    assert response.headers["Location"] == "/"
    assert client.get("/pop/").status_code == 200
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == ["logout", "mfa_failed", "login"]
    assert "mfa_enrolled" in actions


def test_a_code_counts_only_once(app, client, org, login):
    login(org.employee)
    secret, _codes = _enrol(client)
    client.post("/auth/logout")
    _log_in(app, client, org.employee)
    code = next_code(secret)
    assert client.post("/auth/code", data={"code": code}).headers["Location"] == "/"
    client.post("/auth/logout")
    _log_in(app, client, org.employee)
    response = client.post("/auth/code", data={"code": code})
    assert "Deze code klopt niet" in response.text


def test_a_recovery_code_works_once(app, client, org, login):
    login(org.employee)
    _secret, codes = _enrol(client)
    client.post("/auth/logout")
    _log_in(app, client, org.employee)
    response = client.post("/auth/code", data={"code": codes[0].upper()}, follow_redirects=True)
    assert "Er zijn er nog 9 over." in response.text
    client.post("/auth/logout")
    _log_in(app, client, org.employee)
    assert "Deze code klopt niet" in client.post("/auth/code", data={"code": codes[0]}).text


def test_removing_the_app_asks_for_the_password(app, client, org, login):
    login(org.employee)
    _enrol(client)
    response = client.post(
        "/auth/tweestapsverificatie/verwijderen",
        data={"remove-password": "wrong"},
        follow_redirects=True,
    )
    assert "Het wachtwoord klopt niet." in response.text
    client.post("/auth/tweestapsverificatie/verwijderen", data={"remove-password": PASSWORD})
    with app.app_context():
        assert db.session.scalars(select(TotpState)).all() == []
    client.post("/auth/logout")
    assert _log_in(app, client, org.employee).headers["Location"] == "/"


def test_the_pending_code_step_is_not_a_log_in(app, client, org):
    response = client.get("/auth/code")
    assert response.headers["Location"] == "/auth/login"


class TestRequiredForHrAndAdmin:
    @pytest.fixture
    def app_config(self):
        return {"MFA_REQUIRED_ROLES": ("hr", "admin")}

    def test_hr_reaches_nothing_but_the_set_up_until_it_is_done(self, app, client, org, login):
        login(org.hr)
        response = client.get("/hr/medewerkers")
        assert response.headers["Location"] == "/auth/tweestapsverificatie"
        assert client.post("/auth/password").headers["Location"] == "/auth/tweestapsverificatie"
        page = client.get("/auth/tweestapsverificatie").text
        assert "Voor jouw rol in POP is een tweede stap bij het inloggen verplicht" in page
        _enrol(client)
        assert client.get("/hr/medewerkers").status_code == 200

    def test_employees_are_not_asked(self, app, client, org, login):
        login(org.employee)
        assert client.get("/pop/").status_code == 200

    def test_the_default_asks_hr_and_admin(self):
        from pop.config import Defaults

        assert set(Defaults.MFA_REQUIRED_ROLES) == {"hr", "admin"}
