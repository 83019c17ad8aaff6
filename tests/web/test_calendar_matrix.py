"""The cycle calendar's routes walked as each kind of visitor, HR limited to a department and an
HR user who is no employee among them.

Only HR for the whole organisation (and administrators) keeps a cycle's calendar; HR limited to
a department gets 403 (they may know the cycle exists), everyone else 404. The posts carry
filled-in forms: a department's window for Dienstverlening, the cycle's review window.
"""

from datetime import date

import pytest

from pop.extensions import db
from pop.models import ConversationDeadline, ConversationKind, Cycle, HrScope, Role
from pop.plan.current_cycle import current_cycle
from tests.web.matrix import assert_route_answers

VISITORS = (
    "anonymous",
    "employee",
    "manager",
    "other_manager",
    "hr",
    "hr_only",
    "scoped_hr",
    "admin",
)
L = 302  # anonymous: to the log-in page

CALENDAR = "/hr/cycli/{cycle}/kalender"
WINDOW = CALENDAR + "/afdeling/{window}/verwijderen"
OTHER_WINDOW = "/hr/cycli/{other_cycle}/kalender/afdeling/{window}/verwijderen"
#        anon employee manager other_mgr hr hr_only scoped admin
READERS = (L, 404, 404, 404, 200, 200, 403, 200)
MOVED = (L, 404, 404, 404, 301, 301, 403, 301)
KEEPERS = (L, 404, 404, 404, 302, 302, 403, 302)
FORM = (L, 404, 404, 404, 200, 200, 403, 200)
NOT_THIS_CYCLES = (L, 404, 404, 404, 404, 404, 403, 404)
ROUTES = {
    "the calendar": ("GET", CALENDAR, READERS),
    "the old address": ("GET", "/hr/cycli/{cycle}/termijnen", MOVED),
    "the cycle's windows (nothing sent: none)": ("POST", CALENDAR, KEEPERS),
    "a department's window (nothing sent)": ("POST", CALENDAR + "/afdeling", FORM),
    "remove a department's window": ("POST", WINDOW, KEEPERS),
    "remove another cycle's window": ("POST", OTHER_WINDOW, NOT_THIS_CYCLES),
}  # fmt: skip


@pytest.fixture
def setting(app, org, make_user) -> dict:
    hr_only = make_user("Henk HR", roles={Role.HR}, department_id=org.department_a)
    scoped_hr = make_user("Sacha HR", roles={Role.HR}, hr_organisation_wide=False)
    with app.app_context():
        cycle = current_cycle()
        db.session.add(HrScope(user_id=scoped_hr, department_id=org.department_a))
        window = ConversationDeadline(
            cycle_id=cycle.id,
            department_id=org.department_a,
            kind=ConversationKind.REVIEW.value,
            opens_on=date(cycle.starts_on.year, 5, 1),
            due_on=date(cycle.starts_on.year, 5, 31),
        )
        other = Cycle(
            name="Vorig jaar",
            starts_on=date(cycle.starts_on.year - 1, 1, 1),
            ends_on=date(cycle.starts_on.year - 1, 12, 31),
            is_open=False,
        )
        db.session.add_all([window, other])
        db.session.commit()
        return {
            "cycle": cycle.id,
            "other_cycle": other.id,
            "window": window.id,
            "visitors": {
                "anonymous": None,
                "employee": org.employee,
                "manager": org.manager,
                "other_manager": org.other_manager,
                "hr": org.hr,
                "hr_only": hr_only,
                "scoped_hr": scoped_hr,
                "admin": org.admin,
            },
        }


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("visitor", VISITORS)
def test_calendar_route_answers_each_visitor_as_expected(client, login, setting, route, visitor):
    assert_route_answers(client, login, setting, ROUTES, route, VISITORS, visitor)


def test_every_calendar_route_is_walked(app):
    walked = {(method, template) for method, template, _expected in ROUTES.values()}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("cycle_calendar.") and rule.endpoint != "cycles.deadlines":
            continue
        template = rule.rule.replace("<int:cycle_id>", "{cycle}").replace(
            "<int:window_id>", "{window}"
        )
        for method in rule.methods & {"GET", "POST"}:
            assert (method, template) in walked, f"{method} {template}"
