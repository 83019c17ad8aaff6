"""No page shows a date as ISO (2026-12-31) or a time in UTC, in Dutch or in English.

Every page of the access matrix is rendered as the first visitor who may see it, with a goal,
a check-in, a held conversation, audit events and notifications in the database. What a reader
sees is checked: scripts, attribute values and the values of form fields are left out (a
date field's value stays ISO, as the HTML standard wants it).
"""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from pop.extensions import db
from pop.models import Goal, GoalStatus, User
from pop.plan import services as plan_services
from tests.web.test_access_matrix import ROUTES, VISITORS

ZONE = "Europe/Amsterdam"
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
TIME = re.compile(r"\b([01]\d|2[0-3]):[0-5]\d\b")
# The time field's example ("Bijvoorbeeld 14:30") is interface text, not data: without this the
# test would fail whenever it runs within minutes of 14:30 UTC.
EXAMPLE_TIME = re.compile(r"(Bijvoorbeeld|For example) " + TIME.pattern)


def visible_text(markup: str) -> str:
    """The text of a page as a reader sees it: no scripts, styles, attributes or field values."""
    soup = BeautifulSoup(markup, "html.parser")
    for hidden in soup.find_all(["script", "style", "template", "textarea", "input"]):
        hidden.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" "))


def _utc_times(now: datetime) -> set[str]:
    """The clock times in UTC of the last few minutes (when the test made its data) that are
    not also the local time: seen on a page, they are a time shown in UTC."""
    local = now.astimezone(ZoneInfo(ZONE))
    utc_minutes = {(now - timedelta(minutes=m)).strftime("%H:%M") for m in range(-1, 6)}
    local_minutes = {(local - timedelta(minutes=m)).strftime("%H:%M") for m in range(-1, 6)}
    return utc_minutes - local_minutes


def _around(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 50) : match.end() + 20]


def _first_visitor_who_sees(expected: tuple[int, ...]) -> str | None:
    for visitor, status in zip(VISITORS, expected, strict=True):
        if visitor != "anonymous" and status == 200:
            return visitor
    return None


PAGES = sorted(
    endpoint
    for endpoint, (template, expected) in ROUTES.items()
    if _first_visitor_who_sees(expected) and not template.endswith((".pdf", ".json", ".ics"))
)


@pytest.fixture
def app_config():
    # Amsterdam is an hour ahead of UTC in winter and two in summer: a UTC time shows.
    return {"TIMEZONE": ZONE}


@pytest.fixture
def history(app, org, objects):
    """What puts dates and times on pages: a proposed and agreed goal, its events and mail."""
    with app.app_context():
        goal = db.session.get(Goal, objects["goal"])
        goal.status = GoalStatus.CONCEPT.value
        plan_services.propose(goal, db.session.get(User, org.employee))
        plan_services.agree(goal, db.session.get(User, org.manager))
        db.session.commit()
    return objects


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_page_shows_an_iso_date_or_a_utc_time(app, client, org, login, history, language):
    utc_only = _utc_times(datetime.now(UTC))
    found: list[str] = []
    logged_in = None
    for endpoint in PAGES:
        template, expected = ROUTES[endpoint]
        visitor = _first_visitor_who_sees(expected)
        if visitor != logged_in:
            if logged_in is not None:
                client.post("/auth/logout")
            login(getattr(org, visitor))
            client.post("/language", data={"language": language})
            logged_in = visitor
        response = client.get(template.format(**history))
        if response.mimetype != "text/html":
            continue
        text = EXAMPLE_TIME.sub("", visible_text(response.text))
        for match in ISO_DATE.finditer(text):
            found.append(f"{endpoint} as {visitor}: ISO date in {_around(text, match)!r}")
        for match in TIME.finditer(text):
            if match.group(0) in utc_only:
                found.append(f"{endpoint} as {visitor}: UTC time in {_around(text, match)!r}")
    assert not found, "\n".join(found)
