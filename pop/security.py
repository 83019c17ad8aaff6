"""Security headers, the proxy in front, the session cookie and loading the logged-in user."""

from flask import Flask, Response, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from pop.auth import second_factor, sessions
from pop.auth.throttle import check_storage_setting
from pop.config import CONTENT_SECURITY_POLICY
from pop.extensions import login_manager
from pop.models import User

HSTS = "max-age=31536000; includeSubDomains"
PRODUCTION_COOKIE_NAME = "__Host-pop_session"  # Secure, Path=/ and no Domain: this host only


def _add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_user.is_authenticated and request.endpoint != "static":
        # Personal data must not stay behind in a browser's or a proxy's cache.
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
        response.headers.pop("Last-Modified", None)
        response.headers.pop("ETag", None)
    return response


def _add_hsts(response: Response) -> Response:
    response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


# What someone who still has to set up a second factor may reach meanwhile.
OPEN_WITHOUT_SECOND_FACTOR = frozenset(
    {"static", "mfa.setup", "auth.logout", "main.set_language", "main.health"}
)


def _require_second_factor():
    """Roles that need a second factor reach nothing but its set-up page until it is done."""
    if request.endpoint in OPEN_WITHOUT_SECOND_FACTOR or not current_user.is_authenticated:
        return None
    if sessions.second_factor_given() or not second_factor.required_for(current_user):
        return None
    return redirect(url_for("mfa.setup"))


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return sessions.load_user(user_id)


def init_app(app: Flask) -> None:
    check_storage_setting(app.config.get("RATELIMIT_STORAGE_URI"))
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Log in om deze pagina te zien.")
    login_manager.login_message_category = "info"
    # The server-side session is the protection; the client address may change behind proxies.
    login_manager.session_protection = None
    app.before_request(_require_second_factor)
    app.after_request(_add_security_headers)
    if app.config["ENV"] == "production":
        app.config["SESSION_COOKIE_NAME"] = PRODUCTION_COOKIE_NAME
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
        app.after_request(_add_hsts)
