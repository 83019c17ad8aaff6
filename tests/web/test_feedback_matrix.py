"""The feedback routes walked as each kind of visitor, the feedback givers among them.

A conversation not yet held, with requests to two colleagues: the giver (whose request is
walked) and another giver of the same conversation, who must not see the first one's request.
"""

from datetime import date, timedelta

import pytest

from pop.extensions import db
from pop.models import (
    Conversation,
    ConversationKind,
    ConversationStatus,
    FeedbackRequest,
    Role,
)
from pop.plan.current_cycle import current_cycle
from tests.web.matrix import STAND_INS, assert_route_answers, assert_route_answers_in_turn
from tests.web.stand_ins import stand_ins_of

VISITORS = (
    "anonymous",
    "employee",
    "manager",
    "other_manager",
    "hr",
    "admin",
    "giver",
    "other_giver",
    "outsider",
    "stand_in",
    "expired_stand_in",
)
L = 302  # anonymous: to the log-in page

# (method, url template, expected status per visitor in the order of VISITORS)
CONVERSATION = "/gesprekken/{conversation}/feedback"
REQUEST = "/feedback/{request}"
# A stand-in for the manager today reads and asks as the manager; one whose period ended is
# like any other manager.
#            anon employee manager other_m hr  admin giver other_g outsider stand_in expired
PAGE = (L, 200, 200, 404, 200, 200, 404, 404, 404, 200, 404)
ASK = (L, 200, 200, 404, 403, 403, 404, 404, 404, 200, 404)
WITHDRAW = (L, 302, 302, 404, 403, 403, 404, 404, 404, 302, 404)
EVERYONE = (L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
GIVER_ONLY = (L, 404, 404, 404, 404, 404, 200, 404, 404, 404, 404)
ROUTES = {
    "conversation page": ("GET", CONVERSATION, PAGE),
    "ask (form with errors)": ("POST", CONVERSATION, ASK),
    "withdraw": ("POST", CONVERSATION + "/{request}/intrekken", WITHDRAW),
    "giver's list": ("GET", "/feedback", EVERYONE),
    "answer page": ("GET", REQUEST, GIVER_ONLY),
    "answer (nothing filled in)": ("POST", REQUEST, GIVER_ONLY),
}  # fmt: skip


@pytest.fixture
def setting(app, org, make_user) -> dict:
    other_giver = make_user("Olga Gever", department_id=org.department_b)
    outsider = make_user("Otto Buiten", roles={Role.EMPLOYEE}, department_id=org.department_b)
    stand_in, expired_stand_in = stand_ins_of(app, org, make_user)
    with app.app_context():
        conversation = Conversation(
            employee_id=org.employee,
            manager_id=org.manager,
            cycle_id=current_cycle().id,
            kind=ConversationKind.REVIEW.value,
            status=ConversationStatus.PLANNED.value,
            planned_on=date.today() + timedelta(days=20),
            rating_scale=["onvoldoende", "matig", "voldoende", "goed", "uitstekend"],
        )
        db.session.add(conversation)
        db.session.flush()
        requests = [
            FeedbackRequest(
                conversation_id=conversation.id,
                requester_id=org.employee,
                giver_id=giver,
                anonymous=True,
                expires_on=date.today() + timedelta(days=10),
            )
            for giver in (org.colleague, other_giver)
        ]
        db.session.add_all(requests)
        db.session.commit()
        return {
            "conversation": conversation.id,
            "request": requests[0].id,
            "visitors": {
                "anonymous": None,
                "employee": org.employee,
                "manager": org.manager,
                "other_manager": org.other_manager,
                "hr": org.hr,
                "admin": org.admin,
                "giver": org.colleague,
                "other_giver": other_giver,
                "outsider": outsider,
                "stand_in": stand_in,
                "expired_stand_in": expired_stand_in,
            },
        }


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("visitor", [name for name in VISITORS if name not in STAND_INS])
def test_feedback_route_answers_each_visitor_as_expected(client, login, setting, route, visitor):
    assert_route_answers(client, login, setting, ROUTES, route, VISITORS, visitor)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_feedback_route_answers_the_stand_ins_as_expected(client, login, setting, route):
    assert_route_answers_in_turn(client, login, setting, ROUTES, route, VISITORS, STAND_INS)


def test_every_feedback_route_is_walked(app):
    feedback_rules = {
        rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("feedback.")
    }
    walked = {template for _method, template, _expected in ROUTES.values()}
    as_rules = {
        rule.replace("<int:conversation_id>", "{conversation}").replace(
            "<int:request_id>", "{request}"
        )
        for rule in feedback_rules
    }
    assert as_rules == walked
