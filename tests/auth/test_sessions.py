"""Sessions end: log-out, password change, idle time and lifetime; the cookie and headers."""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from pop.extensions import db
from pop.models import AuditEvent, LoginSession
from tests.conftest import PASSWORD, email_of

NEW_PASSWORD = "een lange zin als wachtwoord"


def _cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _copy_of(app, client):
    other = app.test_client()
    other.set_cookie("session", _cookie(client))
    return other


def test_a_copied_cookie_is_refused_after_log_out(app, client, org, login):
    login(org.employee)
    copy = _copy_of(app, client)
    assert copy.get("/pop/").status_code == 200
    client.post("/auth/logout")
    response = copy.get("/pop/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_log_out_is_recorded(app, client, org, login):
    login(org.employee)
    client.post("/auth/logout")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["login", "logout"]


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app, client, org, login):
    login(org.employee)
    other_browser = app.test_client()
    other_browser.post(
        "/auth/login", data={"email": email_of(app, org.employee), "password": PASSWORD}
    )
    assert other_browser.get("/pop/").status_code == 200
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert response.headers["Location"] == "/"
    assert client.get("/pop/").status_code == 200
    assert other_browser.get("/pop/").status_code == 302


class TestIdleTimeout:
    @pytest.fixture
    def app_config(self):
        return {"SESSION_IDLE_MINUTES": 1 / 60}  # one second

    def test_an_idle_session_expires(self, client, org, login):
        login(org.employee)
        assert client.get("/pop/").status_code == 200
        time.sleep(1.3)
        response = client.get("/pop/")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/auth/login")


def test_a_session_ends_after_its_lifetime_however_busy(app, client, org, login):
    login(org.employee)
    assert client.get("/pop/").status_code == 200
    with app.app_context():
        db.session.execute(
            update(LoginSession).values(created_at=LoginSession.created_at - timedelta(hours=12))
        )
        db.session.commit()
    assert client.get("/pop/").status_code == 302


def test_a_deactivated_person_is_logged_out_at_once(app, client, org, login):
    from pop.models import User

    login(org.employee)
    with app.app_context():
        db.session.get(User, org.employee).active = False
        db.session.commit()
    assert client.get("/pop/").status_code == 302


def test_log_in_starts_a_new_session_with_a_new_csrf_secret(app, client, org):
    client.get("/auth/login")
    with client.session_transaction() as before:
        before["csrf_token"] = "planted-by-an-attacker"
        before["language"] = "en"
    client.post("/auth/login", data={"email": email_of(app, org.employee), "password": PASSWORD})
    with client.session_transaction() as after:
        assert after.get("csrf_token") != "planted-by-an-attacker"
        assert after["language"] == "en"  # a choice of language is not a secret
        token = after["_sid"]
    client.post("/auth/logout")
    client.post("/auth/login", data={"email": email_of(app, org.employee), "password": PASSWORD})
    with client.session_transaction() as again:
        assert again["_sid"] != token


def test_the_session_survives_a_change_of_client_address(app, client, org, login):
    login(org.employee)
    response = client.get("/pop/", environ_base={"REMOTE_ADDR": "192.0.2.77"})
    assert response.status_code == 200


def test_the_session_cookie_lives_no_longer_than_the_browser(app, client, org):
    response = client.post(
        "/auth/login", data={"email": email_of(app, org.employee), "password": PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "Expires" not in cookie
    assert "Max-Age" not in cookie


@pytest.mark.parametrize("path", ["/pop/", "/mijn-gegevens", "/mijn-gegevens.json"])
def test_authenticated_responses_are_not_stored(client, org, login, path):
    login(org.employee)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_may_be_cached_but_carry_no_hsts_outside_production(client):
    response = client.get("/auth/login")
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Strict-Transport-Security" not in response.headers


def test_production_sends_hsts_and_a_host_only_cookie(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, ENV="production", SECRET_KEY="x" * 64)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = client.get("/auth/login", base_url="https://pop.gemeente.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-pop_session"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-pop_session=")
    assert "Secure" in cookie
    assert "Path=/" in cookie
    assert "Domain" not in cookie
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
