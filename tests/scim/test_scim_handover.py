"""A directory that names another manager hands the person over, as the person form does."""

from pop.models import NotificationKind
from tests.conversations.factories import make_conversation, make_cycle
from tests.conversations.test_handover import NOTES, conversation, notifications_of


def test_scim_hands_over_when_the_directory_names_another_manager(app, org, http):
    planned = make_conversation(
        app, org.employee, org.manager, make_cycle(app), preparation_notes=NOTES
    )
    body = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [
            {
                "op": "Replace",
                "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                "value": str(org.other_manager),
            }
        ],
    }
    response = http.patch(f"/Users/{org.employee}", json=body)
    assert response.status_code == 200, response.text
    assert conversation(app, planned).manager_id == org.other_manager
    assert notifications_of(app, org.manager, NotificationKind.MANAGER_HANDED_OVER)
