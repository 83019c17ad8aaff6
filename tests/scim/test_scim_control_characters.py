"""SCIM refuses a person whose name or userName holds a line break or other control character.

The same rule as the person form and the CSV import (tests/hr/test_control_characters.py).
"""

import json

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import User

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"


@pytest.mark.parametrize(
    "body",
    [
        {"schemas": [USER_SCHEMA], "userName": "jan@pop.example", "displayName": "Jan\r\nJansen"},
        {
            "schemas": [USER_SCHEMA],
            "userName": "jan@pop.example",
            "name": {"formatted": "Jan\x00Jansen"},
        },
        {"schemas": [USER_SCHEMA], "userName": "jan\x1b@pop.example", "displayName": "Jan"},
    ],
)
def test_scim_refuses_a_person_with_control_characters(app, http, org, body):
    before = people_count(app)

    response = http.post(
        "/Users", content=json.dumps(body), headers={"Content-Type": "application/scim+json"}
    )

    assert response.status_code == 400, response.text
    assert response.json()["scimType"] == "invalidValue"
    assert people_count(app) == before


def test_scim_refuses_renaming_a_person_to_hold_a_line_break(app, http, org):
    with app.app_context():
        email = db.session.get(User, org.employee).email
    body = {"schemas": [USER_SCHEMA], "userName": email, "displayName": "Sanne\nMedewerker"}

    response = http.put(
        f"/Users/{org.employee}",
        content=json.dumps(body),
        headers={"Content-Type": "application/scim+json"},
    )

    assert response.status_code == 400, response.text
    with app.app_context():
        assert db.session.get(User, org.employee).name == "Sanne Medewerker"


def people_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))
