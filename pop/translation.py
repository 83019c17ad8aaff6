"""This request's translations, found once per request instead of once per string.

Flask-Babel finds the catalogue anew for every string it translates (the domain, the locale and
the catalogue, each through Flask's context proxies), which costs many times the look-up in the
catalogue itself; a team page of forty rows translates hundreds of strings. Here the catalogue
that Flask-Babel chose is kept on Flask-Babel's own per-request state (`babel_translations`),
which `flask_babel.refresh()` and `force_locale()` reset, so a change of language within a
request is seen exactly as before. POP has one translation domain.
"""

from functools import cache, cached_property, lru_cache

import flask_babel
from babel import Locale, numbers
from flask import Flask, g
from flask_babel import Babel, Domain, get_domain, get_locale
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup


def translations():
    """The current request's catalogue (outside an app context: Flask-Babel's untranslated one)."""
    try:
        state = g._get_current_object()  # the proxy's attribute look-up is ten times slower
    except RuntimeError:  # outside an app context
        return Domain.get_translations(get_domain())
    found = getattr(getattr(state, "_flask_babel", None), "babel_translations", None)
    if found is None:
        found = Domain.get_translations(get_domain())  # Flask-Babel's own look-up
        state._flask_babel.babel_translations = found  # the state get_domain() made
    return found


def N_(text: str) -> str:
    """Mark a message for extraction by translation tools; it is translated when shown."""
    return text


def gettext(string: str, **variables) -> str:
    """Flask-Babel's `gettext`, on the per-request catalogue."""
    translated = translations().ugettext(string)
    return translated % variables if variables else translated


@pass_eval_context
def template_gettext(eval_context: EvalContext, string: str, /, **variables) -> str:
    """The templates' `_` and `gettext`: Jinja's newstyle gettext, the same text, called directly.

    Jinja's own goes from `_` through the context to `gettext` and through the context again to
    the catalogue, and formats every message, with variables or without; a page calls it
    hundreds of times. As there, the message is markup in an autoescaped template (so the
    variables are escaped) and a format string ("%%" is "%"); one without a "%" and without
    variables comes back as it is, the same text unformatted. Its own parameters are
    positional, so a template's variable may be called `string` too.
    """
    translated = translations().ugettext(string)
    if eval_context.autoescape:
        translated = Markup(translated)  # noqa: S704  (our own catalogue, as Jinja does)
    return translated % variables if variables or "%" in translated else translated


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's `ngettext` (`num` is available as `%(num)d`), on the per-request catalogue."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def current_locale() -> Locale | None:
    """Flask-Babel's `get_locale()`, read from its per-request state once it has chosen."""
    try:
        state = g._get_current_object()
    except RuntimeError:
        return None
    found = getattr(getattr(state, "_flask_babel", None), "babel_locale", None)
    return found if found is not None else get_locale()


class RequestDomain(Domain):
    """Flask-Babel's domain, finding the catalogue once per request."""

    def get_translations(self):
        return translations()


@cache
def _number_pattern(locale: Locale, format: str | None) -> numbers.NumberPattern:
    """A number format (the locale's own when `format` is None), parsed once per process."""
    return numbers.parse_pattern(locale.decimal_formats[None] if format is None else format)


@cache
def _percent_pattern(locale: Locale) -> numbers.NumberPattern:
    """The locale's percentage format, parsed once per process."""
    return numbers.parse_pattern(locale.percent_formats[None])


def format_decimal(number, format: str | None = None) -> str:
    """Flask-Babel's `format_decimal` (the templates' `decimalformat`), the same text, with the
    locale read from the per-request state and the pattern parsed once instead of per number."""
    locale = current_locale()
    if locale is None:
        return flask_babel.format_decimal(number, format)
    return _formatted_decimal(number, format, locale)


@lru_cache(maxsize=4096, typed=True)
def _formatted_decimal(number, format: str | None, locale: Locale) -> str:
    """A number as the locale writes it: the same figures come back on every page (progress,
    counts), so each is formatted once per format and locale."""
    return numbers.format_decimal(number, format=_number_pattern(locale, format), locale=locale)


def format_percent(number) -> str:
    """Flask-Babel's `format_percent` (0.25 is "25%"), the same text, with the locale read from
    the per-request state and its pattern parsed once."""
    locale = current_locale()
    if locale is None:
        return flask_babel.format_percent(number)
    return _formatted_percent(number, locale)


@lru_cache(maxsize=4096, typed=True)
def _formatted_percent(number, locale: Locale) -> str:
    """A share as the locale writes it, formatted once per share and locale (see above)."""
    return numbers.format_percent(number, format=_percent_pattern(locale), locale=locale)


class RequestBabel(Babel):
    """Flask-Babel whose default domain is a RequestDomain."""

    @cached_property
    def domain_instance(self) -> Domain:
        return RequestDomain(domain=self.domain)


def install_template_callables(app: Flask) -> None:
    """Templates' `_`, `ngettext`, `pgettext` and `npgettext`, on the per-request catalogue."""
    environment = app.jinja_env
    environment.install_gettext_callables(
        gettext=lambda string: translations().ugettext(string),
        ngettext=lambda singular, plural, n: translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: translations().unpgettext(
            context, singular, plural, n
        ),
    )
    # `_` and `gettext` straight to the catalogue (see template_gettext): they replace Jinja's
    # alias and its wrapper of the `gettext` above, which Jinja's call requires.
    environment.globals.update({"_": template_gettext, "gettext": template_gettext})
    app.add_template_filter(format_decimal, "decimalformat")
