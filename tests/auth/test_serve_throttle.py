"""Throttling under `pop serve`: several gunicorn workers share one count of failed log-ins."""

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest

from pop.models import Role
from tests.auth.conftest import free_port
from tests.conftest import PASSWORD, email_of

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
ACCOUNT_LIMIT = 5
PROXY_CLIENT = "198.51.100.23"  # the address the proxy reports for every colleague in the office


def _request(port, method, path, *, cookie="", body=None, forwarded_for=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    set_cookie = response.getheader("Set-Cookie") or ""
    connection.close()
    return response.status, text, set_cookie.split(";")[0] or cookie, response


def attempt_log_in(port, email, password, forwarded_for):
    """GET the form (cookie and CSRF token), POST it: the status of the POST."""
    _, page, cookie, _ = _request(port, "GET", "/auth/login", forwarded_for=forwarded_for)
    body = urlencode(
        {"email": email, "password": password, "csrf_token": CSRF.search(page).group(1)}
    )
    status, _, _, response = _request(
        port, "POST", "/auth/login", cookie=cookie, body=body, forwarded_for=forwarded_for
    )
    if status == 302:
        assert response.getheader("Location") == "/"
    return status


@pytest.fixture(params=["database", "redis"])
def storage_uri(request):
    if request.param == "database":
        return ""
    redis_url = request.getfixturevalue("redis_url")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    return redis_url


@pytest.fixture
def served(app, storage_uri, tmp_path):
    """`pop serve` with three workers behind one trusted proxy, on the test's database."""
    port = free_port()
    env = {
        **os.environ,
        "POP_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "POP_SECRET_KEY": secrets.token_hex(16),
        "POP_TRUSTED_PROXIES": "1",
        "POP_LOGIN_RATE_LIMIT": f"{ACCOUNT_LIMIT} per 15 minutes",
        "POP_RATELIMIT_STORAGE_URI": storage_uri,
        "POP_MFA_REQUIRED_ROLES": "[]",
    }
    command = [str(Path(sys.executable).with_name("pop")), "serve"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "3", "--threads", "4"]
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        pytest.fail("pop serve did not start")
    yield port
    server.send_signal(signal.SIGQUIT)  # quick shutdown
    try:
        server.wait(timeout=3)
    except subprocess.TimeoutExpired:
        # Workers' idle threads can keep the master waiting; the group is the one we started.
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    log.close()


def test_throttling_holds_on_several_workers_and_spares_colleagues_behind_one_proxy(
    app, org, make_user, served
):
    email = email_of(app, org.employee)
    with ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(
            pool.map(lambda n: attempt_log_in(served, email, f"wrong-{n}", PROXY_CLIENT), range(40))
        )
    evaluated = statuses.count(200)
    assert statuses.count(429) + evaluated == 40
    assert 1 <= evaluated <= ACCOUNT_LIMIT, statuses
    assert attempt_log_in(served, email, PASSWORD, "203.0.113.200") == 429

    people = [make_user(f"Collega {n}", roles={Role.EMPLOYEE}) for n in range(12)]
    statuses = [
        attempt_log_in(served, email_of(app, person), PASSWORD, PROXY_CLIENT) for person in people
    ]
    assert statuses == [302] * 12
