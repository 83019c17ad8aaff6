"""Failed log-ins are throttled per account and per client address; successes never count."""

import pytest
from sqlalchemy import func, select

from pop.auth.throttle import parse_rate
from pop.extensions import db
from pop.models import AuditEvent, LoginFailure
from tests.conftest import PASSWORD, email_of, make_app


@pytest.fixture
def app_config():
    return {
        "RATELIMIT_ENABLED": True,
        "LOGIN_RATE_LIMIT": "3 per 15 minutes",
        "LOGIN_ADDRESS_RATE_LIMIT": "5 per 15 minutes",
    }


def _log_in(client, email, password, address="192.0.2.10"):
    return client.post(
        "/auth/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_rates_are_read_as_people_write_them():
    assert parse_rate("10 per 15 minutes") == parse_rate("10/15 minutes")
    assert parse_rate("5 per minute").seconds == 60
    assert parse_rate("100 per hour").count == 100
    with pytest.raises(ValueError, match="not a rate"):
        parse_rate("veel")


def test_failed_log_ins_of_one_account_are_limited_and_say_when_to_try_again(app, client, org):
    email = email_of(app, org.employee)
    for _ in range(3):
        assert _log_in(client, email, "wrong-password").status_code == 200
    response = _log_in(client, email, "wrong-password", address="192.0.2.99")
    assert response.status_code == 429
    assert "Wacht 15 minuten en probeer het opnieuw na" in response.text
    # The right password does not get in either while the account is throttled.
    assert _log_in(client, email, PASSWORD, address="192.0.2.98").status_code == 429
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("login_failed") == 3
    assert actions.count("login_throttled") == 2


def test_successful_log_ins_never_count(app, org):
    email = email_of(app, org.employee)
    for _ in range(12):
        client = app.test_client()
        assert _log_in(client, email, PASSWORD).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(LoginFailure.id))) == 0


def test_one_address_is_limited_across_accounts_but_colleagues_elsewhere_are_not(app, org):
    client = app.test_client()
    accounts = [org.employee, org.colleague, org.manager, org.other_employee, org.hr, org.admin]
    for person in accounts[:5]:
        assert _log_in(client, email_of(app, person), "wrong-password").status_code == 200
    assert _log_in(client, email_of(app, org.admin), "wrong-password").status_code == 429
    assert _log_in(client, email_of(app, org.admin), PASSWORD, "198.51.100.4").status_code == 302


def test_unknown_addresses_are_throttled_like_known_ones(app, client):
    for _ in range(3):
        assert _log_in(client, "niemand@pop.example", "x").status_code == 200
    assert _log_in(client, "niemand@pop.example", "x", "192.0.2.50").status_code == 429


def test_every_app_on_the_database_shares_the_counts(app, tmp_path, org, app_config):
    email = email_of(app, org.employee)
    second_node = make_app(tmp_path, **app_config)
    for node in (app, second_node, app):
        assert _log_in(node.test_client(), email, "wrong-password").status_code == 200
    assert _log_in(second_node.test_client(), email, "wrong-password").status_code == 429
    with second_node.app_context():
        db.engine.dispose()


class TestProxy:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "TRUSTED_PROXIES": 1}

    def test_the_client_address_comes_from_the_trusted_proxy(self, app, org):
        client = app.test_client()
        proxied = {"REMOTE_ADDR": "127.0.0.1"}
        for person in (org.employee, org.colleague, org.manager, org.other_employee, org.hr):
            response = client.post(
                "/auth/login",
                data={"email": email_of(app, person), "password": "wrong"},
                headers={"X-Forwarded-For": "203.0.113.5"},
                environ_base=proxied,
            )
            assert response.status_code == 200
        other_client = client.post(
            "/auth/login",
            data={"email": email_of(app, org.admin), "password": PASSWORD},
            headers={"X-Forwarded-For": "203.0.113.6"},
            environ_base=proxied,
        )
        assert other_client.status_code == 302
        with app.app_context():
            addresses = {
                event.changes["address"] for event in db.session.scalars(select(AuditEvent))
            }
        assert addresses == {"203.0.113.5", "203.0.113.6"}


def test_memory_storage_is_refused_at_start(tmp_path):
    with pytest.raises(RuntimeError, match="every worker must see the counts"):
        make_app(tmp_path, RATELIMIT_STORAGE_URI="memory://")


class TestRedis:
    @pytest.fixture
    def app_config(self, app_config, redis_url):
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        return {**app_config, "RATELIMIT_STORAGE_URI": redis_url}

    def test_failures_are_counted_in_redis_and_successes_are_not(self, app, client, org):
        email = email_of(app, org.employee)
        for _ in range(5):
            assert _log_in(client, email_of(app, org.colleague), PASSWORD).status_code == 302
            client.post("/auth/logout")
        for _ in range(3):
            assert _log_in(client, email, "wrong-password").status_code == 200
        response = _log_in(client, email, "wrong-password", "192.0.2.77")
        assert response.status_code == 429
        assert "probeer het opnieuw na" in response.text
        with app.app_context():
            assert db.session.scalar(select(func.count(LoginFailure.id))) == 0
