"""Logging in with the organisation's account: OpenID Connect through Authlib.

Authorization Code flow with PKCE (S256); Authlib reads the provider's discovery document,
keeps state, nonce and code verifier in the session and checks the id_token's signature against
the provider's JWKS, its issuer, audience, expiry and nonce. Who the person is in POP is decided
by `pop.auth.sso`. Log-out also ends the session at the provider when it offers that
(RP-initiated logout).

Authlib (with joserfc, cryptography's JOSE and requests: some 18 MB in every worker) is imported
by the first request that talks to the provider, not when the app is created.
"""

import threading
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from pop.auth import sessions, sso
from pop.auth.events import security_event
from pop.config import CONTENT_SECURITY_POLICY
from pop.extensions import db
from pop.redirects import safe_next

bp = Blueprint("oidc", __name__, url_prefix="/auth/oidc")

CLIENT_NAME = "organisation"
ID_TOKEN_KEY = "oidc_id_token"  # noqa: S105  (a session key, not a secret)
NEXT_KEY = "oidc_next"
AUTH_MODES = ("local", "oidc", "both")
_OAUTH_LOCK = threading.Lock()


def oidc_enabled() -> bool:
    config = current_app.config
    return (
        config["AUTH_MODE"] in ("oidc", "both")
        and bool(config.get("OIDC_ISSUER"))
        and bool(config.get("OIDC_CLIENT_ID"))
    )


def password_login_enabled() -> bool:
    return current_app.config["AUTH_MODE"] in ("local", "both") or not oidc_enabled()


def organisation_name() -> str:
    return current_app.config.get("OIDC_ORGANISATION_NAME") or _("je organisatie")


def _provider_errors() -> tuple[type[Exception], ...]:
    """What Authlib and requests raise when the provider cannot be reached or answers wrongly."""
    from authlib.common.errors import AuthlibBaseError
    from requests import RequestException

    return AuthlibBaseError, RequestException


def _oauth() -> Any:
    """Authlib's registry for this app, made (and Authlib imported) on first use."""
    oauth = current_app.extensions.get("pop_oidc")
    if oauth is None:
        from authlib.integrations.flask_client import OAuth

        with _OAUTH_LOCK:
            oauth = current_app.extensions.get("pop_oidc")
            if oauth is None:
                oauth = OAuth()
                oauth.init_app(current_app._get_current_object())
                current_app.extensions["pop_oidc"] = oauth
    return oauth


def _client() -> Any:
    """The Authlib client, registered on first use from the configuration then in force."""
    oauth = _oauth()
    client = oauth.create_client(CLIENT_NAME)
    if client is None:
        config = current_app.config
        oauth.register(
            CLIENT_NAME,
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config.get("OIDC_CLIENT_SECRET"),
            server_metadata_url=config["OIDC_ISSUER"].rstrip("/")
            + "/.well-known/openid-configuration",
            client_kwargs={
                "scope": config["OIDC_SCOPES"],
                "code_challenge_method": "S256",
                "timeout": 15,
            },
        )
        client = oauth.create_client(CLIENT_NAME)
    return client


def init_app(app: Flask) -> None:
    mode = app.config["AUTH_MODE"]
    if mode not in AUTH_MODES:
        raise RuntimeError(f"POP_AUTH_MODE must be one of {', '.join(AUTH_MODES)}, not {mode!r}.")

    @app.after_request
    def _allow_logout_at_provider(response):
        # The log-out form's redirect to the provider is a form action the browser checks.
        if oidc_enabled() and "Content-Security-Policy" not in response.headers:
            issuer = urlsplit(app.config["OIDC_ISSUER"])
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
                "form-action 'self'", f"form-action 'self' {issuer.scheme}://{issuer.netloc}"
            )
        return response

    @app.context_processor
    def _login_choices() -> dict[str, Any]:
        return {
            "oidc_login": oidc_enabled(),
            "password_login": password_login_enabled(),
            "oidc_organisation": organisation_name(),
        }


def _back_to_login(message: str):
    flash(message, "error")
    return redirect(url_for("auth.login"))


@bp.get("/inloggen")
def login():
    if not oidc_enabled():
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        return _client().authorize_redirect(url_for("oidc.callback", _external=True))
    except (*_provider_errors(), ValueError, KeyError):
        current_app.logger.exception("OpenID Connect: the provider could not be reached")
        return _back_to_login(
            _("De inlogdienst van je organisatie is nu niet bereikbaar. Probeer het later opnieuw.")
        )


@bp.get("/callback")
def callback():
    if not oidc_enabled():
        abort(404)
    from authlib.integrations.base_client.errors import MismatchingStateError
    from joserfc.errors import JoseError

    config = current_app.config
    client = _client()
    try:
        token = client.authorize_access_token(leeway=config["OIDC_CLOCK_LEEWAY"])
    except MismatchingStateError:
        return _back_to_login(
            _("Deze aanmelding is verlopen of niet hier begonnen. Probeer opnieuw in te loggen.")
        )
    except (*_provider_errors(), JoseError, ValueError, KeyError) as error:
        current_app.logger.warning("OpenID Connect: log-in refused: %r", error)
        return _back_to_login(
            _("De inlogdienst kon niet bevestigen wie je bent. Probeer opnieuw in te loggen.")
        )
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub") or "id_token" not in token:
        return _back_to_login(
            _("De inlogdienst kon niet bevestigen wie je bent. Probeer opnieuw in te loggen.")
        )
    names = sso.ClaimNames(
        email=config["OIDC_EMAIL_CLAIM"],
        name=config["OIDC_NAME_CLAIM"],
        employee_number=config["OIDC_EMPLOYEE_NUMBER_CLAIM"],
    )
    claims = _with_userinfo(client, token, claims, names)
    issuer = client.load_server_metadata().get("issuer") or config["OIDC_ISSUER"]
    try:
        person = sso.person_for_login(
            issuer,
            claims,
            names=names,
            link_by=config["OIDC_LINK_BY"],
            create_people=bool(config["OIDC_CREATE_PEOPLE"]),
            organisation=organisation_name(),
        )
    except sso.LoginRefused as refusal:
        db.session.rollback()
        return _back_to_login(refusal.message)
    target = session.pop(NEXT_KEY, None)
    # The provider's own multi-factor authentication stands in for POP's second factor.
    sessions.log_in(person, second_factor="idp")
    security_event("login", person, changes={"via": "oidc"})
    db.session.commit()
    session[ID_TOKEN_KEY] = token["id_token"]
    return redirect(target or url_for("main.home"))


def _with_userinfo(client: Any, token: dict, claims: dict, names: sso.ClaimNames) -> dict:
    """Claims the id_token left out (as many providers do), from the userinfo endpoint."""
    wanted = (names.email, names.name, names.employee_number)
    if all(name in claims for name in wanted):
        return claims
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    try:
        extra = dict(client.userinfo(token=token))
    except (*_provider_errors(), ValueError):
        current_app.logger.warning("OpenID Connect: userinfo could not be read")
        return claims
    if extra.get("sub") != claims["sub"]:
        return claims  # answers about someone else are ignored (OIDC Core 5.3.2)
    return {**extra, **claims}


def provider_logout_url() -> str | None:
    """Where to send the browser so that the provider ends its session too, if it can."""
    id_token = session.pop(ID_TOKEN_KEY, None)
    if id_token is None or not oidc_enabled():
        return None
    client = _client()
    try:
        if not client.load_server_metadata().get("end_session_endpoint"):
            return None
        return client.create_logout_url(
            post_logout_redirect_uri=url_for("auth.login", _external=True),
            id_token_hint=id_token,
        )["url"]
    except (*_provider_errors(), ValueError, RuntimeError):
        current_app.logger.warning("OpenID Connect: no logout at the provider")
        return None
