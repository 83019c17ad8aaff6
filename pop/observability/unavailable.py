"""Database away: the app's own 503 page in the user's language (JSON for machine endpoints),
with Retry-After, and one log line per failure instead of a traceback.
"""

from contextlib import suppress

from flask import (
    Flask,
    current_app,
    g,
    has_request_context,
    jsonify,
    render_template,
    request,
    session,
)
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from pop.extensions import db, login_manager

MACHINE_PATHS = ("/healthz", "/readyz", "/metrics")


def wants_json() -> bool:
    if request.path in MACHINE_PATHS or request.path.startswith(("/api/", "/scim/")):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def _language() -> str:
    """The visitor's language without the database: their session's choice, else the default."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


# How far this request's last commit got, for the 503 page of a form: "committing" once the
# COMMIT is sent (then nobody knows whether it was stored), "committed" once it returned.
COMMITTING, COMMITTED = "committing", "committed"


def _commit_sent(connection: Connection) -> None:
    if has_request_context():
        g.commit_state = COMMITTING


def _committed(session: Session) -> None:
    if has_request_context():
        g.commit_state = COMMITTED


def database_unavailable(error: Exception):
    with suppress(Exception):  # the connection is gone; the session is dropped at teardown
        db.session.rollback()
    original = getattr(error, "orig", None) or error
    first_line = (str(original).strip().splitlines() or [""])[0][:300]
    g.failure = f"database unavailable: {original.__class__.__name__}: {first_line}"
    retry_after = str(current_app.config["DATABASE_RETRY_AFTER"])
    headers = {"Retry-After": retry_after, "Cache-Control": "no-store"}
    if wants_json():
        return jsonify(status="unavailable", database="unreachable"), 503, headers
    # Flask-Login's template context loads the user; the page must not ask the database.
    g._login_user = login_manager.anonymous_user()
    with force_locale(_language()):
        page = render_template(
            "errors/unavailable.html",
            retry_after=retry_after,
            commit_state=g.get("commit_state"),
        )
    return page, 503, headers


def end_session(exception: BaseException | None = None) -> None:
    """End the request's session, even when the database closed its connection meanwhile.

    The answer is made by then: a connection lost after it (PostgreSQL stopped between the
    view and the teardown) must not turn it into a 500. The pool has already thrown the
    dead connection away; one line says so.
    """
    try:
        db.session.remove()
    except (OperationalError, InterfaceError) as error:
        original = getattr(error, "orig", None) or error
        first_line = (str(original).strip().splitlines() or [""])[0][:300]
        current_app.logger.warning(
            "database connection lost at the end of the request: %s: %s",
            original.__class__.__name__,
            first_line,
        )
        db.session.remove()  # the transaction is gone with its connection: this one closes


def init_app(app: Flask) -> None:
    if not event.contains(Connection, "commit", _commit_sent):
        event.listen(Connection, "commit", _commit_sent)
        event.listen(Session, "after_commit", _committed)
    for error_class in (OperationalError, InterfaceError, PoolTimeout):
        app.register_error_handler(error_class, database_unavailable)
    # Teardowns run last-registered first: this one before Flask-SQLAlchemy's own.
    app.teardown_appcontext(end_session)
