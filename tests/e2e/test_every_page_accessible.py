"""Every HTML page of POP, opened in Chromium by someone who may see it, has no axe-core findings.

The journeys test pages in their real states; this sweep makes sure no page is left unscanned:
it takes the routes of the access matrix and visits each as the first visitor who gets a 200.
Each page is also measured at 320 and at 1280 CSS pixels: nothing may scroll sideways.
"""

from tests.conftest import PASSWORD, email_of
from tests.web.conftest import objects  # noqa: F401  (fixture)
from tests.web.test_access_matrix import ROUTES, VISITORS

DOWNLOADS = (".csv", ".xlsx", ".pdf", ".ics", ".json")
DOWNLOAD_ENDPOINTS = {"main.health", "plan.evidence_download", "objections.attachment"}
PREFERRED = ("employee", "manager", "hr", "admin", "other_manager", "anonymous")
WIDTHS = (320, 1280)


def first_reader(expected: tuple[int, ...]) -> str | None:
    for visitor in PREFERRED:
        if expected[VISITORS.index(visitor)] == 200:
            return visitor
    return None


def log_in(page, app, user_id: int) -> None:
    page.context.clear_cookies()
    page.goto("/auth/login")
    page.get_by_label("E-mailadres").fill(email_of(app, user_id))
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def sideways_overflow(page) -> list[str]:
    """The widths at which the page is wider than the window (scrollWidth > viewport width)."""
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append(f"{page.url} is {scroll_width} px wide at {width} px")
    page.set_viewport_size({"width": 1280, "height": 800})
    return too_wide


def test_every_html_page_passes_axe(app, page, org, objects, assert_accessible):  # noqa: F811
    scanned, current_visitor, too_wide = [], None, []
    for endpoint, (template, expected) in sorted(ROUTES.items(), key=lambda item: item[1][1]):
        visitor = first_reader(expected)
        if visitor is None:
            continue
        if visitor != current_visitor:
            if visitor == "anonymous":
                page.context.clear_cookies()
            else:
                log_in(page, app, getattr(org, visitor))
            current_visitor = visitor
        url = template.format(**objects)
        if url.endswith(DOWNLOADS) or endpoint in DOWNLOAD_ENDPOINTS:
            continue
        response = page.goto(url)
        assert response.status == 200, f"{endpoint} as {visitor}"
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        assert_accessible(page)
        too_wide += sideways_overflow(page)
        scanned.append(endpoint)
    assert len(scanned) >= 45, scanned
    assert not too_wide, "\n".join(too_wide)
