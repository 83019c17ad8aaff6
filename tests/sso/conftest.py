"""A real OpenID Connect provider on 127.0.0.1 for POP as the Flask test client serves it."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import OidcLink, User
from tests.oidc_provider import CLIENT_SECRET, running_provider, sign_in_at_provider

TEST_CLIENT_BASE = "http://localhost"
ACCOUNTS = {
    "sub-sanne": {"email": "sanne@gemeente.nl", "email_verified": True, "name": "Sanne"},
    "sub-onbekend": {"email": "nieuw@gemeente.nl", "email_verified": True, "name": "Nieuw Iemand"},
    "sub-oud": {"email": "oud@gemeente.nl", "email_verified": True, "name": "Oud Collega"},
    "sub-nummer": {"email": "ander@gemeente.nl", "name": "Nummer", "employee_number": "E00042"},
    "sub-baas": {"email": "baas@gemeente.nl", "email_verified": True, "roles": ["admin"]},
}


@pytest.fixture
def provider():
    with running_provider([TEST_CLIENT_BASE], ACCOUNTS) as issuer:
        yield issuer


@pytest.fixture
def use_provider(app, provider):
    """Switch the app to single sign-on with this provider and client."""

    def configure(client_id: str = "pop", **settings) -> None:
        app.config.update(
            {
                "AUTH_MODE": "both",
                "OIDC_ISSUER": provider,
                "OIDC_CLIENT_ID": client_id,
                "OIDC_CLIENT_SECRET": CLIENT_SECRET,
                "OIDC_SCOPES": "openid email profile employee",
                "OIDC_ORGANISATION_NAME": "Gemeente Voorbeeld",
                **settings,
            }
        )

    configure()
    return configure


@pytest.fixture
def start_login(client, use_provider):
    """POP's redirect to the provider: the authorize URL it built."""

    def start(next_url: str | None = None) -> str:
        query = f"?next={next_url}" if next_url else ""
        response = client.get(f"/auth/oidc/inloggen{query}")
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    return start


@pytest.fixture
def log_in_as(client, start_login):
    """The whole flow: POP → provider (as `sub`) → POP's callback; returns POP's answer."""

    def log_in(sub: str, *, tamper=None):
        authorize_url = start_login()
        if tamper is not None:
            authorize_url = tamper(authorize_url)
        callback = sign_in_at_provider(authorize_url, sub, f"{TEST_CLIENT_BASE}/auth/oidc/")
        if tamper is not None and getattr(tamper, "on_callback", False):
            callback = tamper.on_callback(callback)
        return client.get(callback.removeprefix(TEST_CLIENT_BASE))

    return log_in


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(User.id))),
            db.session.scalar(select(func.count(OidcLink.id))),
        )
