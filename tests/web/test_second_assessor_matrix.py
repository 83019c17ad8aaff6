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
from tests.web.matrix import STAND_INS, assert_route_answers, assert_route_answers_in_turn
from tests.web.stand_ins import stand_ins_of

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
    "stand_in",
    "expired_stand_in",
)
L = 302
CONVERSATION = "/gesprekken/{conversation}"
PAGE = CONVERSATION + "/tweede-beoordelaar"
# anon employee manager other_m hr admin scoped_hr second_assessor other_director stand_in expired
# (the posts are empty: "send back" and "name" answer 422 with their errors; a stand-in for the
# manager reads the report as the manager does and is no second assessor)
READERS = (L, 200, 200, 404, 403, 403, 404, 200, 404, 200, 404)
SEND_BACK = (L, 403, 403, 404, 403, 403, 404, 422, 404, 403, 404)
NAME = (L, 403, 403, 404, 422, 422, 404, 403, 404, 403, 404)
ROUTES = {
    "conversation": ("GET", CONVERSATION, (L, 200, 200, 404, 200, 200, 404, 200, 404, 200, 404)),
    "report": ("GET", CONVERSATION + "/verslag", READERS),
    "pdf": ("GET", CONVERSATION + "/verslag.pdf", READERS),
    "assessor page": ("GET", PAGE, (L, 403, 403, 404, 200, 200, 404, 200, 404, 403, 404)),
    "agree": ("POST", PAGE + "/akkoord", (L, 403, 403, 404, 403, 403, 404, 302, 404, 403, 404)),
    "send back": ("POST", PAGE + "/terugsturen", SEND_BACK),
    "name, empty": ("POST", PAGE + "/aanwijzen", NAME),
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
    stand_in, expired_stand_in = stand_ins_of(app, org, make_user)
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
            "stand_in": stand_in,
            "expired_stand_in": expired_stand_in,
        },
    }


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("visitor", [name for name in VISITORS if name not in STAND_INS])
def test_second_assessor_route_answers_each_visitor_as_expected(
    client, login, setting, route, visitor
):
    assert_route_answers(client, login, setting, ROUTES, route, VISITORS, visitor)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_second_assessor_route_answers_the_stand_ins_as_expected(client, login, setting, route):
    assert_route_answers_in_turn(client, login, setting, ROUTES, route, VISITORS, STAND_INS)


def test_every_second_assessor_route_is_walked(app):
    rules = {
        rule.rule.replace("<int:conversation_id>", "{conversation}")
        for rule in app.url_map.iter_rules()
        if "tweede-beoordelaar" in rule.rule and rule.endpoint.startswith("conversations.")
    }
    walked = {template for _method, template, _expected in ROUTES.values()}
    assert rules <= walked
    assert len(rules) == 4
