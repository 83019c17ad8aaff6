"""`pop serve` started by a test on 127.0.0.1, and a small cookie-keeping HTTP client for it."""

import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

# The range this suite may bind on loopback; POP_TEST_PORTS="5500-5549" gives a run its own.
_FIRST, _, _LAST = os.environ.get("POP_TEST_PORTS", "5400-5499").partition("-")
PORTS = range(int(_FIRST), int(_LAST) + 1)
START_TIMEOUT = 60
REQUEST_TIMEOUT = 60
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class Client:
    """One browser: keeps the session cookie, reads CSRF tokens, never follows redirects."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> tuple[int, str]:
        return self.request("POST", path, form)

    def csrf_token(self, path: str) -> str:
        status, html = self.get(path)
        match = CSRF.search(html)
        if status != 200 or match is None:
            raise AssertionError(f"GET {path} answered {status} without a CSRF token")
        return match.group(1)

    def log_in(self, email: str, password: str) -> None:
        token = self.csrf_token("/auth/login")
        status, _ = self.post(
            "/auth/login", {"csrf_token": token, "email": email, "password": password}
        )
        if status != 302:
            raise AssertionError(f"log-in as {email} answered {status}")


@contextmanager
def pop_serve(database_url: str, log: Path, *, workers: int = 2, threads: int = 4):
    """Run `pop serve` (gunicorn) against the database; yield its port; stop it by its pid."""
    port = free_port()
    env = {
        **os.environ,
        "POP_DATABASE_URL": database_url,
        "POP_SECRET_KEY": secrets.token_hex(16),
        "POP_RATELIMIT_ENABLED": "false",
    }
    command = [
        str(Path(sys.executable).with_name("pop")),
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    with log.open("w") as handle:
        server = subprocess.Popen(
            command, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_until_up(server, port, log)
        yield port
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)


def _wait_until_up(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"pop serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            status, _ = Client(port).get("/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"pop serve did not answer within {START_TIMEOUT} s:\n{log.read_text()}")
