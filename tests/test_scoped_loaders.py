"""The loaders whose statements are built once per kind of viewer (`scoped_one_or_404`).

Each viewer below is of a kind that another one shares (two team leads, two organisation-wide
HR users, two managers of a kind), so a statement built for the first is run for the second with
the second's values: every viewer must find exactly what the rules give them, whichever of
them asked first, and the bound form of a scope must select what its literal form selects.
"""

from datetime import datetime

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from pop import access
from pop.access_support import scope_terms
from pop.extensions import db
from pop.models import CheckIn, HrScope, Role, SecondAssessment, User
from tests.conversations import factories
from tests.team.arrangements import arrange


@pytest.fixture
def world(app, org, make_user):
    """Three conversations, a goal with a check-in per person, a stand-in (Pieter for Karim
    today), a second assessor (Karim on Sanne's conversation), HR over department B only and HR
    over nothing."""
    scoped_hr = make_user("HR Sociaal", roles={Role.HR}, hr_organisation_wide=False)
    unscoped_hr = make_user("HR Zonder", roles={Role.HR}, hr_organisation_wide=False)
    cycle = factories.make_cycle(app)
    people = [
        org.employee,
        org.colleague,
        org.manager,
        org.other_manager,
        org.other_employee,
        org.hr,
        scoped_hr,
    ]
    goals = {person: factories.make_goal(app, person, cycle, check_ins=1) for person in people}
    conversations = {
        "sanne": factories.make_conversation(app, org.employee, org.manager, cycle),
        "lotte": factories.make_conversation(app, org.other_employee, org.other_manager, cycle),
        "pieter": factories.make_conversation(app, org.colleague, org.manager, cycle),
    }
    arrange(app, org.other_manager, org.colleague)
    with app.app_context():
        db.session.add(HrScope(user_id=scoped_hr, department_id=org.department_b))
        db.session.add(
            SecondAssessment(
                conversation_id=conversations["sanne"],
                assessor_id=org.other_manager,
                requested_at=datetime(2026, 12, 1, 10, 0),
            )
        )
        db.session.commit()
        check_ins = {
            person: db.session.scalar(select(CheckIn.id).where(CheckIn.goal_id == goal))
            for person, goal in goals.items()
        }
    everyone = {*people, org.admin, unscoped_hr}
    c = conversations
    seen = {  # viewer: (people whose goals, conversations, team members)
        org.employee: ({org.employee}, {c["sanne"]}, set()),
        org.colleague: (
            {org.colleague, org.other_employee},
            {c["pieter"], c["lotte"]},
            {org.other_employee},
        ),
        org.manager: (
            {org.manager, org.employee, org.colleague},
            {c["sanne"], c["pieter"]},
            {org.employee, org.colleague},
        ),
        org.other_manager: (
            {org.other_manager, org.other_employee},
            {c["lotte"], c["sanne"]},
            {org.other_employee},
        ),
        org.other_employee: ({org.other_employee}, {c["lotte"]}, set()),
        org.hr: (set(people), set(c.values()), everyone - {org.hr}),
        org.admin: (set(people), set(c.values()), everyone - {org.admin}),
        scoped_hr: (
            {scoped_hr, org.other_manager, org.other_employee},
            {c["lotte"]},
            {org.other_manager, org.other_employee},
        ),
        unscoped_hr: (set(), set(), set()),
    }
    return goals, check_ins, conversations, everyone, seen


def _found(load, *args) -> bool:
    try:
        load(*args)
    except NotFound:
        return False
    return True


def _what_each_viewer_finds(app, world, order) -> dict:
    goals, check_ins, conversations, everyone, _ = world
    found = {}
    for viewer_id in order:
        with app.test_request_context():  # a request each: nothing of one viewer's is kept
            viewer = db.session.get(User, viewer_id)
            found[viewer_id] = (
                {p for p, g in goals.items() if _found(access.get_goal_or_404, viewer, g)},
                {p for p, i in check_ins.items() if _found(access.get_check_in_or_404, viewer, i)},
                {
                    c
                    for c in conversations.values()
                    if _found(access.get_conversation_or_404, viewer, c)
                },
                {p for p in everyone if _found(access.get_team_member_or_404, viewer, p)},
            )
    return found


def test_every_viewer_finds_what_the_rules_give_them_in_either_order(app, world):
    seen = world[4]
    order = list(seen)
    for viewers in (order, order[::-1]):
        found = _what_each_viewer_finds(app, world, viewers)
        for viewer, (goal_owners, conversations, team) in seen.items():
            assert found[viewer] == (goal_owners, goal_owners, conversations, team), viewer


def test_a_loader_with_options_loads_them_for_each_viewer_of_a_kind(app, org, world):
    from pop.conversations.queries import CONVERSATION_VIEW

    conversations = world[2]
    for viewer_id, conversation_id in (
        (org.manager, conversations["sanne"]),
        (org.other_manager, conversations["lotte"]),
    ):
        with app.test_request_context():
            viewer = db.session.get(User, viewer_id)
            loaded = access.get_conversation_or_404(viewer, conversation_id, CONVERSATION_VIEW)
            assert loaded.id == conversation_id
            assert "employee" in loaded.__dict__  # joined in, not loaded when first read
            assert loaded.manager_id == viewer_id


def test_the_bound_scope_selects_what_the_viewers_own_values_select(app, world):
    """`people_scope` with the viewer's values against the same rule as bound parameters."""
    from pop.access import _people
    from pop.access_support import bound_terms, scope_values

    for viewer_id in world[4]:
        with app.test_request_context():
            viewer = db.session.get(User, viewer_id)
            terms = scope_terms(viewer)
            literal = set(db.session.scalars(select(User.id).where(access.people_scope(viewer))))
            bound = set(
                db.session.scalars(
                    select(User.id).where(_people(bound_terms(terms.kind))), scope_values(terms)
                )
            )
            assert literal == bound, viewer_id
