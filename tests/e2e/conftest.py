"""Browser tests: the real app served on loopback, driven in Debian's Chromium through Playwright.

Every page a test reaches is scanned with axe-core (`assert_accessible`).
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def app_config() -> dict:
    # The browser goes through the real forms: CSRF on, as in production.
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = "Debian's Chromium is not installed (run scripts/ensure-chromium.sh)"
        if os.environ.get("POP_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core (WCAG 2.1 A and AA rules) on the page and fail with every violation."""

    def check(page) -> None:
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
                }
            },
        )
        violations = results.response["violations"]
        assert not violations, f"axe-core on {page.url}:\n" + "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in violations
        )

    return check


@pytest.fixture
def browser_login(page, app):
    """Log in through the real form."""
    from tests.conftest import PASSWORD, email_of

    def do_login(user_id: int, password: str = PASSWORD) -> None:
        page.goto("/auth/login")
        page.get_by_label("E-mailadres").fill(email_of(app, user_id))
        page.get_by_label("Wachtwoord").fill(password)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()

    return do_login
