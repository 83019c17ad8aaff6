"""Logging in through a real OpenID Connect provider, and every way that log-in is refused."""

import re
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest
from sqlalchemy import select

from pop.extensions import db
from pop.models import OidcLink, Role, User
from tests.conftest import PASSWORD, email_of
from tests.oidc_provider import CLOCK_BEHIND_CLIENT, UNPUBLISHED_KEY_CLIENT
from tests.sso.conftest import counts, query_of

REFUSED_IDENTITY = "De inlogdienst kon niet bevestigen wie je bent."


@pytest.fixture
def sanne(make_user):
    return make_user("Sanne Medewerker", email="Sanne@Gemeente.nl")


def assert_refused(client, response, message: str) -> None:
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login"
    assert message in client.get("/auth/login").text
    assert client.get("/").status_code == 302  # not logged in


def test_login_page_offers_the_organisation(client, use_provider, provider):
    response = client.get("/auth/login")
    assert "Inloggen met Gemeente Voorbeeld" in response.text
    assert 'name="password"' in response.text
    # Log-out redirects a form to the provider: the page's policy must allow that target.
    assert f"form-action 'self' {provider}" in response.headers["Content-Security-Policy"]


def test_authorization_request_uses_pkce_state_and_nonce(start_login, provider):
    authorize_url = start_login()
    assert authorize_url.startswith(provider)
    query = query_of(authorize_url)
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) >= 43
    assert query["state"]
    assert query["nonce"]
    assert set(query["scope"].split()) >= {"openid", "email"}


def test_first_login_links_by_email_then_by_sub(app, client, use_provider, log_in_as, sanne):
    response = log_in_as("sub-sanne")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    with app.app_context():
        link = db.session.scalar(select(OidcLink))
        assert (link.user_id, link.subject) == (sanne, "sub-sanne")
        # A new address in POP changes nothing: from now on the sub counts.
        db.session.get(User, sanne).email = "s.medewerker@gemeente.nl"
        db.session.commit()
    client.post("/auth/logout")
    assert log_in_as("sub-sanne").headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_next_page_is_kept_through_the_provider(client, use_provider, start_login, sanne):
    from tests.oidc_provider import sign_in_at_provider

    callback = sign_in_at_provider(start_login("/functies/"), "sub-sanne", "http://localhost/")
    response = client.get(callback.removeprefix("http://localhost"))
    assert response.headers["Location"] == "/functies/"


def test_linking_by_employee_number(app, client, use_provider, log_in_as, make_user):
    use_provider(OIDC_LINK_BY="employee_number")
    person = make_user("Nummer Persoon")  # employee number E00001
    with app.app_context():
        db.session.get(User, person).employee_number = "E00042"
        db.session.commit()
    assert log_in_as("sub-nummer").headers["Location"] == "/"
    with app.app_context():
        assert db.session.scalar(select(OidcLink.user_id)) == person


def test_wrong_state_is_refused(app, client, use_provider, log_in_as, sanne):
    before = counts(app)

    def other_state(authorize_url):
        return authorize_url

    def swap_state(callback):
        parts = urlsplit(callback)
        query = {**query_of(callback), "state": "not-the-state-pop-sent"}
        return urlunsplit(parts._replace(query=urlencode(query)))

    other_state.on_callback = swap_state
    response = log_in_as("sub-sanne", tamper=other_state)
    assert_refused(client, response, "Deze aanmelding is verlopen of niet hier begonnen.")
    assert counts(app) == before


def test_callback_without_a_login_started_here_is_refused(app, client, use_provider, sanne):
    response = client.get("/auth/oidc/callback?code=abc&state=def")
    assert_refused(client, response, "Deze aanmelding is verlopen of niet hier begonnen.")


def test_wrong_nonce_is_refused(app, client, use_provider, log_in_as, sanne, caplog):
    before = counts(app)

    def other_nonce(authorize_url):
        return re.sub(r"nonce=[^&]+", "nonce=a-nonce-pop-never-sent", authorize_url)

    response = log_in_as("sub-sanne", tamper=other_nonce)
    assert_refused(client, response, REFUSED_IDENTITY)
    assert "Invalid claim: 'nonce'" in caplog.text
    assert counts(app) == before


def test_expired_id_token_is_refused(app, client, use_provider, log_in_as, sanne, caplog):
    use_provider(client_id=CLOCK_BEHIND_CLIENT)
    before = counts(app)
    assert_refused(client, log_in_as("sub-sanne"), REFUSED_IDENTITY)
    assert "ExpiredTokenError" in caplog.text
    assert counts(app) == before


def test_id_token_signed_by_an_unpublished_key_is_refused(
    app, client, use_provider, log_in_as, sanne, caplog
):
    use_provider(client_id=UNPUBLISHED_KEY_CLIENT)
    before = counts(app)
    assert_refused(client, log_in_as("sub-sanne"), REFUSED_IDENTITY)
    assert "BadSignatureError" in caplog.text
    assert counts(app) == before


def test_unknown_person_is_refused_and_nothing_created(app, client, use_provider, log_in_as):
    before = counts(app)
    response = log_in_as("sub-onbekend")
    assert_refused(client, response, "Je bent bij Gemeente Voorbeeld bekend, maar niet in POP.")
    assert counts(app) == before


def test_deactivated_person_is_refused_and_not_linked(
    app, client, use_provider, log_in_as, make_user
):
    make_user("Oud Collega", email="oud@gemeente.nl", active=False)
    before = counts(app)
    assert_refused(client, log_in_as("sub-oud"), "Je account in POP is gedeactiveerd.")
    assert counts(app) == before


def test_unknown_person_arrives_as_employee_when_enabled(app, client, use_provider, log_in_as):
    use_provider(OIDC_CREATE_PEOPLE=True)
    assert log_in_as("sub-onbekend").headers["Location"] == "/"
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "nieuw@gemeente.nl"))
        assert person.name == "Nieuw Iemand"
        assert person.roles == {Role.EMPLOYEE}
        assert person.password_hash is None


def test_login_never_creates_or_promotes_an_administrator(
    app, client, use_provider, log_in_as, make_user
):
    use_provider(OIDC_CREATE_PEOPLE=True)
    assert log_in_as("sub-baas").headers["Location"] == "/"
    with app.app_context():
        person = db.session.scalar(select(User).where(User.email == "baas@gemeente.nl"))
        assert person.roles == {Role.EMPLOYEE}


def test_logout_ends_the_session_at_the_provider_too(
    client, use_provider, log_in_as, sanne, provider
):
    log_in_as("sub-sanne")
    response = client.post("/auth/logout")
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target.startswith(provider)
    query = query_of(target)
    assert query["post_logout_redirect_uri"] == "http://localhost/auth/login"
    assert query["id_token_hint"].count(".") == 2
    assert client.get("/").status_code == 302


def test_password_logout_stays_in_pop(app, client, use_provider, login, sanne):
    login(sanne)
    assert client.post("/auth/logout").headers["Location"] == "/auth/login"


def test_oidc_only_mode_refuses_passwords(app, client, use_provider, sanne):
    use_provider(AUTH_MODE="oidc")
    page = client.get("/auth/login").text
    assert "Inloggen met Gemeente Voorbeeld" in page
    assert 'name="password"' not in page
    client.post("/auth/login", data={"email": email_of(app, sanne), "password": PASSWORD})
    assert client.get("/").status_code == 302


def test_local_mode_offers_no_single_sign_on(app, client, use_provider):
    use_provider(AUTH_MODE="local")
    assert "Inloggen met" not in client.get("/auth/login").text
    assert client.get("/auth/oidc/inloggen").status_code == 404
    assert client.get("/auth/oidc/callback").status_code == 404


def test_provider_out_of_reach_gives_a_clear_message(app, client, use_provider):
    use_provider(OIDC_ISSUER="http://127.0.0.1:9")
    app.extensions.pop("pop_oidc", None)  # the next request registers the client anew
    response = client.get("/auth/oidc/inloggen")
    assert response.headers["Location"] == "/auth/login"
    assert "nu niet bereikbaar" in client.get("/auth/login").text
