"""Logging in and out: passwords, rate limit, safe redirects, CSRF, cookies and headers."""

import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import AuditEvent, User
from pop.passwords import hash_password
from tests.conftest import PASSWORD, email_of


def test_login_page_is_dutch_by_default(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "E-mailadres" in response.text


def test_anonymous_visitor_is_sent_to_login_with_next(client):
    response = client.get("/functies/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_correct_password_logs_in_and_follows_local_next(app, client, org):
    response = client.post(
        "/auth/login",
        data={"email": email_of(app, org.employee), "password": PASSWORD, "next": "/functies/"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/functies/"


def test_email_is_matched_case_insensitively(app, client, org):
    email = email_of(app, org.employee).upper()
    response = client.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "\\\\x"],
)
def test_next_to_another_site_is_refused(app, client, org, target):
    response = client.post(
        "/auth/login",
        data={"email": email_of(app, org.employee), "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_wrong_password_gives_one_message_for_both_fields(app, client, org):
    response = client.post(
        "/auth/login", data={"email": email_of(app, org.employee), "password": "wrong-password"}
    )
    assert response.status_code == 200
    assert "Onbekende combinatie van e-mailadres en wachtwoord." in response.text


def test_deactivated_person_cannot_log_in(app, client, make_user):
    user_id = make_user("Oud Collega", active=False)
    response = client.post(
        "/auth/login", data={"email": email_of(app, user_id), "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Onbekende combinatie" in response.text


def test_password_is_stored_hashed_with_scrypt_by_default(app):
    with app.app_context():
        user = User(name="Test", email="t@pop.example")
        app.config["PASSWORD_HASH_METHOD"] = "scrypt"
        user.password_hash = hash_password(PASSWORD)
        assert user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
        assert user.check_password(PASSWORD)


def test_logout_requires_post(client, org, login):
    login(org.employee)
    assert client.get("/auth/logout").status_code == 405
    response = client.post("/auth/logout")
    assert response.headers["Location"] == "/auth/login"
    assert client.get("/").status_code == 302


def test_change_password_checks_rules_and_records_it(app, client, org, login):
    login(org.employee)
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "kort",
            "confirm_password": "kort",
        },
    )
    assert "minstens 12 tekens" in response.text
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "een lange zin als wachtwoord",
            "confirm_password": "een lange zin als wachtwoord",
        },
    )
    assert response.headers["Location"] == "/"
    with app.app_context():
        user = db.session.get(User, org.employee)
        assert user.check_password("een lange zin als wachtwoord")
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert "password_changed" in actions


def test_change_password_refuses_wrong_current_password(client, org, login):
    login(org.employee)
    response = client.post(
        "/auth/password",
        data={
            "current_password": "not-my-password",
            "new_password": "een lange zin als wachtwoord",
            "confirm_password": "een lange zin als wachtwoord",
        },
    )
    assert "Het huidige wachtwoord klopt niet." in response.text


def test_security_headers_are_set(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite_lax(app, client, org):
    response = client.post(
        "/auth/login", data={"email": email_of(app, org.employee), "password": PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}

    def test_login_is_rate_limited_with_a_clear_message(self, app, client, org):
        data = {"email": email_of(app, org.employee), "password": "wrong-password"}
        for _ in range(3):
            assert client.post("/auth/login", data=data).status_code == 200
        response = client.post("/auth/login", data=data)
        assert response.status_code == 429
        assert "Wacht een minuut" in response.text


class TestCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_login_without_csrf_token_is_rejected(self, app, client, org):
        response = client.post(
            "/auth/login", data={"email": email_of(app, org.employee), "password": PASSWORD}
        )
        assert response.status_code == 400
        assert "Formulier verlopen" in response.text

    def test_login_with_csrf_token_succeeds(self, app, client, org):
        page = client.get("/auth/login").text
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post(
            "/auth/login",
            data={"email": email_of(app, org.employee), "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_production_refuses_the_development_secret_key():
    from pop import create_app

    with pytest.raises(RuntimeError, match="development secret key"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_marks_cookies_secure():
    from pop import create_app

    app = create_app(
        {"ENV": "production", "SECRET_KEY": "x" * 64, "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    from sqlalchemy import text

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite only")
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
