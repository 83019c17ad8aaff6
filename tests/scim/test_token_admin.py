"""An administrator makes, sees and revokes SCIM tokens in the UI; the token is shown once."""

from sqlalchemy import select

from pop.extensions import db
from pop.models import AuditEvent, ScimToken


def test_admin_makes_a_token_that_is_shown_once_and_works(app, client, org, login):
    login(org.admin)
    response = client.post("/beheer/scim/", data={"name": "Entra ID"})
    assert response.status_code == 200
    secret = response.text.split('<code class="secret">pop_scim_')[1].split("<")[0]
    secret = "pop_scim_" + secret
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/scim/v2/Users", headers=headers).status_code == 200
    page = client.get("/beheer/scim/").text
    assert "Entra ID" in page
    assert secret not in page  # shown once
    with app.app_context():
        token = db.session.scalar(select(ScimToken))
        assert secret not in token.token_hash
        token_id = token.id
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "scim_token_created")
        )
        assert event.actor_id == org.admin

    response = client.post(f"/beheer/scim/{token_id}/intrekken")
    assert response.status_code == 302
    assert "is ingetrokken" in client.get("/beheer/scim/").text
    assert client.get("/scim/v2/Users", headers=headers).status_code == 401


def test_a_token_without_a_name_or_with_a_taken_name_is_refused(app, client, org, login):
    login(org.admin)
    assert client.post("/beheer/scim/", data={"name": "  "}).status_code == 400
    client.post("/beheer/scim/", data={"name": "Entra ID"})
    again = client.post("/beheer/scim/", data={"name": "Entra ID"})
    assert again.status_code == 400
    assert "al een geldig token" in again.text
    with app.app_context():
        assert len(db.session.scalars(select(ScimToken)).all()) == 1


def test_only_an_administrator_may_revoke(app, client, org, login, runner):
    runner.invoke(args=["scim-token", "create", "Entra ID"])
    with app.app_context():
        token_id = db.session.scalar(select(ScimToken.id))
    login(org.hr)
    assert client.post(f"/beheer/scim/{token_id}/intrekken").status_code == 404
    assert client.post("/beheer/scim/", data={"name": "x"}).status_code == 404
    with app.app_context():
        assert db.session.get(ScimToken, token_id).active


def test_audit_log_names_the_token_that_made_a_change(app, client, org, login, runner):
    made = runner.invoke(args=["scim-token", "create", "Entra ID"])
    secret = made.output.strip().splitlines()[-1]
    client.delete(f"/scim/v2/Users/{org.employee}", headers={"Authorization": f"Bearer {secret}"})
    login(org.admin)
    assert "SCIM-token ‘Entra ID’" in client.get("/hr/auditlog").text
