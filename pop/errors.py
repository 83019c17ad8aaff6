"""Error pages in the user's language, and the clear message for too many log-in attempts."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError


def init_app(app: Flask) -> None:
    @app.errorhandler(403)
    def forbidden(error):
        return render_template(
            "errors/error.html",
            title=_("Geen toegang"),
            message=_("U mag dit wel zien, maar niet wijzigen."),
        ), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template(
            "errors/error.html",
            title=_("Pagina niet gevonden"),
            message=_("Deze pagina bestaat niet, of u heeft er geen toegang toe."),
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
                "U heeft te vaak geprobeerd in te loggen. Wacht een minuut en probeer het opnieuw."
            ),
        ), 429

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template(
            "errors/error.html",
            title=_("Formulier verlopen"),
            message=_("Het formulier was verlopen of onvolledig. Laad de pagina opnieuw."),
        ), 400
