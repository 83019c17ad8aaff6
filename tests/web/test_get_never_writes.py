"""A GET never writes: every GET route of the access matrix, walked as each visitor, executes
no INSERT, UPDATE or DELETE."""

import re
from datetime import date

import pytest
from sqlalchemy import event, select

from pop.extensions import db
from pop.models import Cycle, Goal
from tests.web.stand_ins import stand_ins_of
from tests.web.test_access_matrix import ROUTES, VISITORS

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _writes_during(app, request):
    """The INSERT, UPDATE and DELETE statements that `request()` makes the database run."""
    with app.app_context():
        engine = db.engine
    writes: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if WRITE.match(statement):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        request().close()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return writes


@pytest.mark.parametrize("visitor", VISITORS)
def test_no_get_route_writes_for_any_visitor(app, client, org, login, make_user, objects, visitor):
    if visitor in ("stand_in", "expired_stand_in"):
        stand_in, expired_stand_in = stand_ins_of(app, org, make_user)
        login(stand_in if visitor == "stand_in" else expired_stand_in)
    elif visitor != "anonymous":
        login(getattr(org, visitor))
    written = {}
    for endpoint, (template, _expected) in ROUTES.items():
        url = template.format(**objects)
        writes = _writes_during(app, lambda url=url: client.get(url))
        if writes:
            written[endpoint] = writes
    assert written == {}, f"GET routes that wrote as {visitor}"


PAGES_OF_THE_CURRENT_CYCLE = ("/", "/pop/", "/pop/afdrukken", "/pop/pop.pdf", "/pop/doelen/nieuw")


@pytest.mark.parametrize("url", PAGES_OF_THE_CURRENT_CYCLE)
def test_pages_of_the_current_cycle_do_not_open_one(app, client, org, login, url):
    login(org.employee)
    assert _writes_during(app, lambda: client.get(url)) == []
    with app.app_context():
        assert db.session.scalar(select(Cycle)) is None
        assert db.session.scalar(select(Goal)) is None


HR_PAGES_BEFORE_THE_FIRST_CYCLE = (
    "/hr/overzicht",
    "/hr/overzicht.csv",
    "/hr/overzicht/medewerkers",
    "/hr/overzicht/doelen",
    "/hr/rapportages",
    "/hr/rapportages/voortgang",
    "/hr/rapportages/gesprekken",
    "/hr/rapportages/competenties",
    "/hr/rapportages/functies",
    "/hr/cycli",
)


@pytest.mark.parametrize("url", HR_PAGES_BEFORE_THE_FIRST_CYCLE)
def test_hr_pages_before_the_first_cycle_do_not_open_one(app, client, org, login, url):
    login(org.hr)
    response = None

    def visit():
        nonlocal response
        response = client.get(url)
        return response

    assert _writes_during(app, visit) == []
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Cycle)) is None


def test_the_overview_shows_the_latest_cycle_when_none_holds_today(app, client, org, login):
    with app.app_context():
        db.session.add(
            Cycle(
                name="2019", starts_on=date(2019, 1, 1), ends_on=date(2019, 12, 31), is_open=False
            )
        )
        db.session.commit()
    login(org.hr)
    assert _writes_during(app, lambda: client.get("/hr/overzicht")) == []
    page = client.get("/hr/overzicht").get_data(as_text=True)
    assert "2019" in page
    with app.app_context():
        assert db.session.scalars(select(Cycle.name)).all() == ["2019"]
