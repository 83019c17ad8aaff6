"""`pop scim-token create NAME` prints a working token on its last line; `revoke NAME` ends it."""

from sqlalchemy import select

from pop.extensions import db
from pop.models import AuditEvent, ScimToken


def test_created_token_works_until_it_is_revoked(app, runner, client, org):
    created = runner.invoke(args=["scim-token", "create", "Entra ID"])
    assert created.exit_code == 0, created.output
    secret = created.output.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/scim/v2/Users", headers=headers).status_code == 200

    again = runner.invoke(args=["scim-token", "create", "Entra ID"])
    assert again.exit_code != 0
    assert "al een geldig token" in again.output

    revoked = runner.invoke(args=["scim-token", "revoke", "Entra ID"])
    assert revoked.exit_code == 0, revoked.output
    assert client.get("/scim/v2/Users", headers=headers).status_code == 401
    assert runner.invoke(args=["scim-token", "revoke", "Entra ID"]).exit_code != 0
    with app.app_context():
        token = db.session.scalar(select(ScimToken))
        assert secret not in token.token_hash
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions == ["scim_token_created", "scim_token_revoked"]


def test_a_name_is_required(runner):
    result = runner.invoke(args=["scim-token", "create", "  "])
    assert result.exit_code != 0
    assert "naam" in result.output
