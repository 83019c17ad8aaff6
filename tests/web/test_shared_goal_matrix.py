"""The shared goal routes walked as each kind of visitor, the members and a stand-in among them.

Marieke's teamdoel, offered to Sanne (the member whose offer is walked) and Pieter (another
member, who must not see Sanne's offer). Kees stands in for Marieke today, Eva (a manager) did
until yesterday; HR limited to Marieke's department sees the goal, HR limited to the other
department does not.
"""

from datetime import date, timedelta

import pytest

from pop.extensions import db
from pop.models import HrScope, Role, SharedGoal, SharedGoalOffer, StandIn
from pop.plan.current_cycle import current_cycle
from tests.web.matrix import STAND_INS, assert_route_answers, assert_route_answers_in_turn

VISITORS = (
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_manager",
    "stand_in",
    "hr",
    "scoped_hr",
    "other_scoped_hr",
    "admin",
    "outsider",
    "expired_stand_in",
)
L = 302  # anonymous: to the log-in page

GOAL = "/gedeelde-doelen/{shared_goal}"
OFFER = "/gedeelde-doelen/aanbod/{offer}"
#         anon member other_m manager other_mgr stand_in hr scoped other_sc admin outsider expired
LISTERS = (L, 404, 404, 200, 200, 200, 200, 200, 200, 200, 404, 200)
MAKERS = (L, 404, 404, 200, 200, 200, 200, 200, 200, 200, 404, 200)  # a stand-in: for the team
MAKE_FORM = (L, 404, 404, 200, 200, 200, 200, 200, 200, 200, 404, 200)
READERS = (L, 404, 404, 200, 404, 200, 200, 200, 404, 200, 404, 404)
CREATOR = (L, 404, 404, 302, 404, 403, 403, 403, 404, 403, 404, 404)
MEMBER_PAGE = (L, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
MEMBER_ACTS = (L, 302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
MEMBER_FORM = (L, 200, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404)
ROUTES = {
    "list": ("GET", "/gedeelde-doelen/", LISTERS),
    "new (form)": ("GET", "/gedeelde-doelen/nieuw", MAKERS),
    "new (form with errors)": ("POST", "/gedeelde-doelen/nieuw", MAKE_FORM),
    "a goal's members": ("GET", GOAL, READERS),
    "offer again": ("POST", GOAL + "/verspreiden", CREATOR),
    "offer page": ("GET", OFFER, MEMBER_PAGE),
    "adopt": ("POST", OFFER + "/overnemen", MEMBER_ACTS),
    "adapt (form)": ("GET", OFFER + "/aanpassen", MEMBER_PAGE),
    "adapt (form with errors)": ("POST", OFFER + "/aanpassen", MEMBER_FORM),
    "decline (no reason)": ("POST", OFFER + "/afwijzen", MEMBER_FORM),
}  # fmt: skip


@pytest.fixture
def setting(app, org, make_user) -> dict:
    stand_in = make_user("Kees Vervanger", department_id=org.department_a)
    scoped_hr = make_user("Sacha HR", roles={Role.HR}, hr_organisation_wide=False)
    other_scoped_hr = make_user("Olaf HR", roles={Role.HR}, hr_organisation_wide=False)
    outsider = make_user("Otto Buiten", department_id=org.department_b)
    expired_stand_in = make_user(
        "Eva Oud-Vervanger", roles={Role.MANAGER, Role.EMPLOYEE}, department_id=org.department_b
    )
    with app.app_context():
        cycle = current_cycle()
        db.session.add_all(
            [
                HrScope(user_id=scoped_hr, department_id=org.department_a),
                HrScope(user_id=other_scoped_hr, department_id=org.department_b),
                StandIn(
                    manager_id=org.manager,
                    stand_in_id=stand_in,
                    starts_on=date.today() - timedelta(days=1),
                    ends_on=date.today() + timedelta(days=10),
                ),
                StandIn(  # until yesterday: today is the end date, the first without the rights
                    manager_id=org.manager,
                    stand_in_id=expired_stand_in,
                    starts_on=date.today() - timedelta(days=30),
                    ends_on=date.today(),
                ),
            ]
        )
        shared = SharedGoal(
            cycle_id=cycle.id,
            created_by_id=org.manager,
            team_manager_id=org.manager,
            title="Samen sneller",
            starts_on=cycle.starts_on,
            deadline=cycle.ends_on,
        )
        offer = SharedGoalOffer(shared_goal=shared, employee_id=org.employee)
        db.session.add_all([offer, SharedGoalOffer(shared_goal=shared, employee_id=org.colleague)])
        db.session.commit()
        return {
            "shared_goal": shared.id,
            "offer": offer.id,
            "visitors": {
                "anonymous": None,
                "member": org.employee,
                "other_member": org.colleague,
                "manager": org.manager,
                "other_manager": org.other_manager,
                "stand_in": stand_in,
                "hr": org.hr,
                "scoped_hr": scoped_hr,
                "other_scoped_hr": other_scoped_hr,
                "admin": org.admin,
                "outsider": outsider,
                "expired_stand_in": expired_stand_in,
            },
        }


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("visitor", [name for name in VISITORS if name not in STAND_INS])
def test_shared_goal_route_answers_each_visitor_as_expected(client, login, setting, route, visitor):
    assert_route_answers(client, login, setting, ROUTES, route, VISITORS, visitor)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_shared_goal_route_answers_the_stand_ins_as_expected(client, login, setting, route):
    assert_route_answers_in_turn(client, login, setting, ROUTES, route, VISITORS, STAND_INS)


def test_every_shared_goal_route_is_walked(app):
    walked = {(method, template) for method, template, _expected in ROUTES.values()}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("shared_goals."):
            continue
        template = rule.rule.replace("<int:shared_goal_id>", "{shared_goal}").replace(
            "<int:offer_id>", "{offer}"
        )
        for method in rule.methods & {"GET", "POST"}:
            assert (method, template) in walked, (method, template)
