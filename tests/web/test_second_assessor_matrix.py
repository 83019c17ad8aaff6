"""The second assessor's routes walked as each kind of visitor, the second assessor among them.

An appraisal in a cycle that asks for a second assessor, finalised by the manager, so that it
is the second assessor's turn. The posts carry no fields: a button acts and redirects, a form
that needs input answers 422 with its errors.
"""

from datetime import datetime

import pytest

from pop.extensions import db
from pop.models import Conversation, HrScope, Role, SecondAssessment
from tests.conversations.factories import make_cycle
from tests.conversations.second_assessor_setting import make_setting
from tests.web.matrix import assert_route_answers

VISITORS = (
    "anonymous",
    "employee",
    "manager",
    "other_manager",
    "hr",
    "admin",
    "scoped_hr",
    "second_assessor",
    "other_director",
)
L = 302
CONVERSATION = "/gesprekken/{conversation}"
PAGE = CONVERSATION + "/tweede-beoordelaar"
# anon employee manager other_m hr admin scoped_hr second_assessor other_director
# (the posts are empty: "send back" and "name" answer 422 with their errors)
ROUTES = {
    "conversation": ("GET", CONVERSATION, (L, 200, 200, 404, 200, 200, 404, 200, 404)),
    "report": ("GET", CONVERSATION + "/verslag", (L, 200, 200, 404, 403, 403, 404, 200, 404)),
    "pdf": ("GET", CONVERSATION + "/verslag.pdf", (L, 200, 200, 404, 403, 403, 404, 200, 404)),
    "assessor page": ("GET", PAGE, (L, 403, 403, 404, 200, 200, 404, 200, 404)),
    "agree": ("POST", PAGE + "/akkoord", (L, 403, 403, 404, 403, 403, 404, 302, 404)),
    "send back": ("POST", PAGE + "/terugsturen", (L, 403, 403, 404, 403, 403, 404, 422, 404)),
    "name, empty": ("POST", PAGE + "/aanwijzen", (L, 403, 403, 404, 422, 422, 404, 403, 404)),
}  # fmt: skip


@pytest.fixture
def setting(app, org, make_user) -> dict:
    cycle_id = make_cycle(app)
    made = make_setting(app, org, make_user, cycle_id)
    other_director = make_user("Olaf Overste", roles={Role.MANAGER, Role.EMPLOYEE})
    scoped_hr = make_user(
        "Sacha Deel-HR",
        roles={Role.HR, Role.EMPLOYEE},
        department_id=org.department_b,
        hr_organisation_wide=False,
    )
    with app.app_context():
        db.session.add(HrScope(user_id=scoped_hr, department_id=org.department_b))
        conversation = db.session.get(Conversation, made.conversation)
        conversation.manager_signed_at = datetime(2026, 12, 1, 10, 0)
        db.session.add(
            SecondAssessment(
                conversation=conversation,
                assessor_id=made.director,
                requested_at=datetime(2026, 12, 1, 10, 0),
            )
        )
        db.session.commit()
    return {
        "conversation": made.conversation,
        "visitors": {
            "anonymous": None,
            "employee": org.employee,
            "manager": org.manager,
            "other_manager": org.other_manager,
            "hr": org.hr,
            "admin": org.admin,
            "scoped_hr": scoped_hr,
            "second_assessor": made.director,
            "other_director": other_director,
        },
    }


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("visitor", VISITORS)
def test_second_assessor_route_answers_each_visitor_as_expected(
    client, login, setting, route, visitor
):
    assert_route_answers(client, login, setting, ROUTES, route, VISITORS, visitor)


def test_every_second_assessor_route_is_walked(app):
    rules = {
        rule.rule.replace("<int:conversation_id>", "{conversation}")
        for rule in app.url_map.iter_rules()
        if "tweede-beoordelaar" in rule.rule and rule.endpoint.startswith("conversations.")
    }
    walked = {template for _method, template, _expected in ROUTES.values()}
    assert rules <= walked
    assert len(rules) == 4
