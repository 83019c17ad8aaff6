"""Starting the test OpenID Connect provider (server.mjs, the npm package oidc-provider)."""

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).resolve().parent
CLIENT_SECRET = "pop-test-client-secret-0123456789abcdef"
# Clients whose tokens must be refused: issued by a clock two hours behind, or signed by a key
# the provider's JWKS does not show (server.mjs).
CLOCK_BEHIND_CLIENT = "pop-clock-behind"
UNPUBLISHED_KEY_CLIENT = "pop-unpublished-key"
CLIENTS = ("pop", CLOCK_BEHIND_CLIENT, UNPUBLISHED_KEY_CLIENT)


def _unavailable(message: str) -> None:
    if os.environ.get("CI") or os.environ.get("POP_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def running_provider(pop_base_urls: list[str], accounts: dict[str, dict]) -> Iterator[str]:
    """Run the provider for POP at these base URLs; yields its issuer URL."""
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js is not installed (.ci/run installs it)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        _unavailable("oidc-provider is not installed: run `make tests/oidc_provider/node_modules`")
    config = {
        "clients": [
            {
                "client_id": client_id,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{base}/auth/oidc/callback" for base in pop_base_urls],
                "post_logout_redirect_uris": [f"{base}/auth/login" for base in pop_base_urls],
            }
            for client_id in CLIENTS
        ],
        "accounts": accounts,
        "clockBehindClients": [CLOCK_BEHIND_CLIENT],
        "unpublishedKeyClients": [UNPUBLISHED_KEY_CLIENT],
    }
    process = subprocess.Popen(
        [node, str(HERE / "server.mjs")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=HERE,
    )
    try:
        process.stdin.write(json.dumps(config))
        process.stdin.close()
        line = process.stdout.readline()
        if not line.startswith("issuer "):
            raise RuntimeError(f"the test OpenID Connect provider did not start: {line!r}")
        yield line.split()[1]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def sign_in_at_provider(authorize_url: str, login: str, callback_prefix: str) -> str:
    """Log in and consent at the provider as `login` (its sub); returns POP's callback URL."""
    browser = requests.Session()
    url, response = authorize_url, None
    for _step in range(12):
        response = browser.get(url, allow_redirects=False, timeout=10)
        while response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if url.startswith(callback_prefix):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
        action = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        prompt = re.search(r'name="prompt" value="(\w+)"', response.text)
        if action is None or prompt is None:
            raise AssertionError(f"the provider answered {response.status_code}: {response.text}")
        data = {"prompt": prompt.group(1)}
        if data["prompt"] == "login":
            data.update(login=login, password="any-password")
        response = browser.post(urljoin(url, action.group(1)), data=data, allow_redirects=False)
        url = urljoin(url, response.headers["Location"])
        if url.startswith(callback_prefix):
            return url
    raise AssertionError("the provider never sent the browser back to POP")
