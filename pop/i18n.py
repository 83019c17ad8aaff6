"""Language choice: Dutch unless the user picked English (remembered per user, or per session)."""

from flask import Flask, current_app, has_request_context, session
from flask_babel import format_percent, get_locale
from flask_login import current_user

from pop.catalogue_text import catalogue_text
from pop.extensions import babel
from pop.resources import TRANSLATIONS
from pop.translation import install_template_callables


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # commands and services called directly: the default
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    install_template_callables(app)
    app.jinja_env.globals["current_language"] = lambda: str(get_locale())
    app.add_template_filter(catalogue_text, "catalogue")
    app.add_template_filter(percentage, "percentage")


def percentage(value: float | None) -> str:
    """A figure in percent (18.2) as the reader's language writes it, to one decimal at most."""
    if value is None:
        return "—"
    return format_percent(value / 100, "#,##0.#%")
