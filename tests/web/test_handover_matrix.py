"""After a handover, the kept notes and the moved conversation walked as each kind of visitor.

Sanne moves from Marieke to Karim mid-cycle; her planned functioneringsgesprek goes to Karim and
Marieke's preparation is kept for Marieke. HR limited to Sanne's department sees that the notes
exist, HR limited to another department does not see the conversation at all; nobody but
Marieke ever reads the text.
"""

import pytest

from pop.extensions import db
from pop.models import ConversationKind, HrScope, Role, User
from pop.people import services as people
from tests.conversations.factories import make_conversation, make_cycle
from tests.conversations.test_handover import details_of
from tests.web.matrix import assert_route_answers

VISITORS = (
    "anonymous",
    "employee",
    "previous_manager",
    "new_manager",
    "hr",
    "scoped_hr",
    "other_scoped_hr",
    "admin",
)
L = 302  # anonymous: to the log-in page
NOTES = "Doorvragen over de overstap naar het wijkteam."
EXISTENCE = "had dit gesprek voorbereid"

#              anon employee previous new hr scoped other_sc admin
KEPT_PAGE = (L, 200, 200, 200, 200, 200, 200, 200)
CONVERSATION = (L, 200, 404, 200, 200, 200, 404, 200)
ROUTES = {
    "kept notes": ("GET", "/team/bewaarde-voorbereiding", KEPT_PAGE),
    "the moved conversation": ("GET", "/gesprekken/{conversation}", CONVERSATION),
}  # fmt: skip

# Who reads the text, and who learns that kept notes exist, on the pages they may open.
READS_TEXT = {"previous_manager"}
KNOWS_OF_THEM = {"new_manager", "hr", "scoped_hr", "admin"}


@pytest.fixture
def setting(app, org, make_user) -> dict:
    scoped_hr = make_user("Sacha HR", roles={Role.HR}, hr_organisation_wide=False)
    other_scoped_hr = make_user("Olaf HR", roles={Role.HR}, hr_organisation_wide=False)
    conversation = make_conversation(
        app,
        org.employee,
        org.manager,
        make_cycle(app),
        ConversationKind.REVIEW,
        preparation_notes=NOTES,
    )
    with app.app_context():
        db.session.add_all(
            [
                HrScope(user_id=scoped_hr, department_id=org.department_a),
                HrScope(user_id=other_scoped_hr, department_id=org.department_b),
            ]
        )
        person = db.session.get(User, org.employee)
        people.update_person(
            db.session.get(User, org.hr), person, details_of(person, manager_id=org.other_manager)
        )
        db.session.commit()
    return {
        "conversation": conversation,
        "visitors": {
            "anonymous": None,
            "employee": org.employee,
            "previous_manager": org.manager,
            "new_manager": org.other_manager,
            "hr": org.hr,
            "scoped_hr": scoped_hr,
            "other_scoped_hr": other_scoped_hr,
            "admin": org.admin,
        },
    }


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("visitor", VISITORS)
def test_handover_route_answers_each_visitor_as_expected(client, login, setting, route, visitor):
    assert_route_answers(client, login, setting, ROUTES, route, VISITORS, visitor)


@pytest.mark.parametrize("visitor", VISITORS[1:])
def test_only_the_previous_manager_reads_the_kept_notes(client, login, setting, visitor):
    login(setting["visitors"][visitor])
    pages = [client.get(template.format(**setting)) for _m, template, _e in ROUTES.values()]
    text = "".join(page.text for page in pages if page.status_code == 200)
    assert (NOTES in text) == (visitor in READS_TEXT)
    conversation = pages[1]
    if conversation.status_code == 200:
        assert (EXISTENCE in conversation.text) == (visitor in KNOWS_OF_THEM)
