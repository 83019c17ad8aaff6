"""What SCIM refuses: no or a wrong token is 401, a malformed request a SCIM 400, never a 500."""

import httpx2
import pytest
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import SCIMException
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import AuditEvent, User
from pop.scim import tokens

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def people_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(User.id)))


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer pop_scim_wrong", "Basic eDp5"])
def test_without_a_valid_token_every_endpoint_is_401(live_server, org, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    with httpx2.Client(base_url=f"{live_server}/scim/v2", headers=headers) as client:
        for method, path in [
            ("GET", "/Users"),
            ("GET", f"/Users/{org.employee}"),
            ("POST", "/Users"),
            ("PATCH", f"/Users/{org.employee}"),
            ("DELETE", f"/Users/{org.employee}"),
            ("GET", "/ServiceProviderConfig"),
            ("GET", "/Schemas"),
        ]:
            response = client.request(method, path, json={})
            assert response.status_code == 401, (method, path)
            assert response.headers["Content-Type"].startswith("application/scim+json")
            assert response.json()["schemas"] == [ERROR_SCHEMA]
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused_by_the_scim_client(app, live_server, scim_secret, org):
    with app.app_context():
        tokens.revoke_token(None, tokens.active_token_named("Entra ID"))
        db.session.commit()
    with httpx2.Client(
        base_url=f"{live_server}/scim/v2", headers={"Authorization": f"Bearer {scim_secret}"}
    ) as http:
        client = SyncSCIMClient(http)
        with pytest.raises(SCIMException) as refused:
            client.discover()
    assert refused.value.status == 401


def test_a_token_is_stored_only_as_its_hash(app, scim_secret):
    with app.app_context():
        token = tokens.active_token_named("Entra ID")
        assert token.token_hash != scim_secret
        assert scim_secret not in token.token_hash
        assert tokens.token_for_secret(scim_secret) == token


MALFORMED_CREATIONS = [
    b"{not json",
    b"[1, 2]",
    b"",
    b'"userName"',
    b'{"schemas": ["' + USER_SCHEMA.encode() + b'"]}',
    b'{"schemas": ["' + USER_SCHEMA.encode() + b'"], "userName": 12}',
    b'{"schemas": ["' + USER_SCHEMA.encode() + b'"], "userName": "geen-adres"}',
    b'{"schemas": ["' + USER_SCHEMA.encode() + b'"], "userName": "a@b.nl", "active": "misschien"}',
    b'{"schemas": ["urn:nope"], "userName": "a@b.nl"}',
    b'{"schemas": ["' + USER_SCHEMA.encode() + b'"], "userName": "a@b.nl", "emails": "x"}',
    b'{"schemas": ["' + USER_SCHEMA.encode() + b'", "urn:ietf:params:scim:schemas:extension:'
    b'enterprise:2.0:User"], "userName": "a@b.nl", "urn:ietf:params:scim:schemas:extension:'
    b'enterprise:2.0:User": {"manager": {"value": "99999"}}}',
    b'{"schemas": ["' + USER_SCHEMA.encode() + b'"], "userName": "' + b"x" * 300 + b'@b.nl"}',
]


@pytest.mark.parametrize("body", MALFORMED_CREATIONS)
def test_malformed_creation_is_a_scim_400_and_stores_nothing(app, http, org, body):
    before = people_count(app)
    response = http.post("/Users", content=body, headers={"Content-Type": "application/scim+json"})
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["schemas"] == [ERROR_SCHEMA]
    assert error["status"] == "400"
    assert error.get("detail")
    assert people_count(app) == before


MALFORMED_PATCHES = [
    {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "explode", "path": "active"}]},
    {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "replace", "path": "active", "value": "misschien"}],
    },
    {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "path": "[[[", "value": 1}]},
    {"schemas": [PATCH_SCHEMA], "Operations": "replace"},
    {"schemas": [PATCH_SCHEMA]},
    {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "replace", "path": "userName", "value": "geen-adres"}],
    },
    {"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "path": "id", "value": "5"}]},
]


@pytest.mark.parametrize("body", MALFORMED_PATCHES)
def test_malformed_patch_is_a_scim_400_and_changes_nothing(app, http, org, body):
    with app.app_context():
        events_before = db.session.scalar(select(func.count(AuditEvent.id)))
    response = http.patch(f"/Users/{org.employee}", json=body)
    assert response.status_code == 400, response.text
    assert response.json()["schemas"] == [ERROR_SCHEMA]
    with app.app_context():
        assert db.session.get(User, org.employee).active is True
        assert db.session.scalar(select(func.count(AuditEvent.id))) == events_before


@pytest.mark.parametrize(
    "expression",
    ["userName eq", 'title eq "x"', 'userName co "a"', 'userName eq "a" or userName eq "b"', "((("],
)
def test_an_unsupported_or_broken_filter_is_invalid_filter(http, org, expression):
    response = http.get("/Users", params={"filter": expression})
    assert response.status_code == 400, response.text
    assert response.json()["scimType"] == "invalidFilter"


def test_a_bad_count_is_a_400_and_a_missing_person_a_404(http, org):
    assert http.get("/Users", params={"count": "veel"}).status_code == 400
    for path in ("/Users/999999", "/Users/abc", "/Groups", "/Users/1/extra"):
        response = http.get(path)
        assert response.status_code == 404, path
        assert response.json()["schemas"] == [ERROR_SCHEMA]
