"""Error pages in the user's language, and the clear message for too many log-in attempts.

Besides the HTTP errors, two kinds of failure get a page instead of a 500: a write that
collided with another person's (409, showing what the visitor typed so that nothing is lost)
and a number too large for the database (404: no such object can exist).
"""

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm.exc import StaleDataError

from pop.concurrency import WriteConflict, is_write_conflict
from pop.extensions import db
from pop.forms import InvalidRequest
from pop.models.signed import SignedRecordError

# Fields of a form that carry no typing of the visitor's own.
_MACHINE_FIELDS = {"csrf_token", "version", "next"}


def _typed_input() -> list[tuple[str, str]]:
    """What the visitor typed into the form that could not be saved, to show it back."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in _MACHINE_FIELDS and value.strip()
    ]


def _conflict_page(error: BaseException):
    current_app.logger.warning("write conflict on %s %s: %s", request.method, request.path, error)
    return render_template(
        "errors/conflict.html",
        title=_("Tegelijk gewijzigd"),
        message=getattr(error, "message", None)
        or _(
            "Iemand anders heeft dit op hetzelfde moment gewijzigd, daarom is je wijziging niet "
            "opgeslagen. Je invoer staat hieronder: laad de pagina opnieuw en probeer het nog "
            "eens."
        ),
        typed=_typed_input(),
    ), 409


def _is_out_of_range(error: BaseException) -> bool:
    """A number the database cannot hold (SQLite: OverflowError; PostgreSQL: 22003)."""
    original = getattr(error, "orig", error)
    if isinstance(original, OverflowError):
        return True
    return getattr(original, "sqlstate", None) == "22003"


def init_app(app: Flask) -> None:
    @app.errorhandler(403)
    def forbidden(error):
        return render_template(
            "errors/error.html",
            title=_("Geen toegang"),
            message=_("Je mag dit wel zien, maar niet wijzigen."),
        ), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template(
            "errors/error.html",
            title=_("Pagina niet gevonden"),
            message=_("Deze pagina bestaat niet, of je hebt er geen toegang toe."),
        ), 404

    @app.errorhandler(413)
    def too_large(error):
        return render_template(
            "errors/error.html",
            title=_("Bestand te groot"),
            message=_("Het verstuurde bestand is groter dan is toegestaan."),
        ), 413

    @app.errorhandler(429)
    def too_many_requests(error):
        return render_template(
            "errors/error.html",
            title=_("Te veel pogingen"),
            message=_(
                "Je hebt te vaak geprobeerd in te loggen. Wacht een minuut en probeer het opnieuw."
            ),
        ), 429

    @app.errorhandler(InvalidRequest)
    def invalid_request(error):
        return render_template(
            "errors/error.html", title=_("Ongeldig verzoek"), message=error.message
        ), 400

    @app.errorhandler(WriteConflict)
    @app.errorhandler(StaleDataError)
    def write_conflict(error):
        db.session.rollback()
        return _conflict_page(error)

    @app.errorhandler(SignedRecordError)
    def signed_record(error):
        db.session.rollback()
        current_app.logger.warning("refused change to a signed record: %s", error)
        return render_template(
            "errors/error.html",
            title=_("Verslag ondertekend"),
            message=_(
                "Dit verslag is door beiden ondertekend en verandert niet meer. Een aanvulling "
                "kan als gedateerde toevoeging onder het verslag."
            ),
        ), 409

    @app.errorhandler(OverflowError)
    def number_out_of_range(error):
        db.session.rollback()
        return not_found(error)

    @app.errorhandler(DBAPIError)
    @app.errorhandler(StatementError)
    def database_refused(error):
        db.session.rollback()
        if is_write_conflict(error):
            return _conflict_page(error)
        if _is_out_of_range(error):
            return not_found(error)
        state = getattr(error.orig, "sqlstate", None)
        if state == "23000" and "signed" in str(error.orig):  # the PostgreSQL triggers
            return signed_record(error)
        # 22001: longer than a column's type; "is longer than": the triggers of pop.models.limits
        if state == "22001" or "is longer than" in str(error.orig):
            return render_template(
                "errors/error.html",
                title=_("Ongeldig verzoek"),
                message=_("Een van de velden is langer dan is toegestaan."),
            ), 400
        raise error

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template(
            "errors/error.html",
            title=_("Formulier verlopen"),
            message=_("Het formulier was verlopen of onvolledig. Laad de pagina opnieuw."),
        ), 400
