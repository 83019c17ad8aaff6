"""Every POST route, sent as each kind of visitor and as HR limited to another department.

The posts carry no form fields (CSRF is off in tests): a form that needs input answers 200
with its errors, an empty form (a button) does what it does and redirects, someone out of
scope gets 404 and someone who may only read gets 403. A new POST route must be added to
POST_ROUTES: `test_every_post_route_is_in_the_matrix` fails otherwise.
"""

from datetime import date, timedelta

import pytest

from pop.extensions import db
from pop.models import (
    Agreement,
    ConversationDeadline,
    ConversationKind,
    HrScope,
    Notification,
    Role,
    StandIn,
)
from pop.plan.current_cycle import current_cycle
from pop.scim import tokens
from tests.web.stand_ins import stand_ins_of

# Answered without a log-in: the redirect of an anonymous visitor goes elsewhere than log-in.
OPEN_POSTS = {"main.set_language"}
VISITORS = (
    "anonymous",
    "employee",
    "other_manager",
    "manager",
    "hr",
    "admin",
    "scoped_hr",
    "stand_in",  # for Marieke today
    "expired_stand_in",  # a manager whose stand-in for Marieke ended: like any other manager
)

# expected status per visitor, in the order of VISITORS
L = 302  # anonymous: to the log-in page (checked below); others: a redirect after acting
OWN_BUTTON = (
    L,
    302,
    404,
    403,
    403,
    403,
    404,
    403,
    404,
)  # the employee acts on their own goal/report
OWN_FORM = (L, 200, 404, 403, 403, 403, 404, 403, 404)  # ... through a form that needs input
MANAGER_BUTTON = (
    L,
    403,
    404,
    302,
    403,
    403,
    404,
    302,
    404,
)  # the manager of the conversation or goal
COMMENTERS = (L, 302, 404, 302, 403, 403, 404, 302, 404)  # the employee and their manager
HR_FORM = (
    L,
    404,
    404,
    404,
    200,
    200,
    200,
    404,
    404,
)  # HR, scoped or not, gets the form with errors
HR_PERSON = (
    L,
    404,
    404,
    404,
    302,
    302,
    404,
    404,
    404,
)  # HR acting on the employee (out of scope: 404)
HR_PERSON_FORM = (L, 404, 404, 404, 200, 200, 404, 404, 404)
ORGANISATION_HR = (L, 404, 404, 404, 200, 200, 403, 404, 404)  # only HR for the whole organisation
CATALOGUE_EDIT = (L, 403, 403, 403, 302, 302, 302, 403, 403)
OWN_SETTING = (L, 302, 302, 302, 302, 302, 302, 302, 302)  # one's own account or notifications
OWN_FORM_ALL = (L, 200, 200, 200, 200, 200, 200, 200, 200)
MANAGERS_FORM = (L, 404, 200, 200, 404, 404, 404, 200, 200)
OPEN_FORM = (200,) * 9
GONE = (410,) * 9

POST_ROUTES: dict[str, tuple[int, ...]] = {
    "account.forgot_password": OPEN_FORM,  # the same answer for every address
    "account.invite": HR_PERSON,
    "account.invite_all": (L, 404, 404, 404, 302, 302, 302, 404, 404),
    "account.reset_access": (L, 404, 404, 404, 404, 302, 404, 404, 404),  # administrators only
    "account.set_password": GONE,  # an unknown link
    "auth.change_password": OWN_FORM_ALL,
    "auth.login": (200, 302, 302, 302, 302, 302, 302, 302, 302),
    "auth.logout": (L, 302, 302, 302, 302, 302, 302, 302, 302),
    "catalogue.edit_competency": CATALOGUE_EDIT,
    "catalogue.edit_function": CATALOGUE_EDIT,
    "catalogue.import_confirm": (L, 404, 404, 404, 404, 404, 404, 404, 404),  # no import waiting
    "catalogue.import_upload": HR_FORM,
    "conversations.add_addendum": (L, 302, 404, 302, 403, 403, 404, 302, 404),
    "conversations.add_agreement": MANAGER_BUTTON,
    "conversations.cancel": MANAGER_BUTTON,
    "conversations.agreement_to_goal": MANAGER_BUTTON,
    "conversations.new": MANAGERS_FORM,
    "conversations.prepare": MANAGER_BUTTON,  # nothing sent: empty notes are saved
    "conversations.record": MANAGER_BUTTON,
    "conversations.remove_agreement": MANAGER_BUTTON,
    "conversations.reschedule": MANAGER_BUTTON,
    "conversations.respond": (L, 302, 404, 403, 403, 403, 404, 403, 404),
    "conversations.self_assessment": (L, 403, 404, 403, 403, 403, 404, 403, 404),  # already held
    "conversations.sign_as_employee": OWN_BUTTON,
    "conversations.sign_as_manager": MANAGER_BUTTON,
    # The second assessor (none of these visitors; test_second_assessor_matrix walks them).
    "conversations.second_assessor_agree": (L, 403, 404, 403, 403, 403, 404, 403, 404),
    "conversations.second_assessor_send_back": (L, 403, 404, 403, 403, 403, 404, 403, 404),
    "conversations.name_second_assessor": (L, 403, 404, 403, 422, 422, 404, 403, 404),
    "privacy.anonymise_person": HR_PERSON_FORM,
    "cycles.close_cycle": ORGANISATION_HR,
    "people.create_person": HR_FORM,
    "cycles.second_assessor": (L, 404, 404, 404, 302, 302, 403, 404, 404),
    # The cycle's calendar (test_calendar_matrix.py walks it with more visitors): nothing sent
    # removes the cycle's windows; a department's window needs its fields.
    "cycle_calendar.calendar_page": (L, 404, 404, 404, 302, 302, 403, 404, 404),
    "cycle_calendar.set_department_window": (L, 404, 404, 404, 200, 200, 403, 404, 404),
    "cycle_calendar.remove_department_window": (L, 404, 404, 404, 302, 302, 403, 404, 404),
    "cycles.ratings": (L, 404, 404, 404, 302, 302, 403, 404, 404),
    "people.deactivate_person": HR_PERSON,
    "people.edit_person": HR_PERSON,  # nothing sent: the form keeps the person as they are
    "people.import_people": HR_FORM,
    "cycles.new_cycle": ORGANISATION_HR,
    "people.reactivate_person": HR_PERSON,
    # Feedback (the conversation is held: no more asking); the giver: test_feedback_matrix.py.
    "feedback.answer": (L, 404, 404, 404, 404, 404, 404, 404, 404),
    # Objections (the matrix's appraisal has one already: lodging sends the employee to it).
    "objections.lodge": (L, 302, 404, 403, 403, 403, 404, 403, 404),
    "objections.take_up": (L, 403, 404, 404, 302, 302, 404, 404, 404),
    "objections.decide": (L, 403, 404, 404, 422, 422, 404, 404, 404),
    "feedback.conversation": (L, 403, 404, 403, 403, 403, 404, 403, 404),
    "feedback.withdraw": COMMENTERS,
    "main.set_language": (302,) * 9,
    "mfa.code": (302,) * 9,  # no password given first: back to the log-in page
    "mfa.new_recovery_codes": OWN_SETTING,
    "mfa.remove": OWN_SETTING,
    "mfa.setup": OWN_FORM_ALL,
    "notifications.mark_all_read": OWN_SETTING,
    "notifications.mark_read": (L, 302, 404, 404, 404, 404, 404, 404, 404),
    "notifications.renew_calendar_token": OWN_SETTING,
    "notifications.settings": OWN_FORM_ALL,
    "plan.agree": MANAGER_BUTTON,
    "plan.check_in": OWN_FORM,
    "plan.comment": COMMENTERS,
    "plan.complete": OWN_BUTTON,
    "plan.continue_goal": OWN_BUTTON,  # a goal of an open cycle: refused, back to the goal
    "plan.edit_goal": OWN_FORM,
    "plan.new_goal": OWN_FORM_ALL,
    "plan.propose": OWN_BUTTON,
    "plan.send_back": MANAGER_BUTTON,
    "plan.stop": COMMENTERS,
    # Shared goals (Marieke's teamdoel, Sanne's offer): test_shared_goal_matrix.py has more.
    "shared_goals.adapt": (L, 200, 404, 404, 404, 404, 404, 404, 404),
    "shared_goals.adopt": (L, 302, 404, 404, 404, 404, 404, 404, 404),
    "shared_goals.decline": (L, 200, 404, 404, 404, 404, 404, 404, 404),
    "shared_goals.distribute": (L, 404, 404, 302, 403, 403, 404, 403, 404),
    "shared_goals.new": (L, 404, 200, 200, 200, 200, 200, 200, 200),
    "team.arrange_stand_in": (
        L,
        404,
        200,
        200,
        200,
        200,
        200,
        404,
        200,
    ),  # the form with its errors
    "team.end_stand_in": (
        L,
        404,
        404,
        302,
        302,
        302,
        404,
        404,
        404,
    ),  # Marieke's own, or HR in scope
    "scim_admin.index": (
        L,
        404,
        404,
        404,
        404,
        400,
        404,
        404,
        404,
    ),  # an empty token form is refused
    "scim_admin.revoke": (L, 404, 404, 404, 404, 302, 404, 404, 404),
}


@pytest.fixture
def visitors(app, org, make_user) -> dict[str, int | None]:
    """The six kinds of visitor, and HR limited to the department of the other team."""
    scoped_hr = make_user(
        "Sacha Deel-HR",
        roles={Role.HR, Role.EMPLOYEE},
        department_id=org.department_b,
        hr_organisation_wide=False,
    )
    stand_in, expired_stand_in = stand_ins_of(app, org, make_user)
    return {
        "anonymous": None,
        "employee": org.employee,
        "other_manager": org.other_manager,
        "manager": org.manager,
        "hr": org.hr,
        "admin": org.admin,
        "scoped_hr": scoped_hr,
        "stand_in": stand_in,
        "expired_stand_in": expired_stand_in,
    }


@pytest.fixture
def post_objects(app, org, objects, visitors, make_user) -> dict[str, int]:
    """The access matrix's objects, an agreement, a notification, the scoped HR's scope, and a
    coming stand-in for Marieke (by someone who is none of the visitors)."""
    deputy = make_user("Vera Vervanger", department_id=org.department_b)
    with app.app_context():
        db.session.add(HrScope(user_id=visitors["scoped_hr"], department_id=org.department_b))
        agreement = Agreement(
            conversation_id=objects["conversation"], what="Cursus volgen", due_on=date.today()
        )
        notification = Notification(
            recipient_id=org.employee, kind="goal_agreed", object_type="Goal", object_id=1
        )
        arrangement = StandIn(
            manager_id=org.manager,
            stand_in_id=deputy,
            starts_on=date.today() + timedelta(days=7),
            ends_on=date.today() + timedelta(days=14),
        )
        window = ConversationDeadline(
            cycle_id=objects["cycle"],
            department_id=org.department_a,
            kind=ConversationKind.REVIEW.value,
            opens_on=current_cycle().starts_on,
            due_on=current_cycle().ends_on,
        )
        db.session.add_all([agreement, notification, arrangement, window])
        scim_token = tokens.create_token(None, "Entra ID").token
        db.session.commit()
        return {
            **objects,
            "agreement": agreement.id,
            "arrangement": arrangement.id,
            "notification": notification.id,
            "person": org.employee,
            "token": "onjuist-token",
            "token_id": scim_token.id,
            "window": window.id,
        }


def _url(rule, values: dict[str, int]) -> str:
    url = rule.rule
    for argument in rule.arguments:
        key = argument if argument in values else argument.removesuffix("_id")
        url = url.replace(f"<int:{argument}>", str(values[key]))
        url = url.replace(f"<{argument}>", str(values.get(key, "x")))
    return url


def _post_rules(app) -> dict:
    return {
        rule.endpoint: rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.endpoint.startswith("scim.")  # bearer tokens
    }


def test_every_post_route_is_in_the_matrix(app):
    assert set(_post_rules(app)) == set(POST_ROUTES), "add the new POST routes to POST_ROUTES"


def _answer(app, client, login, visitors, post_objects, endpoint, visitor) -> tuple | None:
    """`endpoint` posted as `visitor`: None if it answered as POST_ROUTES says, else what it did."""
    if visitors[visitor] is not None:
        login(visitors[visitor])
    response = client.post(_url(_post_rules(app)[endpoint], post_objects))
    expected = POST_ROUTES[endpoint][VISITORS.index(visitor)]
    try:
        if response.status_code != expected:
            return (visitor, endpoint, response.status_code, expected)
        to_login = visitor == "anonymous" and expected == 302 and endpoint not in OPEN_POSTS
        if to_login and not response.headers["Location"].startswith("/auth/login"):
            return (visitor, endpoint, response.headers["Location"], "/auth/login")
        return None
    finally:
        response.close()


# A refusal (to the log-in page, 401, 403, 404, 410) stores nothing, so the visitors a route
# refuses are sent one after another on one setting; each visitor it lets act gets a fresh one.
REFUSALS = {401, 403, 404, 405, 410}


def _refuses(endpoint: str, visitor: str) -> bool:
    expected = POST_ROUTES[endpoint][VISITORS.index(visitor)]
    if visitor == "anonymous":
        return (expected == 302 and endpoint not in OPEN_POSTS) or expected in REFUSALS
    return expected in REFUSALS


@pytest.mark.parametrize("endpoint", sorted(POST_ROUTES))
def test_post_route_refuses_the_visitors_it_should(
    app, client, login, visitors, post_objects, endpoint
):
    wrong = []
    for visitor in VISITORS:
        if _refuses(endpoint, visitor):
            wrong.append(_answer(app, client, login, visitors, post_objects, endpoint, visitor))
            client.post("/auth/logout")
    assert [answer for answer in wrong if answer is not None] == []


@pytest.mark.parametrize(
    ("endpoint", "visitor"),
    [
        (endpoint, visitor)
        for endpoint in sorted(POST_ROUTES)
        for visitor in VISITORS
        if not _refuses(endpoint, visitor)
    ],
)
def test_post_route_lets_each_visitor_act_as_expected(
    app, client, login, visitors, post_objects, endpoint, visitor
):
    assert _answer(app, client, login, visitors, post_objects, endpoint, visitor) is None
